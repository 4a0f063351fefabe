// Files on disk for the S3 upload benches: a folder of small random files, one large file.
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { once } from "node:events";

/** `count` files of `bytes` random bytes in `folder`/d0..d9; returns their relative paths. */
export function writeSmallFiles(folder: string, count: number, bytes: number): string[] {
  const relative = Array.from({ length: count }, (_, i) => `d${i % 10}/f${i}.bin`);
  for (const r of relative) {
    mkdirSync(path.dirname(path.join(folder, r)), { recursive: true });
    writeFileSync(path.join(folder, r), randomBytes(bytes));
  }
  return relative;
}

/** A file of `bytes` (a random MiB repeated: S3 and the clients do not compress). */
export async function writeLargeFile(file: string, bytes: number): Promise<void> {
  const chunk = randomBytes(1024 * 1024);
  const out = createWriteStream(file);
  for (let written = 0; written < bytes; written += chunk.length) {
    const part = written + chunk.length <= bytes ? chunk : chunk.subarray(0, bytes - written);
    if (!out.write(part)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}
