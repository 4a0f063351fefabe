// The AdminApi port over the same HTTP client as the Onyxia API (headers from the session).
import type { AdminServicesQuery } from "@onyxia-ts/core";
import type { AdminApi } from "../../ports/adminApi.ts";
import { createHttpClient, type HttpClientOptions } from "./httpClient.ts";

/** `?project=…&sort=…` with only the set fields (page 1 and size 50 are the server's defaults too). */
export function adminQueryString(query: Partial<AdminServicesQuery>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

async function readAll(stream: ReadableStream<string>): Promise<string> {
  let text = "";
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
}

export function createAdminApi(options: HttpClientOptions): AdminApi {
  const http = createHttpClient(options);
  const withoutPage = ({ page: _p, pageSize: _s, ...rest }: AdminServicesQuery) => rest;
  return {
    services: (query, signal) => http.get(`/admin/services${adminQueryString(query)}`, signal),
    servicesCsv: async (query, signal) => {
      const controller = new AbortController();
      signal?.addEventListener("abort", () => controller.abort());
      const path = `/admin/services.csv${adminQueryString(withoutPage(query))}`;
      return readAll(await http.stream(path, "text/csv", controller.signal));
    },
    quotas: (signal) => http.get("/admin/quotas", signal),
    capacity: (signal) => http.get("/admin/capacity", signal),
    act: async (action, target, reason) =>
      (
        await http.request("POST", `/admin/services/${action}`, {
          body: { ...target, reason },
        })
      ).data as Awaited<ReturnType<AdminApi["act"]>>,
  };
}
