// The idle controller against in-memory fakes of its ports: the fake Kubernetes (conditional
// writes, the Lease), the fake helm behind the user's real suspend path, a usage map the test
// sets, and a clock the test moves. Each test launches real (fake-helm) releases first.
import {
  DEFAULT_ACTIVITY_URL_PATTERN,
  decodeIdleRecord,
  IDLE_ANNOTATION,
  onyxiaSecretName,
  type IdleSuspendConfig,
  type Region,
} from "@onyxia-ts/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createIdleController,
  leaderElector,
  postponeIdleSuspend,
  systemCallerFor,
  type ActivitySignalsPort,
  type ExtraReadings,
  type IdleAuditRecord,
  type IdleNotice,
  type LeaderElector,
} from "../../src/features/idle-suspend/index.ts";
import { launch } from "../../src/features/launch/index.ts";
import { setSuspended } from "../../src/features/release-actions/index.ts";
import type { RegionPlatform } from "../../src/platform/compose.ts";
import type { IdleInventoryPort, IdleTarget, UsagePort } from "../../src/platform/ports.ts";
import { createWorld, type World } from "../support/world.ts";

const S = 1000;
const config: IdleSuspendConfig = {
  enabled: true,
  afterMs: 60 * S,
  cpuBelowMillicores: 50,
  warnBeforeMs: 20 * S,
  excludeCharts: [],
  excludeProjects: [],
  sampleEveryMs: 5 * S,
  activityURLPattern: DEFAULT_ACTIVITY_URL_PATTERN,
  activityTimeoutMs: 5000,
};

let world: World;
let now: number;
const clock = { now: () => now };
let cpu: Map<string, number> | undefined;
const usage: UsagePort = { releaseCpu: async () => (cpu ? new Map(cpu) : undefined) };
let audits: IdleAuditRecord[];
let notices: IdleNotice[];

beforeEach(async () => {
  world = await createWorld();
  now = Date.parse("2026-11-30T08:00:00Z");
  cpu = new Map();
  audits = [];
  notices = [];
});
afterEach(() => world.close());

/** A user of a region with idle suspend on. */
function member(idep: string) {
  const caller = world.caller(idep);
  return {
    ...caller,
    region: { ...caller.region, services: { ...caller.region.services, idleSuspend: config } },
  };
}

const recordPath = (ns: string, release: string) =>
  `/api/v1/namespaces/${ns}/secrets/${onyxiaSecretName(release)}`;

/** The releases as the cache inventory gives them, read from the fakes. */
const inventory: IdleInventoryPort = {
  async releases() {
    const out: IdleTarget[] = [];
    for (const [key, revisions] of world.helm.releases) {
      const [namespace, release] = key.split("/") as [string, string];
      const latest = revisions.at(-1)!;
      const record = world.kube.objects.get(recordPath(namespace, release));
      if (!record) continue;
      const global = (latest.values.global ?? {}) as Record<string, unknown>;
      out.push({
        namespace,
        release,
        chart: latest.chart,
        catalogId: "examples",
        chartVersion: latest.version,
        values: latest.values,
        owner: namespace.replace(/^user-/, ""),
        friendlyName: null,
        suspended: global.suspend === true,
        suspendable: Object.hasOwn(global, "suspend"),
        annotation: record.metadata?.annotations?.[IDLE_ANNOTATION],
        resourceVersion: record.metadata?.resourceVersion,
      });
    }
    return out;
  },
};

function controller(
  holder: string,
  over: {
    inventory?: IdleInventoryPort;
    cfg?: IdleSuspendConfig;
    elector?: LeaderElector;
    signals?: ActivitySignalsPort;
  } = {},
) {
  const cfg = over.cfg ?? config;
  const region = { id: "test", services: { idleSuspend: cfg } } as unknown as Region;
  const rp = { region, kube: world.kube, kubeconfig: undefined } as unknown as RegionPlatform;
  const elector =
    over.elector ??
    leaderElector(world.kube, clock, {
      namespace: "onyxia",
      name: "onyxia-idle-suspend-test",
      holder,
      durationMs: 15 * S,
    });
  return createIdleController({
    region,
    config: cfg,
    kube: world.kube,
    inventory: over.inventory ?? inventory,
    usage,
    ...(over.signals ? { signals: over.signals } : {}),
    elector,
    clock,
    suspend: async (t) => {
      await setSuspended(world.deps, systemCallerFor(t, rp), t.release, true);
    },
    uninstall: async () => undefined,
    notify: async (n) => void notices.push(n),
    audit: (a) => void audits.push(a),
  });
}

async function start(
  name: string,
  options: Record<string, unknown> = { global: { suspend: false } },
) {
  await launch(world.deps, world.caller("alice"), {
    catalogId: "examples",
    packageName: "postgres-lite",
    packageVersion: "1.2.0",
    name,
    options,
  });
}
const suspended = (release: string) =>
  (world.helm.releases.get(`user-alice/${release}`)!.at(-1)!.values.global as { suspend?: boolean })
    ?.suspend === true;
