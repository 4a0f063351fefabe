// The OnyxiaApi port over fetch (reference §1.2, §6).
import type { OnyxiaApi } from "../../ports/onyxiaApi.ts";
import {
  LAUNCH_RELEASE_HEADER,
  type DeleteResponse,
  type EditDiff,
  type JSONSchema,
  type PublicConfiguration,
  type QuotaResponse,
  type RevisionsResponse,
  type RollbackResponse,
  type ServiceResponse,
  type ServicesResponse,
  type UpgradeResponse,
  type UserInfo,
} from "@onyxia-ts/core";
import { createHttpClient, type HttpClientOptions } from "./httpClient.ts";
import { checkCatalogs, checkChartVersions } from "./checkAnswers.ts";

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
    profileSchema: (signal) => http.get<JSONSchema | undefined>("/profile/schema", signal),
    catalogs: (loggedIn, signal) =>
      http
        .get<unknown>(loggedIn ? "/my-lab/catalogs" : "/public/catalogs", signal)
        .then(checkCatalogs),
    chartVersions: (catalogId, chartName, signal) =>
      http
        .get<unknown>(`/my-lab/catalogs/${seg(catalogId)}/charts/${seg(chartName)}`, signal)
        .then(checkChartVersions),
    chartSchema: (catalogId, chartName, version, signal) =>
      http.get<JSONSchema>(
        `/my-lab/schemas/${seg(catalogId)}/charts/${seg(chartName)}/versions/${seg(version)}`,
        signal,
      ),
    services: (signal) => http.get<ServicesResponse>("/my-lab/services", signal),
    service: (serviceId, signal) =>
      http.get<ServiceResponse>(`/my-lab/app?serviceId=${seg(serviceId)}`, signal),
    quota: (signal) => http.get<QuotaResponse>("/my-lab/quota", signal),
    launch: async (request) => {
      const answer = await http.request<unknown>("PUT", "/my-lab/app", { body: request });
      const release = answer.headers.get(LAUNCH_RELEASE_HEADER) ?? request.name;
      if (!release) throw new Error(`The launch answer has no ${LAUNCH_RELEASE_HEADER} header`);
      return { release, timing: answer.headers.get("server-timing") };
    },
    uninstall: async (release) =>
      (await http.request<DeleteResponse>("DELETE", `/my-lab/app?path=${seg(release)}`)).data,
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
      const answer = await http.request<UpgradeResponse>("POST", "/my-lab/app/upgrade", {
        body: { serviceID, options, ...(packageVersion ? { packageVersion } : {}) },
      });
      return { ...answer.data, timing: answer.headers.get("server-timing") };
    },
    revisions: (serviceId, signal) =>
      http.get<RevisionsResponse>(`/my-lab/app/revisions?serviceId=${seg(serviceId)}`, signal),
    rollback: async (serviceID, revision) =>
      (
        await http.request<RollbackResponse>("POST", "/my-lab/app/rollback", {
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
