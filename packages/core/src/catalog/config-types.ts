// One entry of the `catalogs` configuration JSON (Onyxia-compatible), before and after defaults.
// The config feature validates the raw JSON; this file only names the shape and applies defaults.

/** A plain string, or a `{lang: text}` map (e.g. `{ "en": "Databases", "fr": "Bases de données" }`). */
export type LocalizedString = string | Record<string, string>;

export type CatalogStatus = "PROD" | "TEST" | "INTERNAL";

/** How many versions of each chart are kept: see `pruneVersions`. */
export type MultipleServicesMode = "all" | "latest" | "skipPatches" | "maxNumber";

export const MULTIPLE_SERVICES_MODES: readonly MultipleServicesMode[] = [
  "all",
  "latest",
  "skipPatches",
  "maxNumber",
];
export const CATALOG_STATUSES: readonly CatalogStatus[] = ["PROD", "TEST", "INTERNAL"];

/** A user attribute (JWT claim) that must match `matches` (a regex, full match) to see the catalog. */
export interface CatalogRestriction {
  userAttribute: { key: string; matches: string };
}

export interface CatalogVisibility {
  user: boolean;
  project: boolean;
}

/** The catalog entry as written by the operator: only `id` and `location` are required. */
export interface RawCatalogConfig {
  id: string;
  location: string;
  name?: LocalizedString;
  description?: LocalizedString;
  maintainer?: string;
  scm?: string;
  status?: CatalogStatus;
  type?: string;
  highlightedCharts?: string[];
  excludedCharts?: string[];
  includeKeywords?: string[];
  excludeKeywords?: string[];
  includeAnnotations?: Record<string, string>;
  excludeAnnotations?: Record<string, string>;
  multipleServicesMode?: MultipleServicesMode;
  maxNumberOfVersions?: number;
  skipTlsVerify?: boolean;
  /** File name relative to the `CACERTS_DIR` environment variable. */
  caFile?: string | null;
  /** Helm `--timeout` value, e.g. "10m". */
  timeout?: string | null;
  allowSharing?: boolean;
  visible?: Partial<CatalogVisibility>;
  restrictions?: CatalogRestriction[];
  username?: string | null;
  password?: string | null;
}

/** The catalog entry with every Onyxia default applied. */
export interface CatalogConfig {
  id: string;
  location: string;
  name: LocalizedString;
  description: LocalizedString | undefined;
  maintainer: string | undefined;
  scm: string | undefined;
  status: CatalogStatus;
  type: string;
  highlightedCharts: string[];
  excludedCharts: string[];
  includeKeywords: string[];
  excludeKeywords: string[];
  includeAnnotations: Record<string, string>;
  excludeAnnotations: Record<string, string>;
  multipleServicesMode: MultipleServicesMode;
  maxNumberOfVersions: number;
  skipTlsVerify: boolean;
  caFile: string | null;
  timeout: string | null;
  allowSharing: boolean;
  visible: CatalogVisibility;
  /** Write-only: never serialized. */
  restrictions: CatalogRestriction[];
  /** Write-only: never serialized, never logged. */
  username: string | null;
  /** Write-only: never serialized, never logged. */
  password: string | null;
}

/**
 * Applies Onyxia's defaults. Two are ours: `name` falls back to `id` (the web needs a label) and
 * `status` to "PROD" (Onyxia leaves it null, which hides the catalog's tab).
 */
export function withCatalogDefaults(raw: RawCatalogConfig): CatalogConfig {
  return {
    id: raw.id,
    location: raw.location,
    name: raw.name ?? raw.id,
    description: raw.description,
    maintainer: raw.maintainer,
    scm: raw.scm,
    status: raw.status ?? "PROD",
    type: raw.type ?? "helm",
    highlightedCharts: [...(raw.highlightedCharts ?? [])],
    excludedCharts: [...(raw.excludedCharts ?? [])],
    includeKeywords: [...(raw.includeKeywords ?? [])],
    excludeKeywords: [...(raw.excludeKeywords ?? [])],
    includeAnnotations: { ...(raw.includeAnnotations ?? {}) },
    excludeAnnotations: { ...(raw.excludeAnnotations ?? {}) },
    multipleServicesMode: raw.multipleServicesMode ?? "latest",
    maxNumberOfVersions: raw.maxNumberOfVersions ?? 5,
    skipTlsVerify: raw.skipTlsVerify ?? false,
    caFile: raw.caFile ?? null,
    timeout: raw.timeout ?? null,
    allowSharing: raw.allowSharing ?? true,
    visible: { user: raw.visible?.user ?? true, project: raw.visible?.project ?? true },
    restrictions: (raw.restrictions ?? []).map((r) => ({ userAttribute: { ...r.userAttribute } })),
    username: raw.username ?? null,
    password: raw.password ?? null,
  };
}
