#!/bin/sh
# Bundles a bench's server process into one ESM file (bench/.out/), to measure compiled JS
# instead of the tsx loader: sh bench/lib/bundle.sh bench/lib/memory-process.ts
# client-node stays external: the server imports it lazily, only for exec/auth-provider kubeconfigs.
set -e
cd "$(dirname "$0")/../.."
name=$(basename "$1" .ts)
node_modules/.bin/esbuild "$1" --bundle --platform=node --format=esm --target=node20 \
  --outfile="bench/.out/$name.mjs" --sourcemap --log-level=warning \
  --external:@kubernetes/client-node \
  --banner:js="import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"
echo "bench/.out/$name.mjs"
