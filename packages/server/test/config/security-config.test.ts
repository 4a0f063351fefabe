// The security settings: defaults, env names, file forms, and what is refused at startup.
import { resolveConfig } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";

const resolve = (data: Record<string, unknown>, env: Record<string, string> = {}) =>
  resolveConfig({ file: { name: "t.yaml", data }, env }).config;

describe("security configuration", () => {
  it("has safe defaults", () => {
    const config = resolve({});
    expect(config.oidc).toMatchObject({ clockSkewSeconds: 30, jwksCooldownSeconds: 30 });
    expect(config.oidc.algorithms).toContain("RS256");
    expect(config.oidc.algorithms.some((a) => a === "none" || a.startsWith("HS"))).toBe(false);
    expect(config.security.rateLimit).toEqual({ max: 60, windowSeconds: 60 });
    expect(config.audit.sink).toBe("stdout");
  });

  it("reads every key from the environment", () => {
    const config = resolve(
      {},
      {
        OIDC_ALGORITHMS: "ES256, RS256",
        OIDC_CLOCK_SKEW_SECONDS: "5",
        OIDC_JWKS_COOLDOWN_SECONDS: "120",
        SECURITY_RATE_LIMIT_MAX: "10",
        SECURITY_RATE_LIMIT_WINDOW_SECONDS: "30",
        AUDIT_SINK: "file:/var/log/onyxia/audit.jsonl",
      },
    );
    expect(config.oidc).toMatchObject({
      algorithms: ["ES256", "RS256"],
      clockSkewSeconds: 5,
      jwksCooldownSeconds: 120,
    });
    expect(config.security.rateLimit).toEqual({ max: 10, windowSeconds: 30 });
    expect(config.audit.sink).toEqual({ file: "/var/log/onyxia/audit.jsonl" });
  });

  it("reads nested and dotted file forms", () => {
    expect(resolve({ security: { rateLimit: { max: 0 } }, audit: { sink: "log" } })).toMatchObject({
      security: { rateLimit: { max: 0, windowSeconds: 60 } },
      audit: { sink: "log" },
    });
    expect(
      resolve({ "security.rate-limit.window-seconds": 5 }).security.rateLimit.windowSeconds,
    ).toBe(5);
  });

  it("refuses an unknown audit sink, a negative skew and a zero window", () => {
    expect(() => resolve({ audit: { sink: "syslog" } })).toThrow(/audit\.sink/);
    expect(() => resolve({ oidc: { "clock-skew-seconds": -1 } })).toThrow(/clock-skew-seconds/);
    expect(() => resolve({ security: { "rate-limit": { "window-seconds": 0 } } })).toThrow(
      /window-seconds/,
    );
  });
});
