// S3 upload benchmark against the stack's MinIO, as alice with STS credentials, in one run:
//  1. a folder of N small files: our upload queue (the explorer's path: key checks, existing-keys
//     listing, 4 uploads in flight) vs plain SDK PutObject (4 in flight) vs `aws s3 cp --recursive`;
//  2. one large file: our adapter (lib-storage multipart, 8 MiB parts, 4 in flight) vs
//     `aws s3 cp` vs the plain SDK lib-storage Upload with its defaults.
// Run (stack up): node --import tsx bench/s3-upload.ts
//   env BENCH_FILES (default 1000), BENCH_FILE_KIB (4), BENCH_LARGE_MIB (256)
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, openAsBlob, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { s3Adapter } from "../packages/web/src/core/adapters/s3Client.ts";
import { deleteSelection, listAll } from "../packages/web/src/core/usecases/s3/explorerActions.ts";
import {
  openProfileSession,
  regionS3Profiles,
} from "../packages/web/src/core/usecases/s3/profiles.ts";
import { createUploadQueue, planUpload } from "../packages/web/src/core/usecases/s3/uploadQueue.ts";
import { S3_ENDPOINT, S3_REGION } from "../stack/components/minio/config.ts";
import { getToken } from "../stack/components/oidc/index.ts";

const run = promisify(execFile);
const files = Number(process.env["BENCH_FILES"] ?? 1000);
const fileKiB = Number(process.env["BENCH_FILE_KIB"] ?? 4);
const largeMiB = Number(process.env["BENCH_LARGE_MIB"] ?? 256);
const BUCKET = "user-alice";
const root = `bench-s3-${randomBytes(3).toString("hex")}`;

const token = await getToken("alice");
const { profiles } = regionS3Profiles(
  {
    S3: {
      URL: S3_ENDPOINT,
      region: S3_REGION,
      pathStyleAccess: true,
      sts: {
        durationSeconds: 3600,
        role: { profileName: "default", roleARN: "", roleSessionName: "bench" },
      },
    },
  },
  { preferred_username: "alice" },
);
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
const aws = (...args: string[]) =>
  run("aws", ["--endpoint-url", S3_ENDPOINT, "--only-show-errors", ...args], {
    env: awsEnv,
    maxBuffer: 1 << 24,
  });

// The data, on disk (the CLI reads files; we read the same files as Blobs).
const work = mkdtempSync(path.join(tmpdir(), "bench-s3-"));
const folder = path.join(work, "folder");
for (let i = 0; i < files; i++) {
  const dir = path.join(folder, `d${i % 10}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `f${i}.bin`), randomBytes(fileKiB * 1024));
}
const large = path.join(work, "large.bin");
{
  const chunk = randomBytes(1024 * 1024);
  const parts: Buffer[] = [];
  for (let i = 0; i < largeMiB; i++) parts.push(chunk);
  writeFileSync(large, Buffer.concat(parts));
}
const relative = Array.from({ length: files }, (_, i) => `d${i % 10}/f${i}.bin`);

async function time(what: string, action: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await action();
  const ms = performance.now() - start;
  console.log(`  ${what.padEnd(44)} ${(ms / 1000).toFixed(2)} s`);
  return ms;
}

async function count(prefix: string): Promise<number> {
  return (await listAll({ s3: ours }, BUCKET, prefix, { recursive: true, log: false })).objects
    .length;
}

console.log(
  `S3 upload benchmark — MinIO ${S3_ENDPOINT}, ${cpus().length} cores, load ${loadavg()[0]!.toFixed(2)}`,
);
console.log(`\n1. a folder of ${files} files of ${fileKiB} KiB`);
const items = await Promise.all(
  relative.map(async (r) => ({
    relativePath: `folder/${r}`,
    file: await openAsBlob(path.join(folder, r)),
  })),
);
const oursSmall = await time("ours (upload queue, 4 in flight)", async () => {
  const ctx = { s3: ours };
  const queue = createUploadQueue(ctx, { concurrency: 4 });
  queue.enqueue(await planUpload(ctx, BUCKET, `${root}/ours/`, items));
  await queue.idle();
  const failed = queue.snapshot().tasks.filter((t) => t.status !== "done");
  if (failed.length > 0)
    throw new Error(`${failed.length} uploads failed: ${failed[0]?.error?.message}`);
});
const sdkSmall = await time("plain SDK PutObject (4 in flight)", async () => {
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < items.length) {
        const item = items[next++]!;
        await sdk.send(
          new PutObjectCommand({
            Bucket: BUCKET,
            Key: `${root}/sdk/${item.relativePath}`,
            Body: new Uint8Array(await item.file.arrayBuffer()),
          }),
        );
      }
    }),
  );
});
const cliSmall = await time("aws s3 cp --recursive (awscli v1)", () =>
  aws("s3", "cp", "--recursive", folder, `s3://${BUCKET}/${root}/cli/folder/`),
);
for (const who of ["ours", "sdk", "cli"]) {
  const n = await count(`${root}/${who}/`);
  if (n !== files) throw new Error(`${who}: ${n} objects uploaded, expected ${files}`);
}

console.log(`\n2. one file of ${largeMiB} MiB`);
const blob = await openAsBlob(large);
const oursLarge = await time("ours (multipart 8 MiB parts, 4 in flight)", () =>
  ours.upload({ bucket: BUCKET, key: `${root}/large-ours.bin`, body: blob }),
);
const cliLarge = await time("aws s3 cp (awscli v1)", () =>
  aws("s3", "cp", large, `s3://${BUCKET}/${root}/large-cli.bin`),
);
const sdkLarge = await time("plain SDK lib-storage Upload (defaults)", () =>
  new Upload({
    client: sdk,
    params: { Bucket: BUCKET, Key: `${root}/large-sdk.bin`, Body: blob.stream() },
  }).done(),
);
for (const key of ["large-ours.bin", "large-cli.bin", "large-sdk.bin"]) {
  const head = await ours.headObject(BUCKET, `${root}/${key}`);
  if (head?.size !== largeMiB * 1024 * 1024) throw new Error(`${key}: size ${head?.size}`);
}

const mibps = (ms: number) => ((largeMiB / ms) * 1000).toFixed(1);
console.log("\nResults (lower time is better; ratio = ours / reference)");
console.log(
  `  small files: ours ${(oursSmall / 1000).toFixed(2)} s; ×${(oursSmall / cliSmall).toFixed(2)} of aws s3 cp, ×${(oursSmall / sdkSmall).toFixed(2)} of plain SDK (goal ≤ 1.5× the reference client)`,
);
console.log(
  `  large file:  ours ${mibps(oursLarge)} MiB/s, aws s3 cp ${mibps(cliLarge)} MiB/s, plain SDK ${mibps(sdkLarge)} MiB/s; ours = ${((100 * cliLarge) / oursLarge).toFixed(0)} % of aws s3 cp's throughput (goal ≥ 80 %)`,
);

await deleteSelection({ s3: ours }, BUCKET, { keys: [], prefixes: [`${root}/`] });
rmSync(work, { recursive: true, force: true });
sdk.destroy();
