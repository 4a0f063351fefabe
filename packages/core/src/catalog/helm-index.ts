import { load as loadYaml } from "js-yaml";
import { CatalogError } from "./errors.ts";

/** One version of a chart in a Helm repository `index.yaml` (Chart.yaml fields + urls, digest, created). */
export interface HelmIndexEntry {
  name: string;
  version: string;
  urls: string[];
  apiVersion?: string;
  appVersion?: string;
  created?: string;
  description?: string;
  digest?: string;
  home?: string;
  icon?: string;
  keywords?: string[];
  maintainers?: unknown[];
  sources?: string[];
  annotations?: Record<string, string>;
  type?: string;
  dependencies?: { name: string; repository?: string; version?: string; condition?: string }[];
  /** Any other field of the index entry, served as is (Onyxia's @JsonAnySetter). */
  [extra: string]: unknown;
}

export interface HelmIndex {
  apiVersion: string | undefined;
  generated: string | undefined;
  /** Chart name → versions, in index order (not sorted). */
  entries: Map<string, HelmIndexEntry[]>;
}

export interface ParsedHelmIndex {
  index: HelmIndex;
  /** Entries that were skipped, each message naming the catalog, chart and version. */
  problems: CatalogError[];
}

// Names and versions later reach URLs and Helm arguments: only plain characters get through.
const CHART_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;
const CHART_VERSION = /^[A-Za-z0-9][A-Za-z0-9.+_-]{0,127}$/;

/**
 * YAML aliases are shared references once parsed; walking or serializing them expands them. This
 * bounds the expanded size so an "alias bomb" is refused instead of hanging the server.
 */
const MAX_EXPANDED_NODES = 5_000_000;

/**
 * Parses a Helm repository index. A document that is not a usable index throws a CatalogError;
 * a single bad chart version is reported in `problems` and skipped.
 */
export function parseHelmIndex(text: string, catalogId: string): ParsedHelmIndex {
  let doc: unknown;
  try {
    // js-yaml rather than `yaml`: 10–40× faster on real indexes, and parsing blocks the event loop.
    doc = loadYaml(text, { filename: "index.yaml" });
  } catch (e) {
    throw new CatalogError(catalogId, `index.yaml is not valid YAML: ${firstLine(e)}`);
  }
  if (expandedSizeExceeds(doc, MAX_EXPANDED_NODES)) {
    throw new CatalogError(
      catalogId,
      `index.yaml expands to more than ${MAX_EXPANDED_NODES} nodes (YAML aliases)`,
    );
  }
  if (!isRecord(doc)) throw new CatalogError(catalogId, "index.yaml is not a YAML mapping");
  const rawEntries = doc["entries"];
  if (rawEntries === undefined || rawEntries === null) {
    throw new CatalogError(catalogId, "index.yaml has no `entries`");
  }
  if (!isRecord(rawEntries))
    throw new CatalogError(catalogId, "index.yaml `entries` is not a mapping");

  const problems: CatalogError[] = [];
  const entries = new Map<string, HelmIndexEntry[]>();
  for (const [name, versions] of Object.entries(rawEntries)) {
    if (!CHART_NAME.test(name)) {
      problems.push(
        new CatalogError(catalogId, "invalid chart name, skipped", { chart: JSON.stringify(name) }),
      );
      continue;
    }
    if (!Array.isArray(versions)) {
      problems.push(
        new CatalogError(catalogId, "`entries` value is not a list of versions", { chart: name }),
      );
      continue;
    }
    const kept: HelmIndexEntry[] = [];
    versions.forEach((raw, i) => {
      const entry = toEntry(raw, name, i, catalogId, problems);
      if (entry) kept.push(entry);
    });
    if (kept.length > 0) entries.set(name, kept);
  }
  return {
    index: {
      apiVersion: asOptionalString(doc["apiVersion"]),
      generated: asOptionalString(doc["generated"]),
      entries,
    },
    problems,
  };
}

function toEntry(
  raw: unknown,
  name: string,
  position: number,
  catalogId: string,
  problems: CatalogError[],
): HelmIndexEntry | undefined {
  const fail = (message: string, version?: string) => {
    problems.push(
      new CatalogError(catalogId, message, {
        chart: name,
        version: version ?? `(entry #${position + 1})`,
      }),
    );
    return undefined;
  };
  if (!isRecord(raw)) return fail("entry is not a mapping");
  const version = asOptionalString(raw["version"]);
  if (version === undefined || version === "") return fail("entry has no `version`");
  if (!CHART_VERSION.test(version))
    return fail("invalid version, skipped", JSON.stringify(version));
  const urls = raw["urls"];
  if (
    !Array.isArray(urls) ||
    urls.length === 0 ||
    !urls.every((u) => typeof u === "string" && u !== "")
  ) {
    return fail("entry has no `urls`", version);
  }
  if (raw["name"] !== undefined && raw["name"] !== name) {
    return fail(`entry is named ${JSON.stringify(raw["name"])}, not ${name}`, version);
  }
  const entry: HelmIndexEntry = { ...raw, name, version, urls: urls as string[] };
  // YAML reads `appVersion: 17.5` as a number; Helm reads it as the string "17.5".
  const appVersion = asOptionalString(raw["appVersion"]);
  if (appVersion !== undefined) entry.appVersion = appVersion;
  if (raw["created"] instanceof Date) entry.created = raw["created"].toISOString();
  return entry;
}

function expandedSizeExceeds(root: unknown, budget: number): boolean {
  let count = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (++count > budget) return true;
    if (Array.isArray(node)) stack.push(...node);
    else if (typeof node === "object" && node !== null && !(node instanceof Date))
      stack.push(...Object.values(node));
  }
  return false;
}

function asOptionalString(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "number") return String(v);
  if (v instanceof Date) return v.toISOString();
  return undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
}
