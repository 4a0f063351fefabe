// Builds the pinned MinIO server into the cache (stack/go/minio pins the module and its deps).
import fs from "node:fs";
import path from "node:path";
import type { StackContext } from "../../lib/component.ts";
import { goBuild } from "../../lib/go-build.ts";

/** The MinIO commit (pseudo-version) pinned in stack/go/minio/go.mod. */
export const MINIO_VERSION = "v0.0.0-20260212201848-7aac2a2c5b7c";

export const minioBinary = (ctx: StackContext) =>
  path.join(ctx.cacheDir, `minio-${MINIO_VERSION}`, "bin", "minio");

export async function buildMinio(ctx: StackContext): Promise<void> {
  if (fs.existsSync(minioBinary(ctx))) return;
  await goBuild({
    label: "minio",
    moduleDir: path.join(ctx.root, "stack", "go", "minio"),
    packages: ["github.com/minio/minio"],
    // Below the Kubernetes build (nice 10), which most stack tests wait for.
    niceness: 13,
    outDir: path.dirname(minioBinary(ctx)),
    log: ctx.log,
  });
}
