// Turns a parsed configuration file plus environment variables into a validated AppConfig.
// Precedence: environment > file > defaults. Pure: the caller reads the file and the env.
import {
  withCatalogDefaults,
  type CatalogConfig,
  type RawCatalogConfig,
} from "../catalog/config-types.ts";
import { catalogShape } from "./catalog-shape.ts";
import { ConfigError } from "./config-error.ts";
import { ASYMMETRIC_JWS_ALGORITHMS, defaultRawRegion, defaultSettings } from "./defaults.ts";
import { parseConfigText } from "./parse-text.ts";
import { PROPERTIES, relaxedEnvName, relaxedName, type PropertyDef } from "./properties.ts";
import type { Region } from "./region-types.ts";
import { regionShape } from "./region-shape.ts";
import { checkShape, formatIssue, isPlainObject, type ConfigIssue } from "./shape.ts";
import type { AppConfig, ResolvedConfig } from "./types.ts";

export interface ConfigSources {
  /** The parsed configuration file and its name (for messages). */
  file?: { name: string; data: unknown };
  /** Environment variables; only known names are read. */
  env?: Record<string, string | undefined>;
  /** Catalogs used when `catalogs` is not configured (the server passes the example catalog). */
  defaultCatalogs?: RawCatalogConfig[];
}

type Blob = "regions" | "catalogs";
interface RawValue {
  value: unknown;
  /** File name or "env NAME". */
  source: string;
  fromEnv: boolean;
}

const byFileName = new Map<string, PropertyDef>();
const byEnvName = new Map<string, PropertyDef>();
for (const p of PROPERTIES) {
  for (const n of [p.name, ...(p.aliases ?? [])]) {
    byFileName.set(relaxedName(n), p);
    byEnvName.set(relaxedEnvName(n), p);
  }
}

export function resolveConfig(sources: ConfigSources): ResolvedConfig {
  const issues: Array<ConfigIssue & { source: string }> = [];
  const blobs = new Map<Blob, RawValue>();
  const props = new Map<PropertyDef, RawValue>();

  if (sources.file) collectFile(sources.file, blobs, props, issues);
  collectEnv(sources.env ?? {}, blobs, props);

  const config: AppConfig = { ...defaultSettings(), regions: [], catalogs: [] };
  for (const [prop, raw] of props) applyProperty(config, prop, raw, issues);
  config.regions = resolveRegions(blobs.get("regions"), issues);
  config.catalogs = resolveCatalogs(blobs.get("catalogs"), sources.defaultCatalogs ?? [], issues);
  crossCheck(config, issues);

  const errors = issues.filter((i) => i.level === "error").map(withSource);
  if (errors.length > 0) throw new ConfigError(errors);
  return { config, warnings: issues.filter((i) => i.level === "warning").map(withSource) };
}

function withSource(issue: ConfigIssue & { source: string }): string {
  return issue.source ? `${issue.source}: ${formatIssue(issue)}` : formatIssue(issue);
}

function blobName(relaxed: string): Blob | undefined {
  return relaxed === "regions" || relaxed === "catalogs" ? relaxed : undefined;
}

function collectFile(
  file: { name: string; data: unknown },
  blobs: Map<Blob, RawValue>,
  props: Map<PropertyDef, RawValue>,
  issues: Array<ConfigIssue & { source: string }>,
): void {
  if (file.data === null || file.data === undefined) return;
  if (!isPlainObject(file.data)) {
    issues.push({
      level: "error",
      path: "",
      message: "expected a mapping of configuration keys",
      source: file.name,
    });
    return;
  }
  const walk = (obj: Record<string, unknown>, prefix: string): void => {
    for (const [key, value] of Object.entries(obj)) {
      const name = prefix ? `${prefix}.${key}` : key;
      const relaxed = relaxedName(name);
      const blob = blobName(relaxed);
      const raw = { value, source: file.name, fromEnv: false };
      if (blob && !(isPlainObject(value) && !(blob in value))) blobs.set(blob, raw);
      else if (byFileName.has(relaxed) && !isPlainObject(value))
        props.set(byFileName.get(relaxed)!, raw);
      else if (isPlainObject(value)) walk(value, name);
      else
        issues.push({
          level: "warning",
          path: name,
          message: "unknown key, ignored",
          source: file.name,
        });
    }
  };
  walk(file.data, "");
}

