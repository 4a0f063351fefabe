// Idle suspend in Debian's Chromium on the local stack: alice's idle service shows "Idle for …,
// will be paused in …" on My services and on its page, "Not now" postpones it (the ownership
// record's annotation changes), and once the controller paused it the page offers Resume, which
// brings it back (helm upgrade with global.suspend=false).
//
// The controller is ticked by the test (the server's own is off): to stand for hours of idleness
// in seconds, the test writes the stored record back in time (`lastActive`, as the controller
// would have kept it), then the real controller decides on it. CPU figures are the test's own (3m,
// through the controller's usage port; the metrics API is proven by idle-suspend.stack.test.ts).
// @stack-components kwok
import { randomBytes } from "node:crypto";
import {
  decodeIdleRecord,
  encodeIdleRecord,
  IDLE_ANNOTATION,
  type IdleRecord,
} from "@onyxia-ts/core";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContext } from "../../../stack/lib/context.ts";
import { kube } from "../../../stack/lib/testing/kube.ts";
import { issueToken } from "../../../stack/lib/token.ts";
import { pollUntil } from "../../../stack/lib/time.ts";
import {
  idleControllerFor,
  type IdleController,
} from "../../server/src/features/idle-suspend/index.ts";
import { releaseDeps } from "../../server/src/routes/lifecycle/acting.ts";
import {
  canRunStackE2e,
  logIn,
  stackE2eConfig,
  startStackE2e,
  type StackE2e,
} from "./support/stackE2e.ts";

const M = 60_000;
const prefix = `idlee2e${randomBytes(2).toString("hex")}-`;
const namespace = `${prefix}user-alice`;
const leaseNamespace = `${prefix}system`;
const admin = kube();

let e2e: StackE2e;
let page: Page;
let controller: IdleController;
let release = "";
let token = "";
const pageErrors: string[] = [];

const recordPath = () => `/api/v1/namespaces/${namespace}/secrets/sh.onyxia.release.v1.${release}`;
const recordOf = async (): Promise<IdleRecord | undefined> =>
  decodeIdleRecord((await admin.get(recordPath())).metadata?.annotations?.[IDLE_ANNOTATION]);
/** Writes the stored record as the controller would have kept it (times in the past). */
const backdate = async (record: IdleRecord) =>
  admin.request("PATCH", recordPath(), {
    metadata: { annotations: { [IDLE_ANNOTATION]: encodeIdleRecord(record) } },
  });

async function api(method: string, url: string, payload?: object) {
  const r = await e2e.app.inject({
    method: method as "GET",
    url,
    headers: { authorization: `Bearer ${token}`, "onyxia-project": namespace },
    ...(payload ? { payload } : {}),
  });
  expect(r.statusCode, `${method} ${url}: ${r.body}`).toBeLessThan(300);
  return r;
}
const serviceOf = async () =>
  (await api("GET", `/api/my-lab/app?serviceId=${release}`)).json() as {
    suspended: boolean;
    idle: { status: string };
  };

