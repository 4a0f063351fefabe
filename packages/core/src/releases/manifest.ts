// What a release manifest tells about the service: its URLs (Ingress, OpenShift Route, Istio
// VirtualService, per the region's `expose`) and the controllers whose readiness is reported.
import { FAILSAFE_SCHEMA, loadAll, Type, type State } from "js-yaml";
import { parseAllDocuments } from "yaml";
import type { RegionExpose } from "../config/region-types.ts";

export interface ManifestObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: unknown;
}

export interface ControllerRef {
  kind: "Deployment" | "StatefulSet" | "DaemonSet" | "Cluster";
  name: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Every object of a multi-document manifest; unparsable documents are skipped. */
export function manifestObjects(manifest: string): ManifestObject[] {
  if (!manifest.trim()) return [];
  const objects: ManifestObject[] = [];
  for (const value of fastDocuments(manifest) ?? slowDocuments(manifest))
    if (isRecord(value) && typeof value.kind === "string") objects.push(value as ManifestObject);
  return objects;
}

// Parsing is on the launch path (the quota check in helm's post-renderer, on the server's event
// loop) and in the watch caches: `yaml`'s document model took ~2 ms and most of the garbage per
// launch of a 5 kB manifest, js-yaml ~0.25 ms. js-yaml reads it with YAML 1.2's core schema as
// `yaml` does (its own CORE_SCHEMA also reads 0b101 or -0x1 as numbers and +.5 as a string), and
// any manifest it cannot read alike goes the `yaml` way: tags, directives, anchors and aliases
// (`yaml` bounds their expansion), or an error anywhere (`yaml` skips only the bad document).
const scalarType = <T>(tag: string, patterns: [RegExp, (text: string) => T][]) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: "scalar",
    resolve: (text: string | null) => text !== null && patterns.some(([p]) => p.test(text)),
    construct: (text: string) => patterns.find(([p]) => p.test(text))![1](text),
  });
const signed = (text: string, base: number) =>
  (text.startsWith("-") ? -1 : 1) * parseInt(text.replace(/^[-+]/, ""), base);