function collectEnv(
  env: Record<string, string | undefined>,
  blobs: Map<Blob, RawValue>,
  props: Map<PropertyDef, RawValue>,
): void {
  for (const [name, value] of Object.entries(env)) {
    // An empty variable (`REGIONS=` in a compose file) means "not set".
    if (value === undefined || value.trim() === "") continue;
    const relaxed = relaxedEnvName(name);
    const raw = { value, source: `env ${name}`, fromEnv: true };
    const blob = blobName(relaxed);
    if (blob) blobs.set(blob, raw);
    else if (byEnvName.has(relaxed)) props.set(byEnvName.get(relaxed)!, raw);
  }
}

/** Environment values are strings: convert them to the property's type first. */
function fromEnvString(prop: PropertyDef, text: string): unknown {
  const kind = prop.shape.kind;
  if (kind === "boolean" && /^(true|false)$/i.test(text.trim()))
    return text.trim().toLowerCase() === "true";
  if (kind === "integer" && /^-?\d+$/.test(text.trim())) return Number(text.trim());
  return text;
}

function applyProperty(
  config: AppConfig,
  prop: PropertyDef,
  raw: RawValue,
  issues: Array<ConfigIssue & { source: string }>,
): void {
  const value =
    raw.fromEnv && typeof raw.value === "string" ? fromEnvString(prop, raw.value) : raw.value;
  const local: ConfigIssue[] = [];
  let checked = checkShape(value, prop.shape, prop.name, local);
  issues.push(...local.map((i) => ({ ...i, source: raw.source })));
  if (checked === undefined || local.some((i) => i.level === "error")) return;
  if (prop.list && typeof checked === "string") {
    checked = checked
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s.length > 0);
  }
  let target: Record<string, unknown> = config as unknown as Record<string, unknown>;
  for (const key of prop.target.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[prop.target[prop.target.length - 1]!] = checked;
}

/** A blob may be a JSON/YAML string (env), a list, or Onyxia's `{"regions": [...]}` wrapper. */
function blobItems(
  name: Blob,
  raw: RawValue,
  issues: Array<ConfigIssue & { source: string }>,
): unknown[] | undefined {
  let value = raw.value;
  if (typeof value === "string") {
    try {
      value = parseConfigText(value, raw.source);
    } catch (error) {
      const problems = (error as ConfigError).problems ?? [String(error)];
      issues.push(
        ...problems.map((message) => ({ level: "error" as const, path: "", message, source: "" })),
      );
      return undefined;
    }
  }
  if (isPlainObject(value) && name in value) value = value[name];
  if (!Array.isArray(value)) {
    issues.push({
      level: "error",
      path: name,
      message: `expected a list (or {"${name}": [...]}), got ${value === null ? "null" : typeof value}`,
      source: raw.source,
    });
    return undefined;
  }
  return value;
}

function resolveRegions(
  raw: RawValue | undefined,
  issues: Array<ConfigIssue & { source: string }>,
): Region[] {
  const source = raw?.source ?? "default region";
  const items = raw ? blobItems("regions", raw, issues) : [defaultRawRegion()];
  if (!items) return [];
  if (items.length === 0) {
    issues.push({
      level: "error",
      path: "regions",
      message: "at least one region is required",
      source,
    });
  }
  const regions: Region[] = [];
  items.forEach((item, i) => {
    const local: ConfigIssue[] = [];
    const region = checkShape(item, regionShape, `regions[${i}]`, local) as Region | undefined;
    if (
      region &&
      region.transformGroupPattern !== undefined &&
      region.includedGroupPattern === undefined
    ) {
      local.push({
        level: "warning",
        path: `regions[${i}].transformGroupPattern`,
        message: "ignored: it applies only together with includedGroupPattern",
      });
    }
    if (region && !region.services?.expose?.domain?.trim()) {
      local.push({
        level: "warning",
        path: `regions[${i}].services.expose.domain`,
        message:
          "not set: this region's services have no domain to be exposed under (an ingress host " +
          'would be "<name>."), so launches that expose one are refused',
      });
    }
    issues.push(...local.map((l) => ({ ...l, source })));
    if (region) regions.push(region);
  });
  reportDuplicates(
    regions.map((r) => r.id),
    "regions",
    source,
    issues,
  );
  return regions;
}

