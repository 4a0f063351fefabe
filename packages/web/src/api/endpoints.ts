import type { Service } from "@onyxia-ts/core";
import { apiGet, apiRequest } from "./client.ts";
import type {
  CatalogsResponse,
  ChartVersionsResponse,
  EditDiff,
  LaunchRequest,
  PublicConfiguration,
  QuotaResponse,
  RevisionsResponse,
  UserInfo,
  ValuesSchema,
} from "./types.ts";

const seg = encodeURIComponent;

export const api = {
  configuration: (signal?: AbortSignal) =>
    apiGet<PublicConfiguration>("/public/configuration", signal),
  userInfo: (signal?: AbortSignal) => apiGet<UserInfo>("/user/info", signal),
  catalogs: (loggedIn: boolean, signal?: AbortSignal) =>
    apiGet<CatalogsResponse>(loggedIn ? "/my-lab/catalogs" : "/public/catalogs", signal),
  chartVersions: (catalogId: string, chartName: string, signal?: AbortSignal) =>
    apiGet<ChartVersionsResponse>(
      `/my-lab/catalogs/${seg(catalogId)}/charts/${seg(chartName)}`,
      signal,
    ),
  chartSchema: (catalogId: string, chartName: string, version: string, signal?: AbortSignal) =>
    apiGet<ValuesSchema>(
      `/my-lab/schemas/${seg(catalogId)}/charts/${seg(chartName)}/versions/${seg(version)}`,
      signal,
    ),

  // Services (reference §1.2, §6).
  services: (signal?: AbortSignal) => apiGet<{ apps: Service[] }>("/my-lab/services", signal),
  service: (serviceId: string, signal?: AbortSignal) =>
    apiGet<Service>(`/my-lab/app?serviceId=${seg(serviceId)}`, signal),
  quota: (signal?: AbortSignal) => apiGet<QuotaResponse>("/my-lab/quota", signal),
  /** Launch; the release name comes back in the x-onyxia-release header. */
  launch: async (request: LaunchRequest) => {
    const answer = await apiRequest<unknown>("PUT", "/my-lab/app", { body: request });
    return {
      release: answer.headers.get("x-onyxia-release") ?? request.name,
      timing: answer.headers.get("server-timing"),
    };
  },
  uninstall: (release: string) =>
    apiRequest<{ success: boolean }>("DELETE", `/my-lab/app?path=${seg(release)}`).then(
      (a) => a.data,
    ),
  rename: (serviceID: string, friendlyName: string) =>
    apiRequest("POST", "/my-lab/app/rename", { body: { serviceID, friendlyName } }),
  share: (serviceID: string, share: boolean) =>
    apiRequest("POST", "/my-lab/app/share", { body: { serviceID, share } }),
  suspend: (serviceID: string) =>
    apiRequest("POST", "/my-lab/app/suspend", { body: { serviceID } }),
  resume: (serviceID: string) => apiRequest("POST", "/my-lab/app/resume", { body: { serviceID } }),
  diff: (serviceID: string, options: unknown, packageVersion?: string) =>
    apiRequest<EditDiff>("POST", "/my-lab/app/diff", {
      body: { serviceID, options, ...(packageVersion ? { packageVersion } : {}) },
    }).then((a) => a.data),
  upgrade: (serviceID: string, options: unknown, packageVersion?: string) =>
    apiRequest<{ revision: number }>("POST", "/my-lab/app/upgrade", {
      body: { serviceID, options, ...(packageVersion ? { packageVersion } : {}) },
    }).then((a) => ({ ...a.data, timing: a.headers.get("server-timing") })),
  revisions: (serviceId: string, signal?: AbortSignal) =>
    apiGet<RevisionsResponse>(`/my-lab/app/revisions?serviceId=${seg(serviceId)}`, signal),
  rollback: (serviceID: string, revision: number) =>
    apiRequest<{ revision: number }>("POST", "/my-lab/app/rollback", {
      body: { serviceID, revision },
    }).then((a) => a.data),
  onboarding: (group: string | undefined) =>
    apiRequest("POST", "/onboarding", { body: group ? { group } : {} }),
};
