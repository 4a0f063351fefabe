// The API response shapes the web reads (Onyxia-compatible). Unknown fields are tolerated.
import type { JSONSchema } from "@onyxia-ts/core";
import type { LocalizedString } from "../../i18n/localizedString.ts";

export interface PublicConfiguration {
  build?: { version?: string; timestamp?: number };
  regions: Region[];
  oidcConfiguration?: OidcConfiguration;
}

export interface OidcConfiguration {
  issuerURI: string;
  clientID: string;
  scope?: string;
  extraQueryParams?: string;
  audience?: string;
  idleSessionLifetimeInSeconds?: number;
}

export interface Region {
  id: string;
  name?: string;
  description?: string;
  [key: string]: unknown;
}

export interface ChartDependency {
  name: string;
  repository?: string;
  version?: string;
  condition?: string;
  alias?: string;
}

export interface ChartPackage {
  name: string;
  version: string;
  description?: string;
  icon?: string;
  keywords?: string[];
  type?: string;
  home?: string;
  sources?: string[];
  dependencies?: ChartDependency[];
  defaultValues?: string;
  [key: string]: unknown;
}

export type CatalogStatus = "PROD" | "TEST" | "INTERNAL";

export interface Catalog {
  id: string;
  name: LocalizedString;
  description?: LocalizedString;
  location?: string;
  status?: CatalogStatus | string;
  highlightedCharts?: string[];
  visible?: { user?: boolean; project?: boolean };
  /** Normalized by `normalizeCatalogs`: the API nests it under `catalog` (Onyxia's CatalogWrapper). */
  latestPackages: Record<string, ChartPackage>;
  catalog?: { latestPackages?: Record<string, ChartPackage> };
}

export interface CatalogsResponse {
  catalogs: Catalog[];
}

export interface ChartVersionsResponse {
  versions?: ChartPackage[];
  [key: string]: unknown;
}

export interface Project {
  id: string;
  group?: string | null;
  namespace?: string;
  name?: string;
  vaultTopDir?: string;
}

export interface UserInfo {
  idep?: string;
  nomComplet?: string;
  email?: string;
  projects?: Project[];
  [key: string]: unknown;
}

export type ValuesSchema = JSONSchema;

export interface LaunchRequest {
  catalogId: string;
  packageName: string;
  packageVersion: string;
  name: string;
  friendlyName: string;
  share?: boolean;
  options: unknown;
  dryRun?: boolean;
}

/** Onyxia's quota answer: ResourceQuota `spec.hard` and `status.used`, keyed like Kubernetes. */
export interface QuotaResponse {
  spec?: Record<string, string | number>;
  usage?: Record<string, string | number>;
}

export interface EditDiff {
  chart: { from: string; to: string };
  values: { path: string; kind: string; before?: unknown; after?: unknown }[];
  manifest: { text: string; added: number; removed: number };
  quota: { fits: boolean; errors: string[] };
  commands?: string[];
}

export interface Revision {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  appVersion?: string;
  description?: string;
}

export interface RevisionsResponse {
  serviceID: string;
  revisions: Revision[];
}