describe.runIf(canRunStackE2e)("the idle notice in the browser", () => {
  beforeAll(async () => {
    const config = stackE2eConfig("idle-e2e.yaml", {
      services: {
        type: "KUBERNETES",
        singleNamespace: false,
        userNamespace: true,
        allowNamespaceCreation: true,
        namespacePrefix: `${prefix}user-`,
        groupNamespacePrefix: `${prefix}projet-`,
        idleSuspend: {
          enabled: true,
          after: "2h",
          warnBefore: "1h",
          cpuBelow: "50m",
          sampleEvery: "1m",
        },
      },
    });
    e2e = await startStackE2e(config, { idleControllers: false });
    await admin.create("/api/v1/namespaces", { metadata: { name: leaseNamespace } });
    controller = (await idleControllerFor(e2e.app.onyxia.config.regions[0]!, {
      platform: e2e.app.onyxia.platform,
      releaseDeps: releaseDeps(e2e.app.onyxia),
      leaseNamespace,
      holder: "idle-e2e",
      audit: () => undefined,
      usage: { releaseCpu: async () => new Map([[`${namespace}/${release}`, 3]]) },
    }))!.controller;

    const context = await e2e.newContext();
    page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(`${e2e.origin}/my-services`);
    await logIn(page, "alice");

    // alice's service, launched through the API with her own token.
    token = await issueToken(createContext(), "alice");
    const launched = await api("PUT", "/api/my-lab/app", {
      catalogId: "examples",
      packageName: "postgres-lite",
      packageVersion: "1.2.0",
      options: { global: { suspend: false } },
    });
    release = String(launched.headers["x-onyxia-release"]);
    // The launch attaches its record to Helm's revision after its answer; the controller's
    // writes are conditional on the record it last saw, so it starts once that has settled.
    const attached = await pollUntil(
      async () => ((await admin.get(recordPath())).metadata?.ownerReferences?.length ?? 0) > 0,
      30_000,
      50,
    );
    expect(attached).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await controller?.stop();
    await e2e?.close();
    for (const ns of [namespace, leaseNamespace])
      await admin.remove(`/api/v1/namespaces/${ns}`).catch(() => undefined);
  });

  it("shows the warning on My services and on the service page", async () => {
    // Observation starts (ticked again if its write lost a race with the record's last change,
    // which the controller drops and retries on its next tick).
    expect(
      await pollUntil(
        async () => {
          await controller.tick();
          return (await recordOf())?.cpu === 3;
        },
        30_000,
        100,
      ),
    ).toBe(true);
    // 70 minutes idle: past the warning (after − warnBefore = 1 h).
    await backdate({ lastActive: Date.now() - 70 * M, cpu: 3 });
    const report = await controller.tick();
    expect(report.warned).toEqual([`${namespace}/${release}`]);

    await page.goto(`${e2e.origin}/my-services`);
    const card = page.getByTestId(`service-card-${release}`);
    const notice = card.getByTestId("idle-notice");
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(
      /Idle for 1 hr 1\d min, will be paused in (59 min|1 hr 0 min)/,
    );
    // Its tooltip says what the signals said (here CPU alone: postgres-lite declares no HTTP signal).
    expect(await notice.getAttribute("title")).toMatch(/idle for 1 h 10 min \(CPU 3m below 50m\)/);

    await page.goto(`${e2e.origin}/my-service/${release}`);
    const onPage = page.getByTestId("idle-notice");
    await onPage.waitFor();
    expect(await onPage.textContent()).toMatch(/Idle for 1 hr 1\d min, will be paused in/);
  }, 120_000);

  it("“Not now” postpones: the stored record starts a new window, the warning goes", async () => {
    const before = (await recordOf())!;
    expect(before.warnedAt).toBeDefined();
    const clicked = Date.now();
    await page.getByTestId("idle-postpone").click();
    await page.getByTestId("idle-notice").waitFor({ state: "detached" });
    const after = (await recordOf())!;
    expect(after.warnedAt).toBeUndefined();
    expect(after.postponedAt).toBeGreaterThanOrEqual(clicked - 1000);
    expect(after.lastActive).toBe(after.postponedAt);
    expect(after.lastActive).toBeGreaterThan(before.lastActive + 60 * M);
    // The controller does not pause it now.
    expect((await controller.tick()).suspended).toEqual([]);
    expect((await serviceOf()).idle.status).toBe("tracking");
  }, 60_000);

  it("a service the controller paused shows Resume, and resumes", async () => {
    // Idle for the whole window and warned an hour ago: the next sample pauses it.
    await backdate({ lastActive: Date.now() - 121 * M, cpu: 3, warnedAt: Date.now() - 61 * M });
    const report = await controller.tick();
    expect(report.suspended).toEqual([`${namespace}/${release}`]);
    expect(await pollUntil(async () => (await serviceOf()).suspended, 30_000)).toBe(true);

    await page.goto(`${e2e.origin}/my-service/${release}`);
    await page.getByTestId("idle-paused").waitFor();
    expect(await page.getByTestId("idle-paused").textContent()).toMatch(/idleness/i);
    await page.getByTestId("service-resume").click();
    expect(await pollUntil(async () => !(await serviceOf()).suspended, 60_000)).toBe(true);
    await page.getByTestId("service-suspend").waitFor({ timeout: 30_000 });
    // Resumed by its owner: the controller does not pause it again (its count restarts).
    expect((await controller.tick()).suspended).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
