import type { Service, ServiceIdle } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { automaticActions, idleNotice } from "./serviceDisplay.ts";

const H = 3_600_000;
const T0 = Date.parse("2026-11-30T08:00:00Z");
const iso = (ms: number) => new Date(ms).toISOString();
const idle = (over: Partial<ServiceIdle>): ServiceIdle => ({
  status: "tracking",
  idleSince: iso(T0),
  suspendAt: iso(T0 + 8 * H),
  warnedAt: null,
  suspendedAt: null,
  deleteAt: null,
  cpuMillicores: 2,
  cpuBelowMillicores: 50,
  afterMs: 8 * H,
  unknownSignals: [],
  activeBy: [],
  lastAction: null,
  ...over,
});

describe("idleNotice", () => {
  it("says nothing while idle for less than a quarter of the window, nor when off", () => {
    expect(idleNotice(idle({}), T0 + 1 * H)).toBeNull();
    expect(idleNotice(null, T0)).toBeNull();
    expect(idleNotice(idle({ status: "excluded" }), T0 + 9 * H)).toBeNull();
  });

  it("counts idle time and the time left from the client's clock", () => {
    expect(idleNotice(idle({}), T0 + 6 * H)).toEqual({
      kind: "idle",
      idleMs: 6 * H,
      pauseInMs: 2 * H,
      warned: false,
    });
    expect(
      idleNotice(idle({ status: "warned", suspendAt: iso(T0 + 9 * H) }), T0 + 8.5 * H),
    ).toMatchObject({
      warned: true,
      pauseInMs: 0.5 * H,
    });
  });

  it("reports unknown activity and a pause for idleness", () => {
    expect(
      idleNotice(idle({ status: "unknown", idleSince: null, unknownSignals: ["http"] }), T0),
    ).toEqual({ kind: "unknown", signals: ["http"] });
    expect(
      idleNotice(
        idle({ status: "paused", suspendedAt: iso(T0 + 8 * H), deleteAt: iso(T0 + 32 * H) }),
        T0 + 9 * H,
      ),
    ).toEqual({ kind: "paused", pausedAt: iso(T0 + 8 * H), deleteAt: iso(T0 + 32 * H) });
  });
});

describe("automaticActions", () => {
  it("hands each automatic pause to the command bar once", () => {
    const service = {
      id: "jup",
      idle: idle({
        lastAction: {
          kind: "suspend",
          at: iso(T0 + 8 * H),
          reason: "idle for 8 h",
          commands: ["helm upgrade jup ide/jupyter --set global.suspend=true"],
        },
      }),
    } as Service;
    const seen = new Set<string>();
    expect(automaticActions([service], seen)).toEqual([
      {
        call: "automatic suspend of jup: idle for 8 h",
        commands: ["helm upgrade jup ide/jupyter --set global.suspend=true"],
        at: T0 + 8 * H,
      },
    ]);
    expect(automaticActions([service], seen)).toEqual([]);
    const warned = {
      id: "w",
      idle: idle({ lastAction: { kind: "warn", at: iso(T0), reason: "", commands: [] } }),
    } as Service;
    expect(automaticActions([warned], seen)).toEqual([]);
  });
});