function resolveCatalogs(
  raw: RawValue | undefined,
  defaults: RawCatalogConfig[],
  issues: Array<ConfigIssue & { source: string }>,
): CatalogConfig[] {
  if (!raw) return defaults.map(withCatalogDefaults);
  const items = blobItems("catalogs", raw, issues);
  if (!items) return [];
  if (items.length === 0) {
    issues.push({
      level: "warning",
      path: "catalogs",
      message: "no catalog configured: the catalog will be empty",
      source: raw.source,
    });
  }
  const catalogs: CatalogConfig[] = [];
  items.forEach((item, i) => {
    const local: ConfigIssue[] = [];
    const checked = checkShape(item, catalogShape, `catalogs[${i}]`, local);
    issues.push(...local.map((l) => ({ ...l, source: raw.source })));
    if (checked && !local.some((l) => l.level === "error")) {
      catalogs.push(withCatalogDefaults(checked as RawCatalogConfig));
    }
  });
  reportDuplicates(
    catalogs.map((c) => c.id),
    "catalogs",
    raw.source,
    issues,
  );
  return catalogs;
}

function reportDuplicates(
  ids: string[],
  what: string,
  source: string,
  issues: Array<ConfigIssue & { source: string }>,
): void {
  const seen = new Set<string>();
  ids.forEach((id, i) => {
    if (seen.has(id)) {
      issues.push({
        level: "error",
        path: `${what}[${i}].id`,
        message: `duplicate id ${JSON.stringify(id)}`,
        source,
      });
    }
    seen.add(id);
  });
}

function crossCheck(config: AppConfig, issues: Array<ConfigIssue & { source: string }>): void {
  const error = (path: string, message: string) =>
    issues.push({ level: "error", path, message, source: "" });
  config.server.basePath = config.server.basePath.replace(/\/+$/, "");
  if (config.authentication.mode === "openidconnect") {
    if (!config.oidc.issuerUri && !config.oidc.publicKey) {
      error(
        "oidc.issuer-uri",
        "is required when authentication.mode is openidconnect (or set oidc.public-key)",
      );
    }
    if (!config.oidc.clientId) {
      error(
        "oidc.clientID",
        "is required when authentication.mode is openidconnect (the web needs it to log in)",
      );
    }
  }
  config.server.trustProxy.forEach((entry, i) => {
    if (!isProxyAddress(entry))
      error(
        `server.trust-proxy[${i}]`,
        `${JSON.stringify(entry)} is not an IP address, a CIDR (10.0.0.0/8, fd00::/8) or one of loopback, linklocal, uniquelocal`,
      );
  });
  if (config.authentication.mode === "none") {
    config.regions.forEach((region, i) => {
      if (region.services.authenticationMode === "tokenPassthrough") {
        error(
          `regions[${i}].services.authenticationMode`,
          "tokenPassthrough needs user tokens: set authentication.mode to openidconnect",
        );
      }
    });
  }
  config.admin.roles = config.admin.roles.map((role) => role.trim());
  config.admin.roles.forEach((role, i) => {
    // eslint-disable-next-line no-control-regex -- control characters are what this refuses
    if (role === "" || /[\u0000-\u001f\u007f]/.test(role))
      error(
        `admin.roles[${i}]`,
        `${JSON.stringify(role)} is not a role or group name (empty, or with control characters)`,
      );
  });
  const allowed: readonly string[] = ASYMMETRIC_JWS_ALGORITHMS;
  for (const alg of config.oidc.algorithms) {
    if (!allowed.includes(alg)) {
      error(
        "oidc.algorithms",
        `${JSON.stringify(alg)} is not accepted: use asymmetric algorithms only (${allowed.join(", ")})`,
      );
    }
  }
  if (config.oidc.algorithms.length === 0)
    error("oidc.algorithms", "must name at least one algorithm");
  // The property is a string; "file:<path>" becomes {file}.
  const sink = config.audit.sink as unknown;
  if (typeof sink === "string" && sink.startsWith("file:"))
    config.audit.sink = { file: sink.slice("file:".length) };
  if (config.event.webhook.enabled && !config.event.webhook.url) {
    error("event.webhook.url", "is required when event.webhook.enabled is true");
  }
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-f]*:[0-9a-f:.]*(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/i;

/** A trusted proxy as proxy-addr understands it: an address, a CIDR or a named range. */
export function isProxyAddress(entry: string): boolean {
  return (
    ["loopback", "linklocal", "uniquelocal"].includes(entry) || IPV4.test(entry) || IPV6.test(entry)
  );
}
