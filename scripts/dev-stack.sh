#!/usr/bin/env bash
# The app against the local stack: OIDC login, impersonating multi-namespace region, S3 and Vault.
# Starts the stack if needed (the first time builds it: see stack/README.md), builds the web app if
# it was never built, then runs the server with .stack/onyxia.yaml.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s stack:up
[ -f packages/web/dist/index.html ] || npm run -s build
# shellcheck disable=SC1091
source .stack/env
export NODE_EXTRA_CA_CERTS="$STACK_CA_FILE" ONYXIA_CONFIG=.stack/onyxia.yaml
exec node --import tsx packages/server/src/main.ts
