// GET /public/configuration, /public/regions, /user/info.
import type { PublicRegion } from "../config/region-types.ts";

export interface BuildInfo {
  version: string;
  /** Epoch seconds (Onyxia's `build.timestamp`). */
  timestamp: number;
}

/** What the web's OIDC client is initialised with (present in openidconnect mode). */
export interface OidcConfiguration {
  issuerURI?: string;
  clientID?: string;
  scope: string;
  extraQueryParams?: string;
  idleSessionLifetimeInSeconds?: number;
  audience?: string;
}

export interface PublicConfiguration {
  build: BuildInfo;
  regions: PublicRegion[];
  oidcConfiguration?: OidcConfiguration;
}

export type RegionsResponse = PublicRegion[];

export interface ApiProject {
  id: string;
  group?: string;
  namespace: string;
  name: string;
  vaultTopDir: string;
}

/** GET /user/info: the caller without token claims, and their projects in the region. */
export interface UserInfo {
  idep: string;
  email?: string;
  nomComplet?: string;
  ip?: string;
  groups: string[];
  roles: string[];
  projects: ApiProject[];
  /** Ours (onyxia-api has no admin view): whether the caller is a platform admin (`admin.roles`). */
  admin?: boolean;
}
