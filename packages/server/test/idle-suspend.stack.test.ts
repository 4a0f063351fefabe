// Idle suspend against the local cluster: real releases (helm), the ownership records'
// annotations, the Lease on the API server, the real metrics API (metrics-server behind the
// aggregation layer, scraping the CPU usage KWOK simulates for each pod; this test sets it with
// the pods' annotations, see stack/components/kubernetes/kwok-usage.ts), the user's suspend path.
// Two controller replicas share one Lease; the first stops in the middle.
// @stack-components kwok metrics-server
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setPodUsage, waitForPodCpu } from "../../../stack/lib/testing/usage.ts";
import { pollUntil } from "../../../stack/lib/time.ts";
import { buildApp } from "../src/app.ts";
import {
  idleControllerFor,
  type IdleAuditRecord,
  type IdleController,
  type TickReport,
} from "../src/features/idle-suspend/index.ts";
import { releaseDeps } from "../src/routes/lifecycle/acting.ts";
import { lifecycleConfig } from "./lifecycle/fixtures.ts";
import { FAST_IDLE_SUSPEND, idleReleases } from "./support/idle-releases.ts";
import { admin, helmSecrets, runPrefix, useStackKubeconfig } from "./lifecycle/stack-app.ts";

const prefix = runPrefix("idle");
const ns = `${prefix}default`;
const leaseNs = `${prefix}system`;
let app: FastifyInstance;
const audits: (IdleAuditRecord & { replica: string })[] = [];
const logs: string[] = [];

const INSTANCE = "app.kubernetes.io/instance";

/** The CPU KWOK simulates for the release's pods, as metrics-server will scrape it. */
const setCpu = (release: string, cpu: string) =>
  setPodUsage(admin, ns, `${INSTANCE}=${release}`, { cpu });

const { releases, launch: launchChart, recordOf, service } = idleReleases(() => app, ns);
// No volume: the stack has no provisioner, and a pod waiting for one never runs (no usage).
const launch = (key: string, chart: string, version: string) =>
  launchChart(
    key,
    ["examples", chart, version],
    chart === "vscode-lite" ? { persistence: { enabled: false } } : {},
  );
const revisions = async (key: string) => (await helmSecrets(ns, releases[key]!)).length;

async function replica(holder: string): Promise<IdleController> {
  const built = await idleControllerFor(app.onyxia.config.regions[0]!, {
    platform: app.onyxia.platform,
    releaseDeps: releaseDeps(app.onyxia),
    leaseNamespace: leaseNs,
    holder,
    leaseDurationMs: 15_000,
    audit: (record) => void audits.push({ ...record, replica: holder }),
    log: {
      info: (m) => void logs.push(`${holder} ${m}`),
      warn: (m) => void logs.push(`${holder} ${m}`),
    },
  });
  return built!.controller;
}

beforeAll(async () => {
  useStackKubeconfig();
  app = await buildApp({
    config: lifecycleConfig({
      region: {
        namespacePrefix: prefix,
        idleSuspend: {
          ...FAST_IDLE_SUSPEND,
          excludeCharts: ["dashboard"],
        },
      },
    }),
    webDistDirectory: null,
    idleControllers: false,
  });
  await app.onyxia.catalogs.start();
  await admin.create("/api/v1/namespaces", { metadata: { name: leaseNs } });
  await launch("idle", "vscode-lite", "1.0.0");
  await launch("busy", "vscode-lite", "1.0.0");
  await launch("later", "vscode-lite", "1.0.0");
  await launch("excluded", "dashboard", "0.3.0");
  await launch("nometrics", "vscode-lite", "1.0.0");
  await setCpu(releases.idle!, "3m");
  await setCpu(releases.busy!, "400m");
  await setCpu(releases.later!, "2m");
  await setCpu(releases.excluded!, "1m");
  // No usage: metrics-server drops a container whose cumulative CPU is 0 (no figure at all).
  await setCpu(releases.nometrics!, "0");
  // The controller starts once metrics-server serves these figures (two scrapes, 10 s apart).
  await waitForPodCpu(admin, ns, INSTANCE, {
    [releases.idle!]: 3,
    [releases.busy!]: 400,
    [releases.later!]: 2,
    [releases.excluded!]: 1,
    [releases.nometrics!]: undefined,
  });
}, 240_000);

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
  await admin.remove(`/api/v1/namespaces/${leaseNs}`);
});