const recordOf = (release: string) =>
  decodeIdleRecord(
    world.kube.objects.get(recordPath("user-alice", release))?.metadata?.annotations?.[
      IDLE_ANNOTATION
    ],
  );

/** Samples every 5 s from now for `seconds`. */
async function runFor(seconds: number, ...controllers: ReturnType<typeof controller>[]) {
  const reports = [];
  for (let t = 0; t <= seconds; t += 5) {
    for (const c of controllers) reports.push(await c.tick());
    now += 5 * S;
  }
  return reports;
}

describe("idle controller", () => {
  it("counts the chart's HTTP signal and ingress traffic; an unanswered signal leaves the service alone", async () => {
    for (const name of ["pg-http", "pg-ingress", "pg-unknown", "pg-quiet"]) {
      await start(name);
      cpu!.set(`user-alice/${name}`, 3);
    }
    let ingressUntil = now + 30 * S;
    const read: Record<string, () => ExtraReadings> = {
      "pg-http": () => ({ http: { lastActivity: now - S } }),
      "pg-ingress": () => ({
        ingress: { requests: now < ingressUntil ? 3 : 0, windowMs: 60 * S },
      }),
      "pg-unknown": () => ({ http: { unknown: "HTTP 502" } }),
      "pg-quiet": () => ({
        http: { lastActivity: now - 3600 * S },
        ingress: { requests: 0, windowMs: 60 * S },
      }),
    };
    const signals: ActivitySignalsPort = { read: async (t) => read[t.release]!() };
    const c = controller("a", { signals });
    const reports = await runFor(75, c);
    expect(suspended("pg-quiet")).toBe(true);
    for (const name of ["pg-http", "pg-ingress", "pg-unknown"])
      expect(suspended(name), name).toBe(false);
    expect(recordOf("pg-http")).toMatchObject({ activeBy: ["http"] });
    expect(recordOf("pg-ingress")).toMatchObject({ activeBy: ["ingress"] });
    expect(recordOf("pg-unknown")).toMatchObject({ unknown: ["http"] });
    expect(reports.at(-1)!.unknown).toEqual(["user-alice/pg-unknown"]);
    const pause = audits.find((a) => a.kind === "suspend" && a.release === "pg-quiet")!;
    expect(pause.signals).toEqual(["cpu", "http", "ingress"]);
    expect(pause.reason).toMatch(
      /^idle for 1 min \(CPU 3m below 50m; HTTP last activity [^,]+, none since; ingress 0 requests in 1 min\)/,
    );
    // The ingress traffic stopped at 30 s: idle from there, warned 40 s later.
    expect(recordOf("pg-ingress")!.warnedAt).toBeDefined();
    ingressUntil = now + 3600 * S;
    await runFor(5, c);
    expect(recordOf("pg-ingress")!.warnedAt).toBeUndefined();
  });

  it("warns an idle service, then pauses it through the user's suspend path, with audit and webhook", async () => {
    await start("pg-idle");
    cpu!.set("user-alice/pg-idle", 3);
    const c = controller("a");
    await runFor(35, c); // warned at 40 s idle
    expect(suspended("pg-idle")).toBe(false);
    expect(notices).toEqual([]);
    await runFor(10, c);
    expect(notices.map((n) => n.kind)).toEqual(["warn"]);
    expect(recordOf("pg-idle")!.warnedAt).toBeDefined();
    await runFor(20, c);
    expect(suspended("pg-idle")).toBe(true);
    expect(notices.map((n) => n.kind)).toEqual(["warn", "suspend"]);
    const suspend = audits.find((a) => a.kind === "suspend")!;
    expect(suspend).toMatchObject({
      outcome: "ok",
      release: "pg-idle",
      owner: "alice",
      cpuMillicores: 3,
      cpuBelowMillicores: 50,
    });
    expect(suspend.reason).toMatch(/^idle for 1 min \(CPU 3m below 50m\)/);
    expect(world.events.at(-1)).toMatchObject({ type: "service.suspend", releaseName: "pg-idle" });
    const record = recordOf("pg-idle")!;
    expect(record.action).toMatchObject({ kind: "suspend" });
    expect(record.action!.commands[0]).toContain("helm upgrade pg-idle examples/postgres-lite");
    // Paused: nothing more happens.
    await runFor(60, c);
    expect(audits.filter((a) => a.kind === "suspend")).toHaveLength(1);
  });

  it("leaves a busy service, an excluded chart, a non-suspendable one and one without metrics alone", async () => {
    await start("pg-busy");
    await start("pg-excluded");
    await start("pg-nometrics");
    await start("pg-plain", {});
    cpu!.set("user-alice/pg-busy", 400);
    cpu!.set("user-alice/pg-excluded", 0);
    cpu!.set("user-alice/pg-plain", 0);
    const exclusion: IdleTarget[] = [];
    const excludingInventory: IdleInventoryPort = {
      releases: async () =>
        (await inventory.releases()).map((t) => {
          if (t.release === "pg-excluded") exclusion.push(t);
          return t.release === "pg-excluded" ? { ...t, chart: "pg-excluded-chart" } : t;
        }),
    };
    const c = controller("a", {
      inventory: excludingInventory,
      cfg: { ...config, excludeCharts: ["pg-excluded-chart"] },
    });
    const reports = await runFor(180, c);
    expect(exclusion.length).toBeGreaterThan(0);
    for (const r of ["pg-busy", "pg-excluded", "pg-nometrics", "pg-plain"])
      expect(suspended(r)).toBe(false);
    expect(audits).toEqual([]);
    expect(reports.at(-1)!.unknown).toEqual(["user-alice/pg-nometrics"]);
    expect(recordOf("pg-nometrics")).toMatchObject({ cpu: null });
    expect(recordOf("pg-excluded")).toBeUndefined();
  });

  it("does not pause a service its owner postponed", async () => {
    await start("pg-later");
    cpu!.set("user-alice/pg-later", 1);
    const c = controller("a");
    await runFor(45, c);
    expect(recordOf("pg-later")!.warnedAt).toBeDefined();
    const answer = await postponeIdleSuspend(clock, member("alice"), "pg-later");
    expect(answer.suspendAt).toBe(new Date(now + 60 * S).toISOString());
    expect(answer.commands[0]).toContain(`kubectl annotate secret ${onyxiaSecretName("pg-later")}`);
    await runFor(30, c);
    expect(suspended("pg-later")).toBe(false);
    expect(recordOf("pg-later")!.postponedAt).toBeDefined();
    // Still idle after the new window: paused then.
    await runFor(40, c);
    expect(suspended("pg-later")).toBe(true);
  });

  it("lets only the owner postpone, and only where idle suspend is on", async () => {
    await start("pg-mine");
    await expect(
      postponeIdleSuspend(clock, world.caller("alice"), "pg-mine"),
    ).rejects.toMatchObject({
      kind: "invalid",
      message: "Idle suspend is not enabled in region local",
    });
    await expect(postponeIdleSuspend(clock, member("bob"), "pg-mine")).rejects.toMatchObject({
      kind: "not-found",
    });
  });

  it("restarts nothing after a restart: a new controller goes on from the stored record", async () => {
    await start("pg-restart");
    cpu!.set("user-alice/pg-restart", 2);
    await runFor(45, controller("first"));
    expect(notices.map((n) => n.kind)).toEqual(["warn"]);
    // A new process (new holder) after the old Lease expired: it does not warn again, it pauses on time.
    now += 16 * S;
    await runFor(10, controller("second"));
    expect(notices.map((n) => n.kind)).toEqual(["warn", "suspend"]);
    expect(suspended("pg-restart")).toBe(true);
  });

  it("two replicas on one Lease: one leads, the other takes over when it stops renewing, no double action", async () => {
    await start("pg-ha");
    cpu!.set("user-alice/pg-ha", 1);
    const a = controller("replica-a");
    const b = controller("replica-b");
    const first = await runFor(30, a, b);
    expect(first.filter((r) => r.leader).length).toBe(first.length / 2);
    // a dies (no more ticks); b leads once the Lease has expired.
    const later = await runFor(60, b);
    expect(later.some((r) => r.leader)).toBe(true);
    expect(suspended("pg-ha")).toBe(true);
    expect(notices.map((n) => n.kind)).toEqual(["warn", "suspend"]);
    const lease = world.kube.objects.get(
      "/apis/coordination.k8s.io/v1/namespaces/onyxia/leases/onyxia-idle-suspend-test",
    );
    expect(lease?.spec).toMatchObject({ holderIdentity: "replica-b", leaseTransitions: 1 });
  });

  it("two deciders on one stale snapshot (split brain): the conditional write lets only one act", async () => {
    await start("pg-race");
    cpu!.set("user-alice/pg-race", 1);
    await runFor(45, controller("a")); // warned at 40 s
    now += 20 * S; // past the pause time
    const snapshot = await inventory.releases();
    const frozen: IdleInventoryPort = { releases: async () => snapshot };
    const always: LeaderElector = {
      tryLead: async () => true,
      isLeading: () => true,
      validUntil: () => Number.MAX_SAFE_INTEGER,
      release: async () => undefined,
    };
    const rx = await controller("x", { inventory: frozen, elector: always }).tick();
    const ry = await controller("y", { inventory: frozen, elector: always }).tick();
    expect([...rx.suspended, ...ry.suspended]).toEqual(["user-alice/pg-race"]);
    expect(audits.filter((a) => a.kind === "suspend")).toHaveLength(1);
    expect(suspended("pg-race")).toBe(true);
  });
});
