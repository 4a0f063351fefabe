// Whether a release manifest declares a controller, without parsing all of it: the admin view
// reads thousands of releases at once and needs only that (a release without controllers and pods
// is "running", with controllers and no pods "starting"). Parsing the YAML of every document is
// most of a release's decoding cost, so documents are read by their top-level lines, and only a
// document those lines cannot settle is parsed. The answer is manifestControllers'.
import { manifestControllers, manifestObjects, type ControllerRef } from "./manifest.ts";

// A controller's kind is written out in its document: a document without one of these words is
// not a controller (unless it spells the kind with YAML escapes: "\x44eployment", never seen).
const CONTROLLER_WORD = /\b(?:Deployment|StatefulSet|DaemonSet|Cluster)\b/;
const DOCUMENT_START = /^---(?=[ \t]|$)/m;
const TOP_KEY = /^([A-Za-z][A-Za-z0-9_.-]*):(?:[ \t]+(.*))?$/;
// A plain or simply quoted one-line scalar, an optional comment after it.
const SCALAR = /^(?:"([^"\\]*)"|'([^']*)'|([^\s#'"&*!|>{}[\],%@`].*?))(?:[ \t]+#.*)?$/;
// Plain scalars YAML reads as something else than a non-empty string (null, booleans, numbers).
const NOT_A_STRING = /^(?:|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|[-+.\d].*)$/;

/** The scalar's text when it is certainly a non-empty string; undefined otherwise. */
function stringScalar(text: string | undefined): string | undefined {
  const match = SCALAR.exec((text ?? "").trim());
  if (!match) return undefined;
  const [, double, single, plain] = match;
  if (plain !== undefined)
    return NOT_A_STRING.test(plain) || /:(?:\s|$)/.test(plain) ? undefined : plain;
  const quoted = double ?? single ?? "";
  return quoted === "" ? undefined : quoted;
}

type Header = { apiVersion: string; kind: string; name: string } | "unsure";

/**
 * apiVersion, kind and metadata.name of a block-style document from its lines; "unsure" when the
 * document is written otherwise (flow style, anchors, tags, repeated keys, non-string values).
 */
function documentHeader(document: string): Header {
  const lines = document.split("\n");
  const top = new Map<string, string | undefined>();
  let metadataAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).replace(/\r$/, "");
    if (line === "" || /^[ \t]/.test(line) || line.startsWith("#")) continue;
    const key = TOP_KEY.exec(line);
    if (!key || top.has(key[1] as string)) return "unsure";
    top.set(key[1] as string, key[2]);
    if (key[1] === "metadata") metadataAt = i;
  }
  const apiVersion = stringScalar(top.get("apiVersion"));
  const kind = stringScalar(top.get("kind"));
  const metadataValue = top.get("metadata");
  if (!apiVersion || !kind || metadataAt < 0 || (metadataValue ?? "").replace(/#.*/, "").trim())
    return "unsure";
  // metadata's children: the lines indented under it, at the first child's indentation.
  let indent = -1;
  let name: string | undefined;
  for (const raw of lines.slice(metadataAt + 1)) {
    const line = raw.replace(/\r$/, "");
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const width = /^ */.exec(line)?.[0].length ?? 0;
    if (width === 0) break;
    if (line[width] === "\t") return "unsure";
    if (indent < 0) indent = width;
    if (width < indent) return "unsure";
    if (width > indent) continue;
    const child = TOP_KEY.exec(line.slice(width));
    if (!child) return "unsure";
    if (child[1] !== "name") continue;
    if (name !== undefined) return "unsure";
    name = stringScalar(child[2]);
    if (name === undefined) return "unsure";
  }
  return name === undefined ? "unsure" : { apiVersion, kind, name };
}

/** The manifest's first controller (manifestControllers' first), or undefined if it has none. */
export function firstManifestController(manifest: string): ControllerRef | undefined {
  for (const document of manifest.split(DOCUMENT_START)) {
    if (!CONTROLLER_WORD.test(document)) continue;
    const header = documentHeader(document);
    const [ref] = manifestControllers(
      header === "unsure"
        ? manifestObjects(document)
        : [{ apiVersion: header.apiVersion, kind: header.kind, metadata: { name: header.name } }],
    );
    if (ref) return ref;
  }
  return undefined;
}
