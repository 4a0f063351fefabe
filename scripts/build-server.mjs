#!/usr/bin/env node
/* global process, console, Buffer */
// Production build of the server: one esbuild bundle, packages/server/dist/main.js (+ .map), run
// by `npm run serve` / `npm start` with `node --enable-source-maps` so stack traces name the .ts
// lines. Every npm dependency is inlined, so the runtime (and the container image) needs no
// node_modules. `npm run dev` keeps running the sources through tsx.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { filterSourceMap } from "./lib/own-source-map.mjs";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
// `--outdir <dir>` builds elsewhere (the tests build into a scratch folder).
const outdirFlag = process.argv.indexOf("--outdir");
const outdir =
  outdirFlag > 0 && process.argv[outdirFlag + 1]
    ? path.resolve(process.argv[outdirFlag + 1])
    : path.join(repoRoot, "packages", "server", "dist");

// `--entry <file.ts>` bundles another entry point the same way (benchmarks measure their server
// processes as production runs them).
const entryFlag = process.argv.indexOf("--entry");
const entry =
  entryFlag > 0 && process.argv[entryFlag + 1]
    ? process.argv[entryFlag + 1]
    : "packages/server/src/main.ts";

/**
 * pino() asks for its callers' file names (util.getCallSites) on every logger it creates, to
 * resolve relative `transport` targets. The server configures no transport, and under
 * --enable-source-maps that call decodes the whole bundle's source map at start (6 MiB of heap,
 * kept for the process's life, for nothing). In the bundle it answers "no callers".
 */
const pinoWithoutCallers = {
  name: "pino-without-callers",
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]pino[\\/]lib[\\/]caller\.js$/ }, () => ({
      contents: "module.exports = function getCallers() { return []; };",
      loader: "js",
    }));
  },
};

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: repoRoot,
  // The catalog loader process (catalogs/loader-process.ts), which main.ts starts beside itself.
  entryPoints: { main: entry, "catalog-loader": "packages/server/src/catalogs/loader-process.ts" },
  outdir,
  bundle: true,
  platform: "node",
  format: "esm",
  // Dynamic imports become chunks of their own, loaded only when reached: the Kubernetes client
  // library (half the bundle) is only needed for exec/auth-provider kubeconfigs.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  // Node 20.19 is the lowest the project supports; the image runs Node 24.
  target: "node20.19",
  sourcemap: "linked",
  // Stack traces only need the mappings; the .ts sources are in the repository.
  sourcesContent: false,
  // Keep function and class names: pino, Fastify and error messages print them.
  keepNames: true,
  minify: true,
  legalComments: "linked",
  logLevel: "warning",
  metafile: true,
  // CommonJS dependencies (Fastify, pino, the Kubernetes client…) call require() for Node's own
  // modules; an ESM bundle has no require unless it is defined.
  banner: {
    js: "import { createRequire as __onyxiaCreateRequire } from 'node:module'; const require = __onyxiaCreateRequire(import.meta.url);",
  },
  // Optional peers that the bundled libraries probe for with try/require and that we don't ship.
  external: [],
  plugins: [pinoWithoutCallers],
});
// A non-ASCII character anywhere makes Node hold the whole file's source as a two-byte string
// (twice its size, for the process's life). esbuild escapes them in strings and identifiers but
// not in regular expression literals: write those as \uXXXX escapes.
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".js"))) {
  const text = readFileSync(path.resolve(repoRoot, file), "latin1");
  const at = text.search(/[\u0080-\u00ff]/);
  if (at >= 0)
    throw new Error(
      `[build-server] ${file} is not ASCII at offset ${at}: …${text.slice(Math.max(0, at - 60), at + 20)}… ` +
        "(escape the character as \\uXXXX in the source)",
    );
}
// Source maps name our own .ts lines only (see lib/own-source-map.mjs): a third of the size, and
// what `node --enable-source-maps` parses is the map of each file it loads.
for (const file of Object.keys(result.metafile.outputs).filter((f) => f.endsWith(".map"))) {
  const full = path.resolve(repoRoot, file);
  const map = filterSourceMap(
    JSON.parse(readFileSync(full, "utf8")),
    (source) => !source.includes("node_modules/"),
    { columns: false },
  );
  writeFileSync(full, JSON.stringify(map));
  result.metafile.outputs[file].bytes = Buffer.byteLength(JSON.stringify(map));
}
const outputs = Object.entries(result.metafile.outputs).map(
  ([file, { bytes }]) => `${path.relative(repoRoot, file)} ${(bytes / 1024).toFixed(0)} KiB`,
);
console.log(`[build-server] ${outputs.join(", ")} in ${Date.now() - started} ms`);
