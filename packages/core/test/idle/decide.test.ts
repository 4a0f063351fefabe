import { describe, expect, it } from "vitest";
import {
  DEFAULT_ACTIVITY_URL_PATTERN,
  decideIdle,
  decodeIdleRecord,
  encodeIdleRecord,
  postponeIdle,
  serviceIdleView,
  type IdleInput,
  type IdleRecord,
  type IdleSuspendConfig,
} from "../../src/idle/index.ts";

const H = 3_600_000;
const config: IdleSuspendConfig = {
  enabled: true,
  afterMs: 8 * H,
  cpuBelowMillicores: 50,
  warnBeforeMs: 1 * H,
  excludeCharts: [],
  excludeProjects: [],
  sampleEveryMs: 30_000,
  activityURLPattern: DEFAULT_ACTIVITY_URL_PATTERN,
  activityTimeoutMs: 5000,
};
const T0 = Date.parse("2026-11-30T08:00:00Z");

const decide = (over: Partial<IdleInput>) =>
  decideIdle({
    config,
    record: undefined,
    now: T0,
    cpu: 3,
    suspended: false,
    excluded: false,
    granularityMs: 60_000,
    ...over,
  });

/** Runs samples every `stepMs` with `cpu`, storing what the decision says to store. */
function run(
  record: IdleRecord | undefined,
  from: number,
  to: number,
  stepMs: number,
  cpu: number | undefined,
  cfg = config,
) {
  const states: { at: number; state: string }[] = [];
  for (let now = from; now <= to; now += stepMs) {
    const d = decideIdle({
      config: cfg,
      record,
      now,
      cpu,
      suspended: false,
      excluded: false,
      granularityMs: 60_000,
    });
    if (d.write) record = d.record;
    states.push({ at: now, state: d.state });
  }
  return { record, states };
}

describe("decideIdle", () => {
  it("starts counting at the first figure and writes it", () => {
    const d = decide({});
    expect(d).toMatchObject({ state: "active", write: true, record: { lastActive: T0, cpu: 3 } });
  });

  it("warns once at after - warnBefore, then pauses at after, with the figures", () => {
    const { states } = run(undefined, T0, T0 + 8 * H, 5 * 60_000, 3);
    const first = (s: string) => states.find((x) => x.state === s)?.at;
    expect(first("to-warn")).toBe(T0 + 7 * H);
    expect(states.filter((x) => x.state === "to-warn")).toHaveLength(1);
    expect(first("idle-warned")).toBe(T0 + 7 * H + 5 * 60_000);
    expect(first("to-suspend")).toBe(T0 + 8 * H);
  });

  it("never pauses a busy service, and rewrites lastActive only past the granularity", () => {
    const { states, record } = run(undefined, T0, T0 + 10 * H, 20_000, 400);
    expect(new Set(states.map((s) => s.state))).toEqual(new Set(["active"]));
    expect(record!.lastActive).toBeGreaterThan(T0 + 10 * H - 2 * 60_000);
    const quiet = decide({ record: { lastActive: T0, cpu: 400 }, now: T0 + 30_000, cpu: 400 });
    expect(quiet.write).toBe(false);
  });

  it("withdraws the warning when the service is used again", () => {
    const warned: IdleRecord = { lastActive: T0, cpu: 2, warnedAt: T0 + 7 * H };
    const d = decide({ record: warned, now: T0 + 7.5 * H, cpu: 900 });
    expect(d).toMatchObject({ state: "active", write: true });
    expect(d.record!.warnedAt).toBeUndefined();
    expect(d.record!.lastActive).toBe(T0 + 7.5 * H);
  });

  it("gives a late warning its full notice (a server that was down does not pause without warning)", () => {
    const d = decide({ record: { lastActive: T0, cpu: 1 }, now: T0 + 20 * H, cpu: 1 });
    expect(d.state).toBe("to-warn");
    expect(d.suspendAt).toBe(T0 + 21 * H);
    const after = decide({ record: d.record, now: T0 + 20.5 * H, cpu: 1 });
    expect(after.state).toBe("idle-warned");
    expect(decide({ record: d.record, now: T0 + 21 * H, cpu: 1 }).state).toBe("to-suspend");
  });

  it("pauses without a warning when warnBefore is 0", () => {
    const cfg = { ...config, warnBeforeMs: 0 };
    const { states } = run(undefined, T0, T0 + 8 * H, 60 * 60_000, 0, cfg);
    expect(states.map((s) => s.state)).not.toContain("to-warn");
    expect(states.at(-1)!.state).toBe("to-suspend");
  });

  it("leaves a service without metrics alone and restarts the window when figures come back", () => {
    const d = decide({ record: { lastActive: T0, cpu: 1 }, now: T0 + 7.9 * H, cpu: undefined });
    expect(d).toMatchObject({
      state: "unknown",
      write: true,
      record: { lastActive: T0 + 7.9 * H, cpu: null },
    });
    // Still unknown: nothing to write.
    expect(decide({ record: d.record, now: T0 + 9 * H, cpu: undefined }).write).toBe(false);
    const back = decide({ record: d.record, now: T0 + 20 * H, cpu: 1 });
    expect(back).toMatchObject({ state: "active", record: { lastActive: T0 + 20 * H, cpu: 1 } });
  });

  it("leaves excluded services alone", () => {
    expect(decide({ excluded: true, record: { lastActive: 0, cpu: 0 }, cpu: 0 })).toMatchObject({
      state: "excluded",
      write: false,
    });
  });

  it("postponing restarts the window from now and withdraws the warning", () => {
    const warned: IdleRecord = { lastActive: T0, cpu: 2, warnedAt: T0 + 7 * H };
    const postponed = postponeIdle(warned, T0 + 7.5 * H);
    expect(postponed.warnedAt).toBeUndefined();
    const d = decide({ record: postponed, now: T0 + 8 * H, cpu: 2 });
    expect(d.state).toBe("active");
    expect(d.suspendAt).toBe(T0 + 15.5 * H);
  });

  it("deletes a service paused for idleness after deleteSuspendedAfter, never one paused by a person", () => {
    const cfg = { ...config, deleteSuspendedAfterMs: 24 * H };
    const paused: IdleRecord = { lastActive: T0, cpu: 1, suspendedAt: T0 + 8 * H };
    expect(decide({ config: cfg, record: paused, suspended: true, now: T0 + 31 * H }).state).toBe(
      "suspended",
    );
    expect(decide({ config: cfg, record: paused, suspended: true, now: T0 + 32 * H }).state).toBe(
      "to-delete",
    );
    expect(
      decide({ config: cfg, record: { lastActive: T0, cpu: 1 }, suspended: true, now: T0 + 99 * H })
        .state,
    ).toBe("suspended");
  });

  it("waits while its own pause is applied, then restarts when someone resumed the service", () => {
    const paused: IdleRecord = { lastActive: T0, cpu: 1, suspendedAt: T0 + 8 * H };
    expect(decide({ record: paused, now: T0 + 8 * H + 30_000, cpu: 1 }).state).toBe("suspending");
    const resumed = decide({ record: paused, now: T0 + 12 * H, cpu: 1 });
    expect(resumed).toMatchObject({
      state: "active",
      write: true,
      record: { lastActive: T0 + 12 * H },
    });
    expect(resumed.record!.suspendedAt).toBeUndefined();
  });
});

