// Test builders of the API contract's objects (core's api/): the fields a test does not care
// about get neutral values, so a fixture stays a valid answer of the server.
import type {
  ApiProject,
  CatalogWrapperJson,
  ChartJson,
  PublicRegion,
  UserInfo,
} from "@onyxia-ts/core";

export function apiProject(project: Partial<ApiProject> & { id: string }): ApiProject {
  return { namespace: project.id, name: project.id, vaultTopDir: project.id, ...project };
}

export function apiUserInfo(user: Partial<UserInfo> & { idep: string }): UserInfo {
  return {
    groups: [],
    roles: [],
    projects: [apiProject({ id: `user-${user.idep}` })],
    ...user,
  };
}

/** A region whose `services` holds only what the test gives (the web reads it field by field). */
export function publicRegion(
  region: Omit<Partial<PublicRegion>, "services"> & {
    id: string;
    services?: Partial<PublicRegion["services"]>;
  },
): PublicRegion {
  return { ...region, services: (region.services ?? {}) as PublicRegion["services"] };
}

export function chartJson(
  name: string,
  version: string,
  extra: Partial<ChartJson> = {},
): ChartJson {
  return { name, version, urls: [], defaultValues: "", ...extra };
}

export function catalogJson(
  id: string,
  charts: ChartJson[],
  extra: Partial<CatalogWrapperJson> = {},
): CatalogWrapperJson {
  return {
    id,
    name: id,
    location: `https://charts.example/${id}`,
    status: "PROD",
    lastUpdateTime: 1,
    type: "helm",
    highlightedCharts: [],
    excludedCharts: [],
    includeKeywords: [],
    excludeKeywords: [],
    includeAnnotations: {},
    excludeAnnotations: {},
    multipleServicesMode: "all",
    maxNumberOfVersions: -1,
    skipTlsVerify: false,
    caFile: null,
    timeout: null,
    allowSharing: true,
    visible: { user: true, project: true },
    catalog: { latestPackages: Object.fromEntries(charts.map((c) => [c.name, c])) },
    ...extra,
  };
}
