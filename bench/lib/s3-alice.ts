// What the S3 benches share: alice's STS session on the stack's MinIO through our adapter (the
// explorer's code path), a plain SDK client and the `aws` CLI (the reference client, PyPI's
// awscli) with the same credentials, and small helpers (timing, load average, parallel puts).
import { execFile, spawn } from "node:child_process";
import { loadavg } from "node:os";
import { promisify } from "node:util";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { s3Adapter } from "../../packages/web/src/core/adapters/s3Client.ts";
import {
  deleteSelection,
  listAll,
} from "../../packages/web/src/core/usecases/s3/explorerActions.ts";
import {
  openProfileSession,
  regionS3Profiles,
} from "../../packages/web/src/core/usecases/s3/profiles.ts";
import { S3_ENDPOINT, S3_REGION, stackS3RegionData } from "../../stack/components/minio/config.ts";
import { getToken } from "../../stack/components/oidc/index.ts";

/** alice's bucket: her STS policy reaches `user-alice` only (stack/components/minio/policies.ts). */
export const BUCKET = "user-alice";

/** The region's S3 entry, as `.stack/onyxia.yaml` gives it (STS on MinIO, no role ARN). */
export const regionData = stackS3RegionData();

export const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Runs `action` and returns its duration in ms. */
export async function timed(action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  return performance.now() - start;
}

export async function openAliceS3() {
  const token = await getToken("alice");
  const { profiles } = regionS3Profiles(regionData, { preferred_username: "alice" });
  const ours = openProfileSession(profiles[0]!, {
    getAccessToken: async () => token,
    adapter: s3Adapter,
  }).client;
  const credentials = (await ours.currentCredentials())!;
  const sdk = new S3Client({
    endpoint: S3_ENDPOINT,
    region: S3_REGION,
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: "WHEN_REQUIRED",
  });
  const awsEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken ?? "",
    AWS_DEFAULT_REGION: S3_REGION,
  };
  const awsArgs = (args: string[]) => ["--endpoint-url", S3_ENDPOINT, ...args];
  const run = promisify(execFile);
  return {
    ours,
    sdk,
    /** Runs `aws <args>` (the reference client) with alice's credentials. */
    aws: (...args: string[]) => run("aws", awsArgs(args), { env: awsEnv, maxBuffer: 1 << 26 }),
    /** Like `aws`, also timing the first bytes on stdout (the reference's "first screen"). */
    awsStreamed(...args: string[]): Promise<{ firstOutputMs: number; ms: number; lines: number }> {
      return new Promise((resolve, reject) => {
        const start = performance.now();
        let firstOutputMs: number | undefined;
        let lines = 0;
        const child = spawn("aws", awsArgs(args), {
          env: awsEnv,
          stdio: ["ignore", "pipe", "pipe"],
        });
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => {
          firstOutputMs ??= performance.now() - start;
          for (const byte of chunk) if (byte === 10) lines += 1;
        });
        child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
        child.on("error", reject);
        child.on("close", (code) =>
          code === 0
            ? resolve({ firstOutputMs: firstOutputMs ?? NaN, ms: performance.now() - start, lines })
            : reject(new Error(`aws ${args.join(" ")} exited with ${code}: ${stderr}`)),
        );
      });
    },
    /** How many objects are below `prefix`. */
    async count(prefix: string): Promise<number> {
      return (await listAll({ s3: ours }, BUCKET, prefix, { recursive: true, log: false })).objects
        .length;
    },
    /** PutObject of each key, `concurrency` in flight. */
    async putMany(keys: readonly string[], body: (key: string) => Uint8Array, concurrency: number) {
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < keys.length) {
            const key = keys[next++]!;
            await sdk.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body(key) }));
          }
        }),
      );
    },
    /** Deletes everything below `prefix` and closes the SDK client. */
    async cleanUp(prefix: string) {
      await deleteSelection({ s3: ours }, BUCKET, { keys: [], prefixes: [prefix] });
      sdk.destroy();
    },
  };
}

export type AliceS3 = Awaited<ReturnType<typeof openAliceS3>>;
