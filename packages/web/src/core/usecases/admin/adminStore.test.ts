import type { AdminServicesQuery, AdminServicesResponse } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { adminQueryString } from "../../adapters/onyxia-api/createAdminApi.ts";
import type { AdminApi } from "../../ports/adminApi.ts";
import { formatBytes, formatCpu, formatDuration, share } from "./adminFormat.ts";
import { createAdminUseCase } from "./adminStore.ts";

const page = (total: number): AdminServicesResponse => ({
  items: [],
  total,
  page: 1,
  pageSize: 50,
  facets: { projects: [], owners: [], charts: [] },
});

function fakeApi(overrides: Partial<AdminApi> = {}) {
  const queries: AdminServicesQuery[] = [];
  const acts: unknown[] = [];
  const api: AdminApi = {
    services: async (query) => {
      queries.push(query);
      return page(queries.length);
    },
    servicesCsv: async (query) => `csv for ${query.sort}`,
    quotas: async () => ({ projects: [] }),
    capacity: async () => ({ label: "type", pools: [], pending: { cpu: 0, memory: 0, gpu: 0 } }),
    act: async (action, target, reason) => {
      acts.push({ action, target, reason });
      return { ...target, action, changed: true };
    },
    ...overrides,
  };
  return { api, queries, acts };
}

describe("the admin use case", () => {
  it("loads the listing, quotas and capacity", async () => {
    const { api } = fakeApi();
    const admin = createAdminUseCase({ api });
    await admin.load();
    expect(admin.getSnapshot()).toMatchObject({
      listing: { total: 1 },
      quotas: { projects: [] },
      capacity: { label: "type" },
      loading: false,
      error: undefined,
    });
  });

  it("resets to page 1 on a filter change, flips the order on the same sort key", async () => {
    const { api, queries } = fakeApi();
    const admin = createAdminUseCase({ api });
    await admin.setPage(3);
    await admin.setFilters({ owner: "bob", chart: "" });
    expect(queries.at(-1)).toEqual({
      sort: "age",
      order: "desc",
      page: 1,
      pageSize: 50,
      owner: "bob",
    });
    await admin.sortBy("cpu");
    expect(queries.at(-1)).toMatchObject({ sort: "cpu", order: "asc", owner: "bob" });
    await admin.sortBy("cpu");
    expect(queries.at(-1)).toMatchObject({ sort: "cpu", order: "desc" });
    await admin.setFilters({});
    expect(queries.at(-1)!.owner).toBeUndefined();
  });

  it("acts with the reason and reloads; keeps the error when the action fails", async () => {
    const { api, acts, queries } = fakeApi();
    const admin = createAdminUseCase({ api });
    const target = { namespace: "user-bob", release: "code" };
    expect(await admin.act("suspend", target, "GPU hog")).toBe(true);
    expect(acts).toEqual([{ action: "suspend", target, reason: "GPU hog" }]);
    expect(queries).toHaveLength(1);
    const failing = createAdminUseCase({
      api: fakeApi({ act: () => Promise.reject(new Error("409")) }).api,
    });
    expect(await failing.act("delete", target, "old")).toBe(false);
    expect((failing.getSnapshot().actionError as Error).message).toBe("409");
    expect(failing.getSnapshot().acting).toBeUndefined();
  });

  it("drops the answer to an older query", async () => {
    let release: (r: AdminServicesResponse) => void = () => undefined;
    let calls = 0;
    const admin = createAdminUseCase({
      api: fakeApi({
        services: () => {
          calls++;
          return calls === 1
            ? new Promise((resolve) => (release = resolve))
            : Promise.resolve(page(99));
        },
      }).api,
    });
    const first = admin.setFilters({ owner: "a" });
    await admin.setFilters({ owner: "b" });
    release(page(1));
    await first;
    expect(admin.getSnapshot().listing?.total).toBe(99);
  });
});

describe("admin formatting", () => {
  it("writes amounts and durations", () => {
    expect(formatCpu(0.25)).toBe("250m");
    expect(formatCpu(2)).toBe("2");
    expect(formatBytes(1536 * 2 ** 20)).toBe("1.5Gi");
    expect(formatDuration(3 * 86_400_000 + 4 * 3_600_000)).toBe("3d 4h");
    expect(formatDuration(30_000)).toBe("<1m");
    expect(share(1, 0)).toBe(0);
  });

  it("puts only the set fields in the query string", () => {
    expect(adminQueryString({ sort: "cpu", order: "asc", owner: "", project: "user-a b" })).toBe(
      "?sort=cpu&order=asc&project=user-a+b",
    );
    expect(adminQueryString({})).toBe("");
  });
});
