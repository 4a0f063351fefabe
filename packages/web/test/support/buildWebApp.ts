// Builds the web app from the current sources into a folder of its own. Browser tests run in
// parallel (the `browser` and `stack` vitest projects), and Vite empties its output folder before
// writing: sharing packages/web/dist made one test's server answer 404 while another built.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const webRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Returns the folder holding the built app (index.html and assets). */
export async function buildWebApp(): Promise<string> {
  const outDir = mkdtempSync(path.join(tmpdir(), "datalab-web-"));
  await build({
    root: webRoot,
    configFile: path.join(webRoot, "vite.config.ts"),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
