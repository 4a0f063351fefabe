// The S3 port on the AWS SDK v3: S3 and STS are called directly from the browser with the user's
// credentials (data never flows through our server). Runs in Node too (stack tests).
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketPolicyCommand,
  DeleteObjectsCommand,
  GetBucketPolicyCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { objectKeyProblem } from "@onyxia-ts/core";
import {
  S3Error,
  type AssumeRoleWithWebIdentity,
  type S3Adapter,
  type S3ClientOptions,
  type S3ClientPort,
  type S3ErrorKind,
  type S3ListPage,
  type S3UploadArgs,
} from "../ports/s3.ts";

const MiB = 1024 * 1024;
/** S3's limits: parts of 5 MiB to 5 GiB, at most 10,000 parts, objects up to 5 TiB. */
export const MIN_PART_SIZE = 5 * MiB;
export const MAX_PARTS = 10_000;
export const MAX_OBJECT_SIZE = 5 * 1024 * 1024 * MiB;
export const DEFAULT_PART_SIZE = 8 * MiB;
/** Parts of one multipart upload in flight. */
export const DEFAULT_PART_CONCURRENCY = 4;

/** A part size that keeps a file within 10,000 parts (rounded up to whole MiB). */
export function choosePartSize(size: number, preferred = DEFAULT_PART_SIZE): number {
  if (size > MAX_OBJECT_SIZE)
    throw new S3Error(
      "tooLarge",
      `the file is ${formatBytes(size)}; S3 objects are limited to 5 TiB`,
    );
  const needed = Math.ceil(size / MAX_PARTS / MiB) * MiB;
  return Math.max(preferred, MIN_PART_SIZE, needed);
}

export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const EXPIRED_CODES = new Set([
  "ExpiredToken",
  "ExpiredTokenException",
  "TokenRefreshRequired",
  "InvalidToken",
]);

/**
 * Signature V4 signs the SHA-256 of the body. In the browser the SDK hashes with WebCrypto only
 * up to 8 MiB and above that falls back to SHA-256 in JavaScript, on the main thread: a multipart
 * upload of 8 MiB parts ran at 2 MiB/s (bench/s3-browser-upload.ts). This hashes byte bodies with
 * WebCrypto whatever their size (native, off the main thread) in a build-step middleware and sets
 * the header, which the signer then uses as it is.
 */
async function hashPayloadWithWebCrypto(request: unknown): Promise<void> {
  const { headers, body } = request as { headers?: Record<string, string>; body?: unknown };
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !headers || !(body instanceof Uint8Array)) return;
  const digest = new Uint8Array(await subtle.digest("SHA-256", body as Uint8Array<ArrayBuffer>));
  headers["x-amz-content-sha256"] = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join(
    "",
  );
}

/** Classifies an SDK/network error. */
export function classifyError(error: unknown, what: string): S3Error {
  if (error instanceof S3Error) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = e?.name ?? "";
  const status = e?.$metadata?.httpStatusCode;
  const message = e?.message ?? String(error);
  let kind: S3ErrorKind = "other";
  if (name === "AbortError") kind = "cancelled";
  else if (name === "NoSuchBucket") kind = "noSuchBucket";
  else if (name === "NoSuchKey" || name === "NotFound" || status === 404) kind = "notFound";
  else if (EXPIRED_CODES.has(name)) kind = "expiredCredentials";
  else if (name === "AccessDenied" || name === "Forbidden" || status === 403) kind = "accessDenied";
  else if (
    name === "InvalidObjectName" ||
    name === "XMinioInvalidObjectName" ||
    name === "KeyTooLongError"
  )
    kind = "invalidName";
  else if (name === "EntityTooLarge") kind = "tooLarge";
  else if (
    error instanceof TypeError ||
    /ECONNREFUSED|ENOTFOUND|fetch failed|Failed to fetch|NetworkError/i.test(message)
  )
    kind = "unreachable";
  const text =
    kind === "unreachable"
      ? `${what}: S3 cannot be reached (${message})`
      : kind === "cancelled"
        ? `${what}: cancelled`
        : `${what}: ${message}`;
  return new S3Error(kind, text, error instanceof S3ServiceException ? name : undefined, {
    cause: error,
  });
}

