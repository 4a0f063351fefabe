// Issue 17: the admin view's pure logic (CSV, listing query, requests, roles, reason, settings).
import { describe, expect, it } from "vitest";
import {
  adminNoticeOf,
  adminServicesCsv,
  ADMIN_NOTICE_ANNOTATION,
  checkAdminReason,
  ConfigError,
  csvCell,
  filterAndSortAdminServices,
  IDLE_ANNOTATION,
  idleSinceOf,
  isPlatformAdmin,
  parseAdminServicesQuery,
  podRequests,
  resolveConfig,
  type AdminService,
} from "../../src/index.ts";

const service = (over: Partial<AdminService>): AdminService => ({
  namespace: "user-a",
  release: "r",
  friendlyName: null,
  owner: "a",
  catalogId: "ide",
  chart: "jupyter",
  chartVersion: "1.0.0",
  createdAt: 0,
  state: "running",
  suspendable: true,
  suspended: false,
  requests: { cpu: 0, memory: 0, gpu: 0 },
  idleSince: null,
  ...over,
});

describe("CSV cells", () => {
  it("quotes commas, quotes and newlines, and neutralises formulas", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell('say "hi", then')).toBe('"say ""hi"", then"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    for (const formula of ["=1+1", "+1", "-1", "@SUM(A1)", "\tx"])
      expect(csvCell(formula).replace(/^"/, "")).toMatch(/^'/);
    expect(csvCell(-2)).toBe("-2");
    expect(csvCell(null)).toBe("");
  });

  it("writes one CRLF line per service after the header, ages relative to now", () => {
    const csv = adminServicesCsv(
      [
        service({
          release: "x",
          createdAt: 1000,
          owner: "=evil",
          idleSince: "1970-01-01T00:00:02.000Z",
        }),
      ],
      11_000,
    );
    const [header, row, end] = csv.split("\r\n");
    expect(header!.split(",")).toHaveLength(15);
    expect(row).toBe(
      "user-a,x,,'=evil,ide,jupyter,1.0.0,1970-01-01T00:00:01.000Z,10,running,0,0,0,1970-01-01T00:00:02.000Z,9",
    );
    expect(end).toBe("");
  });
});

describe("the listing query", () => {
  it("defaults to the newest first, 50 a page", () => {
    expect(parseAdminServicesQuery({})).toEqual({
      ok: true,
      query: { sort: "age", order: "desc", page: 1, pageSize: 50 },
    });
  });

  it("names the bad parameter", () => {
    const error = (raw: Record<string, unknown>) => {
      const r = parseAdminServicesQuery(raw);
      return r.ok ? "" : r.error;
    };
    expect(error({ page: "0" })).toContain('"page" must be an integer from 1');
    expect(error({ page: "1.5" })).toContain('"page"');
    expect(error({ owner: ["a", "b"] })).toBe('"owner" must be given once, as text');
    expect(error({ q: "x".repeat(300) })).toContain('"q" is longer than 253');
    expect(error({ state: "zombie" })).toContain('"state" must be one of failed, starting');
  });

  it("sorts with ties by namespace and release, in both orders", () => {
    const all = [
      service({ namespace: "user-b", release: "a", requests: { cpu: 1, memory: 0, gpu: 0 } }),
      service({ namespace: "user-a", release: "b", requests: { cpu: 1, memory: 0, gpu: 0 } }),
      service({ namespace: "user-a", release: "c", requests: { cpu: 2, memory: 0, gpu: 0 } }),
    ];
    const order = (o: "asc" | "desc") =>
      filterAndSortAdminServices(all, { sort: "cpu", order: o }, 0).map((s) => s.release);
    expect(order("asc")).toEqual(["b", "a", "c"]);
    expect(order("desc")).toEqual(["c", "b", "a"]);
    const idle = [
      service({ release: "never" }),
      service({ release: "long", idleSince: "2026-01-01T00:00:00Z" }),
      service({ release: "short", idleSince: "2026-01-02T00:00:00Z" }),
    ];
    expect(
      filterAndSortAdminServices(
        idle,
        { sort: "idle", order: "desc" },
        Date.parse("2026-01-03"),
      ).map((s) => s.release),
    ).toEqual(["long", "short", "never"]);
  });
});

describe("pod requests", () => {
  it("sums containers, takes an init container's larger request, and a GPU limit without request", () => {
    expect(
      podRequests({
        spec: {
          containers: [
            {
              resources: {
                requests: { cpu: "500m", memory: "1Gi" },
                limits: { "nvidia.com/gpu": "1" },
              },
            },
            { resources: { requests: { cpu: "250m" } } },
          ],
          initContainers: [{ resources: { requests: { cpu: "2", memory: "10Mi" } } }],
        },
      }),
    ).toEqual({ cpu: 2, memory: 2 ** 30, gpu: 1 });
  });
});

describe("admins, reasons and annotations", () => {
  it("is an admin through a role or a group, never with no admin role configured", () => {
    expect(isPlatformAdmin({ roles: ["ops"], groups: [] }, ["ops"])).toBe(true);
    expect(isPlatformAdmin({ roles: [], groups: ["ops"] }, ["ops"])).toBe(true);
    expect(isPlatformAdmin({ roles: ["dev"], groups: ["dev"] }, ["ops"])).toBe(false);
    expect(isPlatformAdmin({ roles: [""], groups: [] }, [])).toBe(false);
  });

  it("wants a reason of 3 to 500 characters without control characters", () => {
    expect(checkAdminReason("  GPU hog  ")).toEqual({ ok: true, reason: "GPU hog" });
    expect(checkAdminReason(undefined).ok).toBe(false);
    expect(checkAdminReason("no").ok).toBe(false);
    expect(checkAdminReason("x".repeat(501)).ok).toBe(false);
    expect(checkAdminReason("bad\u202eone").ok).toBe(false);
    expect(checkAdminReason("line one\nline two").ok).toBe(true);
  });

  it("reads the idle time and the notice, ignoring malformed annotations", () => {
    expect(idleSinceOf({ "onyxia-ts.io/idle-since": "2026-11-30T10:00:00+01:00" })).toBe(
      "2026-11-30T09:00:00.000Z",
    );
    expect(idleSinceOf({ "onyxia-ts.io/idle-since": "yesterday" })).toBeNull();
    // The idle controller's record wins; activity unknown (no CPU figure, or a signal that did
    // not answer) shows no idle time.
    const state = (record: object) => ({
      [IDLE_ANNOTATION]: JSON.stringify({ lastActive: "2026-11-30T08:00:00Z", ...record }),
      "onyxia-ts.io/idle-since": "2026-11-30T10:00:00Z",
    });
    expect(idleSinceOf(state({ cpu: 3 }))).toBe("2026-11-30T08:00:00.000Z");
    expect(idleSinceOf(state({ cpu: null }))).toBeNull();
    expect(idleSinceOf(state({ cpu: 3, unknown: ["http"] }))).toBeNull();
    expect(adminNoticeOf({ [ADMIN_NOTICE_ANNOTATION]: "{not json" })).toBeNull();
    expect(
      adminNoticeOf({
        [ADMIN_NOTICE_ANNOTATION]: JSON.stringify({
          action: "explode",
          reason: "x",
          by: "a",
          at: "t",
        }),
      }),
    ).toBeNull();
  });
});

describe("admin settings", () => {
  const resolve = (data: Record<string, unknown>, env: Record<string, string> = {}) =>
    resolveConfig({ file: { name: "t.yaml", data }, env }).config.admin;

  it("defaults to no admin and the instance-type label; accepts adminRoles, admin.roles and ADMIN_ROLES", () => {
    expect(resolve({})).toMatchObject({
      roles: [],
      nodePoolLabel: "node.kubernetes.io/instance-type",
    });
    expect(resolve({ adminRoles: ["ops", "sre"] }).roles).toEqual(["ops", "sre"]);
    expect(resolve({ admin: { roles: ["ops"], "node-pool-label": "type" } })).toMatchObject({
      roles: ["ops"],
      nodePoolLabel: "type",
    });
    expect(resolve({}, { ADMIN_ROLES: "ops, sre" }).roles).toEqual(["ops", "sre"]);
  });

  it("refuses an empty role and a label key Kubernetes would refuse, naming the key", () => {
    expect(() => resolve({ adminRoles: ["ops", " "] })).toThrow(/admin\.roles\[1\]/);
    expect(() => resolve({ adminRoles: "ops" })).not.toThrow();
    expect(() => resolve({ admin: { "node-pool-label": "bad key!" } })).toThrow(ConfigError);
    expect(() => resolve({ admin: { "node-pool-label": "bad key!" } })).toThrow(
      /admin\.node-pool-label/,
    );
    expect(() => resolve({ adminRoles: [3] })).toThrow(/admin\.roles/);
  });
});
