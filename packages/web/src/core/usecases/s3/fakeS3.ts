// An in-memory S3ClientPort: buckets of keys, a bucket policy, pagination like S3 (sorted keys,
// delimiter, continuation tokens) and hooks to inject faults.
import { objectKeyProblem } from "@onyxia-ts/core";
import { S3Error, type S3ClientPort, type S3ListPage } from "../../ports/s3.ts";

export interface FakeS3 extends S3ClientPort {
  buckets: Map<string, Map<string, Uint8Array>>;
  policies: Map<string, string>;
  calls: string[];
  /** Called before every operation; throw to inject a fault. */
  beforeCall?: (operation: string, bucket: string) => void;
  /** Called inside an upload, after progress 0; lets a test cancel mid-flight. */
  duringUpload?: (key: string) => Promise<void>;
}

export function createFakeS3(bucketNames: string[], pageSize = 1000): FakeS3 {
  const buckets = new Map(bucketNames.map((b) => [b, new Map<string, Uint8Array>()]));
  const bucket = (fake: FakeS3, name: string, op: string) => {
    fake.calls.push(`${op} ${name}`);
    fake.beforeCall?.(op, name);
    const found = fake.buckets.get(name);
    if (!found) throw new S3Error("noSuchBucket", `bucket ${name} does not exist`, "NoSuchBucket");
    return found;
  };
  const fake: FakeS3 = {
    buckets,
    policies: new Map(),
    calls: [],
    endpoint: { url: "https://fake-s3", region: "us-east-1", pathStyleAccess: true },
    async listPage(args): Promise<S3ListPage> {
      const b = bucket(fake, args.bucket, "list");
      const keys = [...b.keys()].filter((k) => k.startsWith(args.prefix)).sort();
      const entries: { name: string; prefix: boolean }[] = [];
      const seen = new Set<string>();
      for (const key of keys) {
        const rest = key.slice(args.prefix.length);
        const slash = args.delimiter ? rest.indexOf("/") : -1;
        if (slash >= 0) {
          const p = args.prefix + rest.slice(0, slash + 1);
          if (!seen.has(p)) {
            seen.add(p);
            entries.push({ name: p, prefix: true });
          }
        } else entries.push({ name: key, prefix: false });
      }
      const start = args.continuationToken ? Number(args.continuationToken) : 0;
      const size = Math.min(args.maxKeys ?? pageSize, pageSize);
      const page = entries.slice(start, start + size);
      return {
        prefixes: page.filter((e) => e.prefix).map((e) => e.name),
        objects: page
          .filter((e) => !e.prefix)
          .map((e) => ({ key: e.name, size: b.get(e.name)!.byteLength })),
        ...(start + size < entries.length ? { nextToken: String(start + size) } : {}),
      };
    },
    async headObject(name, key) {
      const data = bucket(fake, name, "head").get(key);
      return data ? { key, size: data.byteLength } : undefined;
    },
    async upload(args) {
      const b = bucket(fake, args.bucket, "upload");
      const problem = objectKeyProblem(args.key);
      if (problem) throw new S3Error("invalidName", problem);
      args.onProgress?.({ loaded: 0, total: args.body.size });
      await fake.duringUpload?.(args.key);
      if (args.signal?.aborted) throw new S3Error("cancelled", "cancelled");
      const data = new Uint8Array(await args.body.arrayBuffer());
      b.set(args.key, data);
      args.onProgress?.({ loaded: data.byteLength, total: data.byteLength });
    },
    async getObject(name, key, options) {
      const stored = bucket(fake, name, "get").get(key);
      if (!stored) throw new S3Error("notFound", `no ${key}`, "NoSuchKey");
      const range = options?.range;
      const data = !range
        ? stored
        : "suffix" in range
          ? stored.slice(Math.max(0, stored.byteLength - range.suffix))
          : stored.slice(range.start, range.end + 1);
      return {
        body: new Blob([data as Uint8Array<ArrayBuffer>]).stream(),
        size: data.byteLength,
        ...(range ? { objectSize: stored.byteLength } : {}),
      };
    },
    async deleteObjects(name, keys) {
      const b = bucket(fake, name, `delete(${keys.length})`);
      if (keys.length > 1000) throw new Error("more than 1000 keys");
      for (const k of keys) b.delete(k);
      return { failed: [] };
    },
    async copyObject(name, from, to) {
      const b = bucket(fake, name, "copy");
      const data = b.get(from);
      if (!data) throw new S3Error("notFound", `no ${from}`);
      b.set(to, data);
    },
    async createBucket(name) {
      fake.calls.push(`createBucket ${name}`);
      buckets.set(name, new Map());
    },
    async presignGet(name, key, seconds) {
      bucket(fake, name, "presign");
      return `https://fake-s3/${name}/${key}?X-Amz-Expires=${seconds}&X-Amz-Signature=sig`;
    },
    publicUrl: (name, key) => `https://fake-s3/${name}/${key}`,
    async getBucketPolicy(name) {
      bucket(fake, name, "getPolicy");
      return fake.policies.get(name);
    },
    async putBucketPolicy(name, policy) {
      bucket(fake, name, "putPolicy");
      JSON.parse(policy);
      fake.policies.set(name, policy);
    },
    async deleteBucketPolicy(name) {
      bucket(fake, name, "deletePolicy");
      fake.policies.delete(name);
    },
    async currentCredentials() {
      return { accessKeyId: "AK", secretAccessKey: "SK", sessionToken: "TOKEN" };
    },
  };
  return fake;
}

export const text = (s: string) => new Blob([s]);
export const put = (fake: FakeS3, bucketName: string, key: string, content = "x") =>
  fake.buckets.get(bucketName)!.set(key, new TextEncoder().encode(content));

/** The user's bookmarks kept in memory (`text` is the stored `s3BookmarksStr`). */
export function memoryBookmarks(durable = false) {
  const box: { text: string | null } = { text: null };
  return Object.assign(box, {
    owner: (): string | undefined => "alice",
    durable: () => durable,
    load: async () => box.text,
    save: async (text: string) => void (box.text = text),
  });
}