describe("idle suspend on the stack", () => {
  it("warns then pauses the idle service once across a leader change; leaves the others alone", async () => {
    const a = await replica("idle-a");
    const b = await replica("idle-b");
    let aAlive = true;
    let postponed = false;
    const reports: string[] = [];
    const tickAll = async () => {
      const brief = (r: TickReport) =>
        `${new Date().toISOString()} leader=${r.leader} releases=${r.releases} writes=${r.writes} warned=${r.warned.length} suspended=${r.suspended.length} failed=${r.failed.join(",")}`;
      if (aAlive) reports.push(`a ${brief(await a.tick())}`);
      reports.push(`b ${brief(await b.tick())}`);
      const idle = await recordOf("idle");
      // Replica a dies (no more samples, no Lease release) once it has warned.
      if (idle?.warnedAt !== undefined) aAlive = false;
      const later = await recordOf("later");
      if (!postponed && later?.warnedAt !== undefined) {
        const r = await app.inject({
          method: "POST",
          url: "/api/my-lab/app/idle/postpone",
          payload: { serviceID: releases.later },
        });
        expect(r.statusCode, r.body).toBe(200);
        postponed = true;
      }
      return (await service("idle")).suspended === true;
    };
    const paused = await pollUntil(tickAll, 90_000, 1_000);
    expect(paused, JSON.stringify({ audits, logs, reports, idle: await recordOf("idle") })).toBe(
      true,
    );

    // Warned by a, paused by b: one warning, one pause, one helm upgrade.
    const idleAudits = audits.filter((x) => x.release === releases.idle);
    expect(idleAudits.map((x) => [x.kind, x.replica, x.outcome])).toEqual([
      ["warn", "idle-a", "ok"],
      ["suspend", "idle-b", "ok"],
    ]);
    expect(idleAudits[1]!.reason).toMatch(/^idle for \d+ s \(CPU 3m below 50m\)/);
    expect(await revisions("idle")).toBe(2);
    const record = (await recordOf("idle"))!;
    // On time: warned after `after - warnBefore` idle, paused after `after`.
    expect(record.warnedAt! - record.lastActive).toBeGreaterThanOrEqual(12_000);
    expect(record.suspendedAt! - record.lastActive).toBeGreaterThanOrEqual(20_000);
    expect(record.action?.commands[0]).toContain(`helm upgrade ${releases.idle}`);
    const lease = await admin.get(
      `/apis/coordination.k8s.io/v1/namespaces/${leaseNs}/leases/onyxia-idle-suspend-local`,
    );
    expect(lease.spec.holderIdentity).toBe("idle-b");

    // The listing shows it paused for idleness, with the pause in the owner's history.
    const idleService = await service("idle");
    expect(idleService.idle).toMatchObject({ status: "paused", lastAction: { kind: "suspend" } });

    for (const key of ["busy", "later", "excluded", "nometrics"]) {
      expect((await service(key)).suspended, key).toBe(false);
      expect(await revisions(key), key).toBe(1);
    }
    expect(postponed).toBe(true);
    expect((await recordOf("later"))!.postponedAt).toBeDefined();
    expect((await service("busy")).idle.status).toBe("tracking");
    expect((await service("excluded")).idle.status).toBe("excluded");
    // No figures: left alone and shown as "activity unknown".
    expect((await service("nometrics")).idle.status).toBe("unknown");
    // The postponed one may be warned again once its new window nears its end, never paused.
    const others = audits.filter((x) => x.release !== releases.idle);
    expect(others.length).toBeGreaterThan(0);
    expect(new Set(others.map((x) => `${x.kind} ${x.release}`))).toEqual(
      new Set([`warn ${releases.later}`]),
    );
    await b.stop();
  }, 150_000);
});
