// The S3 port: what the explorer, the profile panel and the launcher need from S3 and STS, with
// errors already classified. The AWS SDK adapter (adapters/s3Client.ts, loaded on demand)
// implements it; unit tests use an in-memory fake (usecases/s3/fakeS3.ts).

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export interface S3ObjectInfo {
  key: string;
  size: number;
  lastModified?: Date;
  etag?: string;
}

export interface S3ListPage {
  /** Common prefixes (folders) ending in "/"; empty without a delimiter. */
  prefixes: string[];
  objects: S3ObjectInfo[];
  /** Present when there is another page. */
  nextToken?: string;
}

export interface S3ListArgs {
  bucket: string;
  prefix: string;
  /** "/" lists one level (folders as prefixes); undefined lists every key below. */
  delimiter?: "/";
  continuationToken?: string;
  maxKeys?: number;
  signal?: AbortSignal;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface S3UploadArgs {
  bucket: string;
  key: string;
  body: Blob;
  contentType?: string;
  onProgress?: (progress: UploadProgress) => void;
  /** Aborting cancels the upload; a started multipart upload is aborted (no half object). */
  signal?: AbortSignal;
}

export interface S3GetResult {
  body: ReadableStream<Uint8Array>;
  size: number;
  /** The whole object's size, when a range was asked for (from Content-Range). */
  objectSize?: number;
  contentType?: string;
  lastModified?: Date;
}

export type S3ErrorKind =
  | "noSuchBucket"
  | "notFound"
  | "accessDenied"
  | "expiredCredentials"
  | "invalidName"
  | "tooLarge"
  | "unreachable"
  | "cancelled"
  | "other";

/** An S3 failure, classified so the UI can show the right panel. */
export class S3Error extends Error {
  readonly kind: S3ErrorKind;
  /** S3's error code when there is one (e.g. "NoSuchBucket"). */
  readonly code: string | undefined;
  constructor(kind: S3ErrorKind, message: string, code?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "S3Error";
    this.kind = kind;
    this.code = code;
  }
}

/** Bytes `start`..`end` (inclusive), or the last `suffix` bytes (the object's size is then learnt). */
export type S3ByteRange = { start: number; end: number } | { suffix: number };

export interface S3ClientPort {
  /** Endpoint facts, for commands, snippets and public URLs. */
  readonly endpoint: { url: string; region: string; pathStyleAccess: boolean };
  listPage(args: S3ListArgs): Promise<S3ListPage>;
  /** undefined when the object does not exist. */
  headObject(bucket: string, key: string): Promise<S3ObjectInfo | undefined>;
  upload(args: S3UploadArgs): Promise<void>;
  getObject(
    bucket: string,
    key: string,
    options?: { range?: S3ByteRange; signal?: AbortSignal },
  ): Promise<S3GetResult>;
  /** At most 1000 keys (S3's limit per request); returns the keys that failed. */
  deleteObjects(
    bucket: string,
    keys: readonly string[],
  ): Promise<{ failed: { key: string; message: string }[] }>;
  copyObject(bucket: string, fromKey: string, toKey: string): Promise<void>;
  createBucket(bucket: string): Promise<void>;
  presignGet(bucket: string, key: string, expiresInSeconds: number): Promise<string>;
  /** The unsigned URL (works when the object is public). */
  publicUrl(bucket: string, key: string): string;
  /** The policy JSON, or undefined when the bucket has none. */
  getBucketPolicy(bucket: string): Promise<string | undefined>;
  putBucketPolicy(bucket: string, policy: string): Promise<void>;
  deleteBucketPolicy(bucket: string): Promise<void>;
  /** The credentials in use (undefined for anonymous access), renewed if needed. */
  currentCredentials(): Promise<S3Credentials | undefined>;
}

/** Where a client's credentials come from. */
export type CredentialsSource =
  | { kind: "anonymous" }
  | { kind: "static"; credentials: S3Credentials }
  | {
      kind: "sts";
      get: () => Promise<S3Credentials>;
      invalidate: () => void;
    };

export interface S3ClientOptions {
  url: string;
  region: string;
  pathStyleAccess: boolean;
  credentials: CredentialsSource;
  /** Part size for multipart uploads (adjusted up for huge files). */
  partSize?: number;
  /** Parts in flight per multipart upload. */
  partConcurrency?: number;
}

export interface AssumeRoleRequest {
  stsUrl: string;
  region: string;
  webIdentityToken: string;
  durationSeconds: number;
  roleArn?: string;
  roleSessionName: string;
}

/** STS AssumeRoleWithWebIdentity (unsigned, with the user's OIDC access token). */
export type AssumeRoleWithWebIdentity = (request: AssumeRoleRequest) => Promise<S3Credentials>;

/** What the adapter module provides; bootstrap hands a loader of it to the S3 use cases. */
export interface S3Adapter {
  createClient(options: S3ClientOptions): S3ClientPort;
  assumeRole: AssumeRoleWithWebIdentity;
}