const YAML_CORE_SCHEMA = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalarType("null", [[/^(?:~|[Nn]ull|NULL)?$/, () => null]]),
    scalarType("bool", [[/^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/, (t) => /^t/i.test(t)]]),
    scalarType("int", [
      [/^[-+]?[0-9]+$/, (t) => signed(t, 10)],
      [/^0o[0-7]+$/, (t) => parseInt(t.slice(2), 8)],
      [/^0x[0-9a-fA-F]+$/, (t) => parseInt(t.slice(2), 16)],
    ]),
    scalarType("float", [
      [/^[-+]?\.(?:inf|Inf|INF)$/, (t) => (t.startsWith("-") ? -Infinity : Infinity)],
      [/^\.(?:nan|NaN|NAN)$/, () => NaN],
      [/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/, parseFloat],
      [/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/, parseFloat],
    ]),
  ],
});
/** A tag (`!x`, `!!str`) or a directive (`%YAML`), or a look-alike in a string. */
const TAG_OR_DIRECTIVE = /(?:^|[\s[{,])!\S|^%/m;
/** js-yaml's parse events: any anchor (which every alias needs) stops the fast way. */
const noAnchor = (event: string, state: State) => {
  if (event === "close" && (state as State & { anchor?: string | null }).anchor != null)
    throw new Error("anchor");
};

function fastDocuments(manifest: string): unknown[] | undefined {
  if (TAG_OR_DIRECTIVE.test(manifest)) return undefined;
  try {
    return loadAll(manifest, undefined, { schema: YAML_CORE_SCHEMA, listener: noAnchor });
  } catch {
    return undefined;
  }
}

function slowDocuments(manifest: string): unknown[] {
  return parseAllDocuments(manifest)
    .filter((doc) => doc.errors.length === 0)
    .map((doc): unknown => doc.toJS());
}

const withScheme = (url: string) => (/^https?:\/\//.test(url) ? url : `https://${url}`);

function ingressUrls(spec: unknown): string[] {
  if (!isRecord(spec) || !Array.isArray(spec.rules)) return [];
  const urls: string[] = [];
  for (const rule of spec.rules) {
    if (!isRecord(rule) || typeof rule.host !== "string" || rule.host === "") continue;
    const paths = isRecord(rule.http) && Array.isArray(rule.http.paths) ? rule.http.paths : [];
    const pathTexts = paths
      .map((p) => (isRecord(p) && typeof p.path === "string" ? p.path : ""))
      .map((p) => (p === "/" ? "" : p));
    for (const path of pathTexts.length > 0 ? pathTexts : [""]) urls.push(rule.host + path);
  }
  return urls;
}

function routeUrls(spec: unknown): string[] {
  if (!isRecord(spec) || typeof spec.host !== "string" || spec.host === "") return [];
  const path = typeof spec.path === "string" && spec.path !== "/" ? spec.path : "";
  return [spec.host + path];
}

function virtualServiceUrls(spec: unknown): string[] {
  if (!isRecord(spec) || !Array.isArray(spec.hosts)) return [];
  return spec.hosts.filter((h): h is string => typeof h === "string" && h !== "" && h !== "*");
}

/** Exposure kinds to read; without a region `expose`, every kind is read. */
export function manifestUrls(
  objects: ManifestObject[],
  expose?: Pick<RegionExpose, "ingress" | "route" | "istio">,
): string[] {
  const ingress = expose?.ingress ?? true;
  const route = expose?.route ?? true;
  const istio = expose?.istio?.enabled ?? true;
  const urls: string[] = [];
  for (const object of objects) {
    const api = object.apiVersion ?? "";
    if (ingress && object.kind === "Ingress" && api.startsWith("networking.k8s.io/"))
      urls.push(...ingressUrls(object.spec));
    else if (route && object.kind === "Route" && api.startsWith("route.openshift.io/"))
      urls.push(...routeUrls(object.spec));
    else if (istio && object.kind === "VirtualService" && api.startsWith("networking.istio.io/"))
      urls.push(...virtualServiceUrls(object.spec));
  }
  return [...new Set(urls.map(withScheme))];
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

/** The host names a manifest exposes: Ingress rules and TLS, Route host, VirtualService hosts. */
export function exposedHosts(objects: ManifestObject[]): string[] {
  const hosts: string[] = [];
  for (const { kind, spec } of objects) {
    if (!isRecord(spec)) continue;
    if (kind === "Ingress") {
      for (const rule of Array.isArray(spec.rules) ? spec.rules : [])
        if (isRecord(rule) && typeof rule.host === "string") hosts.push(rule.host);
      for (const tls of Array.isArray(spec.tls) ? spec.tls : [])
        if (isRecord(tls)) hosts.push(...strings(tls.hosts));
    } else if (kind === "Route" && typeof spec.host === "string") hosts.push(spec.host);
    else if (kind === "VirtualService") hosts.push(...strings(spec.hosts).filter((h) => h !== "*"));
  }
  return [...new Set(hosts.filter((h) => h !== ""))]; // no host: any host, which is valid
}

// A DNS-1123 subdomain (lower case labels joined by dots), optionally under a "*." wildcard: what
// Kubernetes accepts as an Ingress host. "user-x-1234." (an empty domain) is not one.
const LABEL = "[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?";
const HOST = new RegExp(`^(\\*\\.)?${LABEL}(\\.${LABEL})*$`);

/** Exposed hosts Kubernetes would refuse (ending with a dot, upper case, too long…). */
export function invalidExposedHosts(objects: ManifestObject[]): string[] {
  return exposedHosts(objects).filter((h) => h.length > 253 || !HOST.test(h));
}

export function manifestControllers(objects: ManifestObject[]): ControllerRef[] {
  const refs: ControllerRef[] = [];
  for (const object of objects) {
    const name = object.metadata?.name;
    if (!name) continue;
    const api = object.apiVersion ?? "";
    if (
      api === "apps/v1" &&
      (object.kind === "Deployment" || object.kind === "StatefulSet" || object.kind === "DaemonSet")
    )
      refs.push({ kind: object.kind, name });
    else if (object.kind === "Cluster" && api.startsWith("postgresql.cnpg.io/"))
      refs.push({ kind: "Cluster", name });
  }
  return refs;
}
