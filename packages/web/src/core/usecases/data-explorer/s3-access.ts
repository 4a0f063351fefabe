// The data explorer's way into S3, through the S3 feature (no client of its own): the profiles of
// the session (the region's, with STS AssumeRoleWithWebIdentity on the user's OIDC token, and the
// user's own), the credentials they hold, and their client to save a result.
//
// DuckDB-WASM reads s3:// sources with its own S3 settings (it signs each request with an
// Authorization header), so the credentials are never in a URL the user sees, in the history or in
// the server's logs; the duckdb command line shown reads them from the environment.
import { s3ScopeOf, type S3UseCase, type S3Scope } from "../s3/s3UseCase.ts";
import type { SessionUseCase } from "../session/sessionStore.ts";
import type { ProfileSession } from "../s3/profiles.ts";
import { S3Error } from "../../ports/s3.ts";
import { DataExplorerError } from "./errors.ts";
import type { S3Access, S3AccessProvider, S3RangeReader } from "./source.ts";

export interface S3Bridge {
  /** Credentials and endpoint to read `bucket` (DuckDB's S3 settings). */
  access: S3AccessProvider;
  /** Part of an object, read through the S3 feature's client (requests signed in headers). */
  read: S3RangeReader;
  /** Writes `bytes` to `s3://bucket/key` with the profile that reads the bucket. */
  upload(target: { bucket: string; key: string }, bytes: Uint8Array, type: string): Promise<void>;
}

/** Whether a profile's bookmarks (or working directory) point into `bucket`. */
function covers(session: ProfileSession, bucket: string): boolean {
  return session.profile.bookmarks.some((b) => b.s3UriWithoutScheme.split("/")[0] === bucket);
}

/**
 * The profile for `bucket`: one whose bookmarks name it, else the session's default profile. The
 * region's default profile is the user's own STS identity, which MinIO's policies scope to the
 * user's and their groups' buckets.
 */
async function profileFor(
  s3: Pick<S3UseCase, "profiles">,
  scope: () => S3Scope,
  bucket: string,
): Promise<ProfileSession> {
  const view = await s3.profiles(scope());
  const chosen =
    view.sessions.find((session) => covers(session, bucket)) ??
    view.sessions.find((session) => session.profile.profileName === view.defaultProfileName) ??
    view.sessions[0];
  if (!chosen)
    throw new DataExplorerError(
      "access-denied",
      "No S3 profile is available to read s3:// sources: this region has no S3 configuration, and you have not added a profile in My files.",
    );
  return chosen;
}

function fromS3Error(error: unknown, what: string): DataExplorerError {
  if (error instanceof DataExplorerError) return error;
  if (error instanceof S3Error) {
    const kind =
      error.kind === "accessDenied" || error.kind === "expiredCredentials"
        ? "access-denied"
        : error.kind === "notFound" || error.kind === "noSuchBucket"
          ? "not-found"
          : error.kind === "cancelled"
            ? "cancelled"
            : "network";
    return new DataExplorerError(kind, `${what}: ${error.message}`, error.code);
  }
  return new DataExplorerError(
    "access-denied",
    `${what}: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** The bridge over the S3 use case; `scope` is read at each call (the project may change). */
export function createS3Bridge(
  s3: Pick<S3UseCase, "profiles" | "credentials">,
  scope: () => S3Scope,
): S3Bridge {
  return {
    async access({ bucket, key }): Promise<S3Access> {
      let session: ProfileSession;
      try {
        session = await profileFor(s3, scope, bucket);
      } catch (error) {
        throw fromS3Error(error, "No S3 credentials");
      }
      // A HEAD through the S3 feature first: a clear "refused"/"missing" before DuckDB reads, the
      // size, and credentials renewed if they had expired.
      let size: number;
      try {
        const head = await session.client.headObject(bucket, key);
        if (!head)
          throw new DataExplorerError("not-found", `s3://${bucket}/${key} does not exist.`);
        size = head.size;
      } catch (error) {
        throw fromS3Error(error, `s3://${bucket}/${key} cannot be read`);
      }
      let credentials;
      try {
        credentials = await s3.credentials(session);
      } catch (error) {
        throw fromS3Error(error, "The S3 credentials could not be obtained (STS)");
      }
      return {
        endpoint: session.client.endpoint.url,
        region: session.client.endpoint.region,
        size,
        ...(credentials
          ? {
              credentials: {
                accessKeyId: credentials.accessKeyId,
                secretAccessKey: credentials.secretAccessKey,
                ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
                ...(credentials.expiration
                  ? { expiration: credentials.expiration.toISOString() }
                  : {}),
              },
            }
          : {}),
      };
    },
    async read({ bucket, key }, range, signal) {
      try {
        const session = await profileFor(s3, scope, bucket);
        const { body, objectSize } = await session.client.getObject(bucket, key, {
          range,
          ...(signal ? { signal } : {}),
        });
        return { bytes: new Uint8Array(await new Response(body).arrayBuffer()), objectSize };
      } catch (error) {
        throw fromS3Error(error, `s3://${bucket}/${key} cannot be read`);
      }
    },
    async upload({ bucket, key }, bytes, type) {
      try {
        const session = await profileFor(s3, scope, bucket);
        await session.client.upload({
          bucket,
          key,
          body: new Blob([bytes as BlobPart], { type }),
          contentType: type,
        });
      } catch (error) {
        throw fromS3Error(error, `s3://${bucket}/${key} could not be written`);
      }
    },
  };
}

/**
 * The bridge for the session's scope once it is loaded (configuration, user, project): what a read
 * started with the app uses before the page exists. Its scope is the one the page computes
 * (s3ScopeOf), so both reach the same profile session: one client, one STS cache.
 */
export async function s3BridgeWhenLoaded(
  s3: Pick<S3UseCase, "profiles" | "credentials" | "prefetchAdapter">,
  session: Pick<SessionUseCase, "whenLoaded" | "currentProject">,
  disablePersonalInfosInjectionInGroup: boolean,
): Promise<S3Bridge> {
  s3.prefetchAdapter();
  const loaded = await session.whenLoaded();
  const scope = s3ScopeOf(
    {
      region: loaded.configuration.regions?.[0],
      project: session.currentProject(),
      userInfo: loaded.userInfo,
    },
    disablePersonalInfosInjectionInGroup,
  );
  return createS3Bridge(s3, () => scope);
}
