// Issue 15 item 4: a launch records its outcome and the duration of each phase through the
// metrics port (a recording fake here).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { launch } from "../../src/features/launch/index.ts";
import { recordingMetrics, type RecordingMetrics } from "../support/fake-metrics.ts";
import { createWorld, type World } from "../support/world.ts";

let world: World;
let metrics: RecordingMetrics;
beforeEach(async () => {
  world = await createWorld();
  metrics = recordingMetrics();
  world.deps.metrics = metrics;
});
afterEach(() => world.close());

const pg = { catalogId: "examples", packageName: "postgres-lite", packageVersion: "1.2.0" };

describe("launch metrics", () => {
  it("record an installed launch with its phases", async () => {
    await launch(world.deps, world.caller("alice"), { ...pg, name: "pg-1", options: {} });
    expect(metrics.launches).toHaveLength(1);
    const [recorded] = metrics.launches;
    expect(recorded?.outcome).toBe("installed");
    expect(Object.keys(recorded?.phasesMs ?? {})).toEqual(
      expect.arrayContaining(["validate", "namespace", "quota", "secret", "install"]),
    );
    for (const ms of Object.values(recorded?.phasesMs ?? {})) expect(ms).toBeGreaterThanOrEqual(0);
  });

  it("record a dry run, a refusal (bad values) and a failure (helm breaks) apart", async () => {
    await launch(world.deps, world.caller("alice"), { ...pg, dryRun: true, options: {} });
    await expect(
      launch(world.deps, world.caller("alice"), {
        ...pg,
        options: { global: { suspend: "yes" } },
      }),
    ).rejects.toThrow();
    world.deps.helm = {
      ...world.deps.helm,
      install: () => Promise.reject(new Error("helm crashed")),
    };
    await expect(
      launch(world.deps, world.caller("alice"), { ...pg, name: "pg-2", options: {} }),
    ).rejects.toThrow("helm crashed");
    expect(metrics.launches.map((l) => l.outcome)).toEqual(["dry-run", "refused", "failed"]);
    // The refusal happened while validating: nothing else was timed.
    expect(Object.keys(metrics.launches[1]?.phasesMs ?? {})).toEqual(["validate"]);
    expect(metrics.launches[2]?.phasesMs).toHaveProperty("install");
  });
});