/** STS AssumeRoleWithWebIdentity through the SDK: unsigned, as Onyxia's web does. */
export const sdkAssumeRoleWithWebIdentity: AssumeRoleWithWebIdentity = async (request) => {
  const sts = new STSClient({ endpoint: request.stsUrl, region: request.region });
  try {
    const { Credentials } = await sts.send(
      new AssumeRoleWithWebIdentityCommand({
        WebIdentityToken: request.webIdentityToken,
        DurationSeconds: request.durationSeconds,
        RoleSessionName: request.roleSessionName,
        // MinIO maps policies from the token's claim when there is no RoleArn.
        ...(request.roleArn ? { RoleArn: request.roleArn } : {}),
      } as ConstructorParameters<typeof AssumeRoleWithWebIdentityCommand>[0]),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey)
      throw new S3Error("other", "STS answered without credentials");
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      ...(Credentials.SessionToken ? { sessionToken: Credentials.SessionToken } : {}),
      ...(Credentials.Expiration ? { expiration: Credentials.Expiration } : {}),
    };
  } catch (error) {
    const classified = classifyError(error, "Getting S3 credentials from STS");
    throw classified.kind === "accessDenied" || classified.kind === "other"
      ? new S3Error(classified.kind, classified.message, classified.code, { cause: error })
      : classified;
  } finally {
    sts.destroy();
  }
};

const noStoreForRanges = (request: { headers: Record<string, string> }): RequestInit =>
  Object.keys(request.headers).some((name) => name.toLowerCase() === "range")
    ? { cache: "no-store" }
    : {};

