// Temporary credentials from STS AssumeRoleWithWebIdentity with a fresh OIDC access token,
// cached until 90 % of their lifetime (as Onyxia does) and renewed on the next use, without
// a reload. Concurrent callers share one STS request.
import type { KeyValueStorage } from "../../ports/keyValueStorage.ts";
import type { AssumeRoleWithWebIdentity, S3Credentials } from "../../ports/s3.ts";

export interface StsCredentialsOptions {
  stsUrl: string;
  region: string;
  durationSeconds: number;
  roleArn?: string;
  roleSessionName: string;
  /** Returns a fresh OIDC access token (the STS-specific client's if the region sets one). */
  getAccessToken: () => Promise<string>;
  assumeRole: AssumeRoleWithWebIdentity;
  now?: () => number;
  /** Where to keep credentials across page loads (sessionStorage in the browser). */
  storage?: KeyValueStorage;
  storageKey?: string;
}

export interface StsCredentialsProvider {
  get(): Promise<S3Credentials>;
  /** Forgets the cached credentials (e.g. S3 said they expired); the next get() renews. */
  invalidate(): void;
  /** When the cached credentials will be renewed (ms since epoch), if any are cached. */
  renewAt(): number | undefined;
}

export const RENEW_AT_FRACTION = 0.9;

interface Cached {
  credentials: S3Credentials;
  renewAt: number;
}

export function createStsCredentialsProvider(
  options: StsCredentialsOptions,
): StsCredentialsProvider {
  const now = options.now ?? Date.now;
  let cached: Cached | undefined = readStored();
  let pending: Promise<S3Credentials> | undefined;

  function readStored(): Cached | undefined {
    if (!options.storage || !options.storageKey) return undefined;
    try {
      const raw = options.storage.getItem(options.storageKey);
      if (!raw) return undefined;
      const parsed = JSON.parse(raw) as {
        credentials: S3Credentials & { expiration?: string };
        renewAt: number;
      };
      const { expiration, ...rest } = parsed.credentials;
      return {
        credentials: { ...rest, ...(expiration ? { expiration: new Date(expiration) } : {}) },
        renewAt: parsed.renewAt,
      };
    } catch {
      return undefined;
    }
  }

  async function renew(): Promise<S3Credentials> {
    const issuedAt = now();
    const credentials = await options.assumeRole({
      stsUrl: options.stsUrl,
      region: options.region,
      webIdentityToken: await options.getAccessToken(),
      durationSeconds: options.durationSeconds,
      ...(options.roleArn ? { roleArn: options.roleArn } : {}),
      roleSessionName: options.roleSessionName,
    });
    const expiresAt =
      credentials.expiration?.getTime() ?? issuedAt + options.durationSeconds * 1000;
    cached = { credentials, renewAt: issuedAt + (expiresAt - issuedAt) * RENEW_AT_FRACTION };
    if (options.storage && options.storageKey) {
      try {
        options.storage.setItem(options.storageKey, JSON.stringify(cached));
      } catch {
        // storage full or disabled: the in-memory cache still works
      }
    }
    return credentials;
  }

  return {
    async get() {
      if (cached && now() < cached.renewAt) return cached.credentials;
      pending ??= renew().finally(() => {
        pending = undefined;
      });
      return pending;
    },
    invalidate() {
      cached = undefined;
      if (options.storage && options.storageKey) options.storage.setItem(options.storageKey, "");
    },
    renewAt: () => cached?.renewAt,
  };
}