describe("the stored record", () => {
  it("round-trips through its annotation and ignores a hand-edited one", () => {
    const record: IdleRecord = { lastActive: T0, cpu: 12, warnedAt: T0 + H, postponedAt: T0 };
    expect(decodeIdleRecord(encodeIdleRecord(record))).toEqual(record);
    expect(encodeIdleRecord(record)).toContain('"lastActive":"2026-11-30T08:00:00.000Z"');
    expect(decodeIdleRecord("{not json")).toBeUndefined();
    expect(decodeIdleRecord('{"lastActive":"yesterday"}')).toBeUndefined();
  });
});

describe("serviceIdleView", () => {
  const target = {
    suspended: false,
    suspendable: true,
    namespace: "user-a",
    chart: "jupyter",
    catalogId: "ide",
  };
  it("is null when idle suspend is off", () => {
    expect(serviceIdleView(undefined, { ...target, record: undefined })).toBeNull();
    expect(
      serviceIdleView({ ...config, enabled: false }, { ...target, record: undefined }),
    ).toBeNull();
  });
  it("shows idle since and the planned pause, 'unknown' without metrics, 'excluded' for an excluded chart", () => {
    const view = serviceIdleView(config, {
      ...target,
      record: { lastActive: T0, cpu: 2, warnedAt: T0 + 7 * H },
    });
    expect(view).toMatchObject({
      status: "warned",
      idleSince: "2026-11-30T08:00:00.000Z",
      suspendAt: "2026-11-30T16:00:00.000Z",
    });
    expect(
      serviceIdleView(config, { ...target, record: { lastActive: T0, cpu: null } })!.status,
    ).toBe("unknown");
    expect(
      serviceIdleView(
        { ...config, excludeCharts: ["ide/jupyter"] },
        { ...target, record: undefined },
      )!.status,
    ).toBe("excluded");
    expect(
      serviceIdleView(config, { ...target, suspendable: false, record: undefined })!.status,
    ).toBe("excluded");
  });
});
