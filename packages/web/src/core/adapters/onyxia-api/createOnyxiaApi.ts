// The OnyxiaApi port over fetch (reference §1.2, §6).
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import type {
  CatalogsResponse,
  EditDiff,
  PublicConfiguration,
  QuotaResponse,
  RevisionsResponse,
  UserInfo,
  ValuesSchema,
} from "../../ports/apiTypes.ts";
import type { Service } from "@onyxia-ts/core";
import { createHttpClient, type HttpClientOptions } from "./httpClient.ts";
import { normalizeCatalogs, normalizeChartVersions } from "./normalize.ts";

const seg = encodeURIComponent;

export function createOnyxiaApi(options: HttpClientOptions): OnyxiaApi {
  const http = createHttpClient(options);
  const post = async (path: string, body: unknown) => {
    await http.request("POST", path, { body });
  };
  return {
    configuration: (signal) => http.get<PublicConfiguration>("/public/configuration", signal),
    userInfo: (signal) => http.get<UserInfo>("/user/info", signal),
    // onyxia-api answers 200 with an empty body when no profile schema is configured.
    profileSchema: (signal) => http.get<ValuesSchema | undefined>("/profile/schema", signal),
    catalogs: (loggedIn, signal) =>
      http
        .get<CatalogsResponse>(loggedIn ? "/my-lab/catalogs" : "/public/catalogs", signal)
        .then(normalizeCatalogs),
    chartVersions: (catalogId, chartName, signal) =>
      http
        .get<unknown>(`/my-lab/catalogs/${seg(catalogId)}/charts/${seg(chartName)}`, signal)
        .then(normalizeChartVersions),
    chartSchema: (catalogId, chartName, version, signal) =>
      http.get<ValuesSchema>(
        `/my-lab/schemas/${seg(catalogId)}/charts/${seg(chartName)}/versions/${seg(version)}`,
        signal,
      ),
    services: (signal) => http.get<{ apps: Service[] }>("/my-lab/services", signal),
    service: (serviceId, signal) =>
      http.get<Service>(`/my-lab/app?serviceId=${seg(serviceId)}`, signal),
    quota: (signal) => http.get<QuotaResponse>("/my-lab/quota", signal),
    launch: async (request) => {
      const answer = await http.request<unknown>("PUT", "/my-lab/app", { body: request });
      return {
        release: answer.headers.get("x-onyxia-release") ?? request.name,
        timing: answer.headers.get("server-timing"),
      };
    },
    uninstall: async (release) =>
      (await http.request<{ success: boolean }>("DELETE", `/my-lab/app?path=${seg(release)}`)).data,
    rename: (serviceID, friendlyName) => post("/my-lab/app/rename", { serviceID, friendlyName }),
    share: (serviceID, share) => post("/my-lab/app/share", { serviceID, share }),
    suspend: (serviceID) => post("/my-lab/app/suspend", { serviceID }),
    resume: (serviceID) => post("/my-lab/app/resume", { serviceID }),
    postponeIdle: (serviceID) => post("/my-lab/app/idle/postpone", { serviceID }),
    diff: async (serviceID, options, packageVersion) =>
      (
        await http.request<EditDiff>("POST", "/my-lab/app/diff", {
          body: { serviceID, options, ...(packageVersion ? { packageVersion } : {}) },
        })
      ).data,
    upgrade: async (serviceID, options, packageVersion) => {
      const answer = await http.request<{ revision: number }>("POST", "/my-lab/app/upgrade", {
        body: { serviceID, options, ...(packageVersion ? { packageVersion } : {}) },
      });
      return { ...answer.data, timing: answer.headers.get("server-timing") };
    },
    revisions: (serviceId, signal) =>
      http.get<RevisionsResponse>(`/my-lab/app/revisions?serviceId=${seg(serviceId)}`, signal),
    rollback: async (serviceID, revision) =>
      (
        await http.request<{ revision: number }>("POST", "/my-lab/app/rollback", {
          body: { serviceID, revision },
        })
      ).data,
    onboarding: (group) => post("/onboarding", group ? { group } : {}),
    logs: (query, signal) => {
      const params = new URLSearchParams({
        serviceId: query.serviceId,
        taskId: query.taskId,
        tailLines: String(query.tailLines),
        ...(query.container ? { container: query.container } : {}),
        ...(query.follow ? { follow: "true" } : {}),
      });
      return http.stream(`/my-lab/app/logs?${params}`, "text/plain", signal);
    },
  };
}