export function createAwsS3Client(options: S3ClientOptions): S3ClientPort {
  const source = options.credentials;
  const endpointUrl = options.url.replace(/\/+$/, "");
  // The SDK's browser build sends requests with fetch, which takes a Blob body; Node's does not.
  const sendsBlobs = typeof window !== "undefined" && typeof window.fetch === "function";
  const client = new S3Client({
    endpoint: endpointUrl,
    region: options.region,
    forcePathStyle: options.pathStyleAccess,
    // Ranges of an object (the data explorer's reads) neither from nor into the browser's HTTP
    // cache: MinIO's answers are heuristically cacheable, so a range read after an overwrite could
    // give the old bytes, and the cache rewrites a suffix range it holds part of. ("no-store" also
    // skips Chromium's CORS preflight cache, hence ranged reads only: listings keep it.)
    ...(sendsBlobs ? { requestHandler: { requestInit: noStoreForRanges } } : {}),
    // The SDK would otherwise add CRC checksums MinIO and older S3-compatibles may refuse.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(source.kind === "anonymous"
      ? {
          credentials: { accessKeyId: "", secretAccessKey: "" },
          signer: { sign: async (request) => request },
        }
      : source.kind === "static"
        ? { credentials: source.credentials }
        : {
            // The SDK memoizes a credentials function until 5 min before the expiration it is
            // given: reporting one a minute away makes it ask our provider before every request,
            // so our cache (90 % of the lifetime, invalidate on expiry) is the only one.
            credentials: async () => ({
              ...(await source.get()),
              expiration: new Date(Date.now() + 60_000),
            }),
          }),
  });

  if (source.kind !== "anonymous")
    client.middlewareStack.add(
      (next) => async (args) => (await hashPayloadWithWebCrypto(args.request), next(args)),
      { step: "build", name: "webCryptoPayloadHash" },
    );

  /** Runs `action`; on expired credentials renews them and retries once. */
  async function withRenewal<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      const classified = classifyError(error, what);
      const stsMaybeExpired =
        source.kind === "sts" &&
        (classified.kind === "expiredCredentials" ||
          (error as { name?: string }).name === "InvalidAccessKeyId");
      if (!stsMaybeExpired) throw classified;
      source.invalidate();
      try {
        return await action();
      } catch (retryError) {
        throw classifyError(retryError, what);
      }
    }
  }

  function checkKey(key: string): void {
    const problem = objectKeyProblem(key);
    if (problem) throw new S3Error("invalidName", problem);
  }

  async function abortLeftoverMultipart(bucket: string, key: string, since: Date): Promise<void> {
    const { Uploads } = await client.send(
      new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: key }),
    );
    for (const upload of Uploads ?? []) {
      if (upload.Key !== key || !upload.UploadId) continue;
      if (upload.Initiated && upload.Initiated.getTime() < since.getTime() - 60_000) continue;
      await client.send(
        new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: upload.UploadId }),
      );
    }
  }

  /**
   * A multipart upload whose parts are slices of the file (`Blob.slice`, nothing read yet):
   * `partConcurrency` parts in flight, each request renewed and retried once on expired
   * credentials, progress after each part, and on cancel or failure the parts in flight
   * stopped and the upload aborted. In the browser a part is sent as the Blob itself: fetch
   * streams it from the file, with no copy and no work on the main thread (lib-storage's Upload,
   * used before, read every part into memory: a 1 GiB file at ~75 % of `aws s3 cp`'s throughput
   * with the main thread busy, bench/s3-browser-upload.ts). A Blob body is signed
   * `UNSIGNED-PAYLOAD`, as the AWS CLI signs uploads over HTTPS. Node's HTTP handler sends no
   * Blob: there a part is read into bytes (and hashed).
   */
  async function multipartUpload(
    args: S3UploadArgs,
    size: number,
    partSize: number,
    what: string,
  ): Promise<void> {
    const { bucket: Bucket, key: Key } = args;
    const stop = new AbortController();
    const signal = args.signal ? AbortSignal.any([args.signal, stop.signal]) : stop.signal;
    const { UploadId } = await withRenewal(what, () =>
      client.send(
        new CreateMultipartUploadCommand({
          Bucket,
          Key,
          ...(args.contentType ? { ContentType: args.contentType } : {}),
        }),
        { abortSignal: signal },
      ),
    );
    if (!UploadId) throw new S3Error("other", `${what}: S3 answered without an upload id`);
    const count = Math.ceil(size / partSize);
    const parts: { PartNumber: number; ETag: string }[] = [];
    let next = 0;
    let loaded = 0;
    const sendPart = async (index: number) => {
      const slice = args.body.slice(index * partSize, Math.min(size, (index + 1) * partSize));
      const Body = sendsBlobs ? slice : new Uint8Array(await slice.arrayBuffer());
      const { ETag } = await withRenewal(what, () =>
        client.send(
          new UploadPartCommand({
            Bucket,
            Key,
            UploadId,
            PartNumber: index + 1,
            Body,
            ContentLength: slice.size,
          }),
          { abortSignal: signal },
        ),
      );
      if (!ETag)
        throw new S3Error("other", `${what}: S3 answered part ${index + 1} without an ETag`);
      parts[index] = { PartNumber: index + 1, ETag };
      loaded += slice.size;
      args.onProgress?.({ loaded, total: size });
    };
    try {
      await Promise.all(
        Array.from(
          { length: Math.min(options.partConcurrency ?? DEFAULT_PART_CONCURRENCY, count) },
          async () => {
            while (next < count && !signal.aborted) await sendPart(next++);
            if (signal.aborted) throw new S3Error("cancelled", `${what}: cancelled`);
          },
        ),
      );
      await withRenewal(what, () =>
        client.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key,
            UploadId,
            MultipartUpload: { Parts: parts },
          }),
        ),
      );
    } catch (error) {
      stop.abort();
      await client
        .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  async function upload(args: S3UploadArgs): Promise<void> {
    checkKey(args.key);
    const size = args.body.size;
    const partSize = choosePartSize(size, options.partSize);
    const what = `Uploading ${args.key}`;
    if (args.signal?.aborted) throw new S3Error("cancelled", `${what}: cancelled`);
    args.onProgress?.({ loaded: 0, total: size });
    if (size <= partSize) {
      // One request, aborted with the signal: S3 keeps no object from an interrupted PUT.
      const body = sendsBlobs ? args.body : new Uint8Array(await args.body.arrayBuffer());
      await withRenewal(what, () =>
        client.send(
          new PutObjectCommand({
            Bucket: args.bucket,
            Key: args.key,
            Body: body,
            ContentLength: size,
            ...(args.contentType ? { ContentType: args.contentType } : {}),
          }),
          args.signal ? { abortSignal: args.signal } : {},
        ),
      );
      args.onProgress?.({ loaded: size, total: size });
      return;
    }
    const started = new Date();
    try {
      await multipartUpload(args, size, partSize, what);
    } catch (error) {
      if (args.signal?.aborted || (error as S3Error).kind === "cancelled") {
        // The multipart upload was aborted; parts in flight when it was may land just after: look
        // again, so no parts are left behind (and never a visible half object).
        await abortLeftoverMultipart(args.bucket, args.key, started).catch(() => undefined);
        throw new S3Error("cancelled", `${what}: cancelled`, undefined, { cause: error });
      }
      throw error;
    }
  }

  return {
    endpoint: {
      url: endpointUrl,
      region: options.region,
      pathStyleAccess: options.pathStyleAccess,
    },

    async listPage(args): Promise<S3ListPage> {
      const out = await withRenewal(`Listing s3://${args.bucket}/${args.prefix}`, () =>
        client.send(
          new ListObjectsV2Command({
            Bucket: args.bucket,
            Prefix: args.prefix,
            ...(args.delimiter ? { Delimiter: args.delimiter } : {}),
            ...(args.continuationToken ? { ContinuationToken: args.continuationToken } : {}),
            ...(args.maxKeys ? { MaxKeys: args.maxKeys } : {}),
          }),
          args.signal ? { abortSignal: args.signal } : {},
        ),
      );
      return {
        prefixes: (out.CommonPrefixes ?? []).flatMap((p) => (p.Prefix ? [p.Prefix] : [])),
        objects: (out.Contents ?? []).flatMap((o) =>
          o.Key === undefined
            ? []
            : [
                {
                  key: o.Key,
                  size: o.Size ?? 0,
                  ...(o.LastModified ? { lastModified: o.LastModified } : {}),
                  ...(o.ETag ? { etag: o.ETag } : {}),
                },
              ],
        ),
        ...(out.IsTruncated && out.NextContinuationToken
          ? { nextToken: out.NextContinuationToken }
          : {}),
      };
    },

    async headObject(bucket, key) {
      try {
        const out = await withRenewal(`Reading s3://${bucket}/${key}`, () =>
          client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })),
        );
        return {
          key,
          size: out.ContentLength ?? 0,
          ...(out.LastModified ? { lastModified: out.LastModified } : {}),
          ...(out.ETag ? { etag: out.ETag } : {}),
        };
      } catch (error) {
        if (error instanceof S3Error && error.kind === "notFound") return undefined;
        throw error;
      }
    },

    upload,

    async getObject(bucket, key, getOptions) {
      const out = await withRenewal(`Downloading s3://${bucket}/${key}`, () =>
        client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            ...(getOptions?.range
              ? {
                  Range:
                    "suffix" in getOptions.range
                      ? `bytes=-${getOptions.range.suffix}`
                      : `bytes=${getOptions.range.start}-${getOptions.range.end}`,
                }
              : {}),
          }),
          getOptions?.signal ? { abortSignal: getOptions.signal } : {},
        ),
      );
      if (!out.Body) throw new S3Error("other", `Downloading s3://${bucket}/${key}: empty answer`);
      const objectSize = /\/(\d+)\s*$/.exec(out.ContentRange ?? "")?.[1];
      return {
        body: out.Body.transformToWebStream() as ReadableStream<Uint8Array>,
        size: out.ContentLength ?? 0,
        ...(objectSize ? { objectSize: Number(objectSize) } : {}),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
        ...(out.LastModified ? { lastModified: out.LastModified } : {}),
      };
    },

    async deleteObjects(bucket, keys) {
      if (keys.length === 0) return { failed: [] };
      if (keys.length > 1000) throw new Error("deleteObjects takes at most 1000 keys");
      const out = await withRenewal(`Deleting in s3://${bucket}`, () =>
        client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        ),
      );
      return {
        failed: (out.Errors ?? []).map((e) => ({
          key: e.Key ?? "",
          message: `${e.Code ?? "Error"}: ${e.Message ?? ""}`,
        })),
      };
    },

    async copyObject(bucket, fromKey, toKey) {
      checkKey(toKey);
      const source = `${bucket}/${fromKey}`.split("/").map(encodeURIComponent).join("/");
      await withRenewal(`Copying s3://${bucket}/${fromKey}`, () =>
        client.send(new CopyObjectCommand({ Bucket: bucket, Key: toKey, CopySource: source })),
      );
    },

    async createBucket(bucket) {
      await withRenewal(`Creating bucket ${bucket}`, () =>
        client.send(new CreateBucketCommand({ Bucket: bucket })),
      );
    },

    async presignGet(bucket, key, expiresInSeconds) {
      if (source.kind === "anonymous") return this.publicUrl(bucket, key);
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: expiresInSeconds,
      });
    },

    publicUrl(bucket, key) {
      const path = key.split("/").map(encodeURIComponent).join("/");
      if (options.pathStyleAccess) return `${endpointUrl}/${bucket}/${path}`;
      const url = new URL(endpointUrl);
      return `${url.protocol}//${bucket}.${url.host}/${path}`;
    },

    async getBucketPolicy(bucket) {
      try {
        const out = await withRenewal(`Reading the policy of ${bucket}`, () =>
          client.send(new GetBucketPolicyCommand({ Bucket: bucket })),
        );
        return out.Policy;
      } catch (error) {
        const code = (error as S3Error).code;
        if (code === "NoSuchBucketPolicy" || (error as S3Error).kind === "notFound")
          return undefined;
        throw error;
      }
    },

    async putBucketPolicy(bucket, policy) {
      await withRenewal(`Writing the policy of ${bucket}`, () =>
        client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })),
      );
    },

    async deleteBucketPolicy(bucket) {
      await withRenewal(`Deleting the policy of ${bucket}`, () =>
        client.send(new DeleteBucketPolicyCommand({ Bucket: bucket })),
      );
    },

    async currentCredentials() {
      if (source.kind === "anonymous") return undefined;
      if (source.kind === "static") return source.credentials;
      return source.get();
    },
  };
}

/** The adapter as the S3 use cases receive it (bootstrap loads this module on demand). */
export const s3Adapter: S3Adapter = {
  createClient: createAwsS3Client,
  assumeRole: sdkAssumeRoleWithWebIdentity,
};
