import { describe, expect, it } from "vitest";
import { ConfigError, resolveConfig, toPublicRegion } from "../../src/config/index.ts";
import { formatDuration, parseDuration } from "../../src/idle/index.ts";

const withIdle = (idleSuspend: unknown) =>
  resolveConfig({
    file: { name: "c.yaml", data: { regions: [{ id: "r", services: { idleSuspend } }] } },
  });

function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseDuration", () => {
  it.each([
    ["8h", 8 * 3_600_000],
    ["30m", 1_800_000],
    ["1h30m", 5_400_000],
    ["20s", 20_000],
    ["2d", 172_800_000],
    ["1.5h", 5_400_000],
  ])("%s", (text, ms) => expect(parseDuration(text)).toBe(ms));

  it.each(["8", "h", "8 hours", "-1h", "1h 30m", ""])("refuses %j", (text) =>
    expect(parseDuration(text)).toBeUndefined(),
  );

  it("formats for people", () => {
    expect(formatDuration(6 * 3_600_000)).toBe("6 h");
    expect(formatDuration(90 * 60_000)).toBe("1 h 30 min");
    expect(formatDuration(12_000)).toBe("12 s");
  });
});

describe("services.idleSuspend", () => {
  it("parses a full configuration with quantities and durations", () => {
    const { config } = withIdle({
      enabled: true,
      after: "8h",
      cpuBelow: "50m",
      warnBefore: "1h",
      deleteSuspendedAfter: "7d",
      excludeCharts: ["postgresql", "ide/jupyter-gpu"],
      excludeProjects: ["projet-prod"],
      webhookURL: "https://hooks.lab.test/idle?token=s3cret",
      sampleEvery: "1m",
    });
    expect(config.regions[0]!.services.idleSuspend).toEqual({
      enabled: true,
      afterMs: 8 * 3_600_000,
      cpuBelowMillicores: 50,
      warnBeforeMs: 3_600_000,
      deleteSuspendedAfterMs: 7 * 86_400_000,
      excludeCharts: ["postgresql", "ide/jupyter-gpu"],
      excludeProjects: ["projet-prod"],
      webhookURL: "https://hooks.lab.test/idle?token=s3cret",
      sampleEveryMs: 60_000,
      activityURLPattern: "http://$SERVICE.$NAMESPACE.svc.cluster.local:$PORT$PATH",
      activityTimeoutMs: 5000,
    });
  });

  it("takes the defaults for what is left out, and is off unless enabled", () => {
    const idle = withIdle({}).config.regions[0]!.services.idleSuspend!;
    expect(idle).toMatchObject({ enabled: false, afterMs: 8 * 3_600_000, cpuBelowMillicores: 50 });
    expect(withIdle(undefined).config.regions[0]!.services.idleSuspend).toBeUndefined();
  });

  it("names each bad key", () => {
    const problems = problemsOf(() =>
      withIdle({ enabled: "yes", after: "8 hours", cpuBelow: -3, excludeCharts: "jupyter" }),
    ).join("\n");
    expect(problems).toContain("regions[0].services.idleSuspend.enabled: expected true or false");
    expect(problems).toContain(
      'regions[0].services.idleSuspend.after: expected a positive duration such as "8h"',
    );
    expect(problems).toContain(
      "regions[0].services.idleSuspend.cpuBelow: expected a positive number of millicores",
    );
    expect(problems).toContain("regions[0].services.idleSuspend.excludeCharts: expected an array");
  });

  it("refuses a warning at or beyond the window, and a non-http webhook", () => {
    const problems = problemsOf(() =>
      withIdle({ after: "1h", warnBefore: "2h", webhookURL: "ftp://x" }),
    ).join("\n");
    expect(problems).toContain("idleSuspend.warnBefore: must be shorter than after (1 h), got 2 h");
    expect(problems).toContain("idleSuspend.webhookURL: expected an http(s) URL");
  });

  it("warns about an unknown key rather than failing", () => {
    const { warnings } = withIdle({ enabled: true, aftr: "1h" });
    expect(warnings.join("\n")).toContain("idleSuspend.aftr: unknown key");
  });

  it("never serves the webhook URL (it may carry a token) nor internal addresses", () => {
    const region = withIdle({
      enabled: true,
      webhookURL: "https://h.test/?token=s3cret",
      activityURLPattern: "http://$SERVICE.$NAMESPACE.internal-dns:$PORT$PATH",
      prometheus: { URL: "http://prometheus.monitoring.internal:9090" },
    }).config.regions[0]!;
    expect(region.services.idleSuspend?.prometheus?.URL).toContain("monitoring.internal");
    const served = JSON.stringify(toPublicRegion(region));
    expect(served).not.toContain("s3cret");
    expect(served).not.toContain("internal");
    expect(served).toContain('"afterMs"');
  });
});
