// S3 upload benchmark against the stack's MinIO, as alice with STS credentials, in one run, each
// comparison back to back and repeated (BENCH_RUNS rounds):
//  1. a folder of N small files: our upload queue (the explorer's path: key checks, existing-keys
//     listing, UPLOAD_CONCURRENCY uploads in flight) vs plain SDK PutObject (as many in flight) vs
//     `aws s3 cp --recursive` (the reference client: PyPI's awscli);
//  2. one large file: our adapter (lib-storage multipart, the explorer's part size and parts in
//     flight) vs `aws s3 cp` vs the plain SDK lib-storage Upload with its defaults.
// Run (stack up): node --import tsx bench/s3-upload.ts
//   env BENCH_FILES (default 1000), BENCH_FILE_KIB (4), BENCH_LARGE_MIB (1024), BENCH_RUNS (2)
import { randomBytes } from "node:crypto";
import { mkdtempSync, openAsBlob, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import {
  DEFAULT_PART_CONCURRENCY,
  DEFAULT_PART_SIZE,
} from "../packages/web/src/core/adapters/s3Client.ts";
import { UPLOAD_CONCURRENCY } from "../packages/web/src/core/usecases/s3/explorerStore.ts";
import { createUploadQueue, planUpload } from "../packages/web/src/core/usecases/s3/uploadQueue.ts";
import { S3_ENDPOINT } from "../stack/components/minio/config.ts";
import { BUCKET, load, openAliceS3, seconds, timed } from "./lib/s3-alice.ts";
import { writeLargeFile, writeSmallFiles } from "./lib/s3-files.ts";

const files = Number(process.env["BENCH_FILES"] ?? 1000);
const fileKiB = Number(process.env["BENCH_FILE_KIB"] ?? 4);
const largeMiB = Number(process.env["BENCH_LARGE_MIB"] ?? 1024);
const runs = Number(process.env["BENCH_RUNS"] ?? 2);
const root = `bench-s3-${randomBytes(3).toString("hex")}`;
const MiB = 1024 * 1024;

const s3 = await openAliceS3();
const { sdk } = s3;

// The data, on disk (the CLI reads files; we read the same files as Blobs).
const work = mkdtempSync(path.join(tmpdir(), "bench-s3-"));
const folder = path.join(work, "folder");
const relative = writeSmallFiles(folder, files, fileKiB * 1024);
const large = path.join(work, "large.bin");
await writeLargeFile(large, largeMiB * MiB);

const line = (what: string, ms: number, extra = "") =>
  console.log(`  ${what.padEnd(52)} ${seconds(ms)}${extra}`);

async function smallFiles(prefix: string) {
  const items = await Promise.all(
    relative.map(async (r) => ({
      relativePath: `folder/${r}`,
      file: await openAsBlob(path.join(folder, r)),
    })),
  );
  const ours = await timed(async () => {
    const ctx = { s3: s3.ours };
    const queue = createUploadQueue(ctx, { concurrency: UPLOAD_CONCURRENCY });
    queue.enqueue(await planUpload(ctx, BUCKET, `${prefix}ours/`, items));
    await queue.idle();
    const failed = queue.snapshot().tasks.filter((t) => t.status !== "done");
    if (failed.length > 0)
      throw new Error(`${failed.length} uploads failed: ${failed[0]?.error?.message}`);
  });
  line(`ours (upload queue, ${UPLOAD_CONCURRENCY} in flight)`, ours);
  const plain = await timed(async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: UPLOAD_CONCURRENCY }, async () => {
        while (next < items.length) {
          const item = items[next++]!;
          await sdk.send(
            new PutObjectCommand({
              Bucket: BUCKET,
              Key: `${prefix}sdk/${item.relativePath}`,
              Body: new Uint8Array(await item.file.arrayBuffer()),
            }),
          );
        }
      }),
    );
  });
  line(`plain SDK PutObject (${UPLOAD_CONCURRENCY} in flight)`, plain);
  const cli = await timed(() =>
    s3.aws(
      "s3",
      "cp",
      "--only-show-errors",
      "--recursive",
      folder,
      `s3://${BUCKET}/${prefix}cli/folder/`,
    ),
  );
  line("aws s3 cp --recursive (reference)", cli);
  for (const who of ["ours", "sdk", "cli"]) {
    const n = await s3.count(`${prefix}${who}/`);
    if (n !== files) throw new Error(`${who}: ${n} objects uploaded, expected ${files}`);
  }
  return { ours, plain, cli };
}

async function largeFile(prefix: string) {
  const blob = await openAsBlob(large);
  const ours = await timed(() =>
    s3.ours.upload({ bucket: BUCKET, key: `${prefix}large-ours.bin`, body: blob }),
  );
  line(
    `ours (multipart ${DEFAULT_PART_SIZE / MiB} MiB parts, ${DEFAULT_PART_CONCURRENCY} in flight)`,
    ours,
  );
  const cli = await timed(() =>
    s3.aws("s3", "cp", "--only-show-errors", large, `s3://${BUCKET}/${prefix}large-cli.bin`),
  );
  line("aws s3 cp (reference)", cli);
  const plain = await timed(() =>
    new Upload({
      client: sdk,
      params: { Bucket: BUCKET, Key: `${prefix}large-sdk.bin`, Body: blob.stream() },
    }).done(),
  );
  line("plain SDK lib-storage Upload (defaults: 5 MiB, 4)", plain);
  for (const key of ["large-ours.bin", "large-cli.bin", "large-sdk.bin"]) {
    const head = await s3.ours.headObject(BUCKET, `${prefix}${key}`);
    if (head?.size !== largeMiB * MiB) throw new Error(`${key}: size ${head?.size}`);
  }
  return { ours, plain, cli };
}

const mibps = (ms: number) => ((largeMiB / ms) * 1000).toFixed(1);
console.log(`S3 upload benchmark — MinIO ${S3_ENDPOINT}, ${cpus().length} cores, load ${load()}`);
const summary: string[] = [];
try {
  for (let r = 1; r <= runs; r++) {
    const prefix = `${root}/run-${r}/`;
    console.log(`\nround ${r}, a folder of ${files} files of ${fileKiB} KiB (load ${load()})`);
    const small = await smallFiles(prefix);
    console.log(`round ${r}, one file of ${largeMiB} MiB (load ${load()})`);
    const big = await largeFile(prefix);
    // The objects of this round go before the next one (1 GiB each on a shared disk).
    await s3.ours.deleteObjects(BUCKET, [
      `${prefix}large-ours.bin`,
      `${prefix}large-cli.bin`,
      `${prefix}large-sdk.bin`,
    ]);
    summary.push(
      `  round ${r}: small files ours ×${(small.ours / small.cli).toFixed(2)} of aws s3 cp --recursive (plain SDK ×${(small.plain / small.cli).toFixed(2)}); ` +
        `large file ours ${mibps(big.ours)} MiB/s = ${((100 * big.cli) / big.ours).toFixed(0)} % of aws s3 cp's ${mibps(big.cli)} MiB/s (plain SDK ${mibps(big.plain)} MiB/s)`,
    );
  }
} finally {
  await s3.cleanUp(`${root}/`);
  rmSync(work, { recursive: true, force: true });
}
console.log(
  `\nResults (load ${load()}; goals: small files ≤ 1.5× the reference's time, large file ≥ 80 % of its throughput)`,
);
console.log(summary.join("\n"));
