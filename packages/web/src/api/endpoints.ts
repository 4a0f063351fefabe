import { apiGet } from "./client.ts";
import type { CatalogsResponse, ChartVersionsResponse, PublicConfiguration, UserInfo, ValuesSchema } from "./types.ts";

const seg = encodeURIComponent;

export const api = {
  configuration: (signal?: AbortSignal) => apiGet<PublicConfiguration>("/public/configuration", signal),
  userInfo: (signal?: AbortSignal) => apiGet<UserInfo>("/user/info", signal),
  catalogs: (loggedIn: boolean, signal?: AbortSignal) =>
    apiGet<CatalogsResponse>(loggedIn ? "/my-lab/catalogs" : "/public/catalogs", signal),
  chartVersions: (catalogId: string, chartName: string, signal?: AbortSignal) =>
    apiGet<ChartVersionsResponse>(`/my-lab/catalogs/${seg(catalogId)}/charts/${seg(chartName)}`, signal),
  chartSchema: (catalogId: string, chartName: string, version: string, signal?: AbortSignal) =>
    apiGet<ValuesSchema>(
      `/my-lab/schemas/${seg(catalogId)}/charts/${seg(chartName)}/versions/${seg(version)}`,
      signal,
    ),
};
