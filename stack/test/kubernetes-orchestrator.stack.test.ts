// The orchestrator itself: dependency order, `.stack/env`, and `up` on a running stack being
// a quick no-op that finds every component healthy.
// @stack-components kwok
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { StackComponent } from "../lib/component.ts";
import { createContext } from "../lib/context.ts";
import { readEnvFile, writeEnvFile } from "../lib/env-file.ts";
import { onlyFromEnv } from "../lib/ensure.ts";
import { orderedComponents, status, up, withDependencies } from "../lib/orchestrator.ts";
import { dependencyOrder, oidcSettingsFrom } from "../lib/registry.ts";

const component = (name: string, dependsOn: string[] = []): StackComponent => ({
  name,
  dependsOn,
  build: async () => {},
  start: async () => {},
  healthy: async () => true,
  env: () => ({}),
});

describe("dependency order", () => {
  it("puts dependencies first, whatever the declaration order", () => {
    const order = dependencyOrder([
      component("kwok", ["kube-apiserver", "kube-scheduler"]),
      component("kube-scheduler", ["kube-apiserver"]),
      component("kube-apiserver", ["etcd", "oidc"]),
      component("oidc"),
      component("etcd"),
    ]).map((c) => c.name);
    expect(order.indexOf("etcd")).toBeLessThan(order.indexOf("kube-apiserver"));
    expect(order.indexOf("oidc")).toBeLessThan(order.indexOf("kube-apiserver"));
    expect(order.indexOf("kube-scheduler")).toBeLessThan(order.indexOf("kwok"));
    expect(order).toHaveLength(5);
  });

  it("rejects cycles and unknown dependencies", () => {
    expect(() => dependencyOrder([component("a", ["b"]), component("b", ["a"])])).toThrow(
      /cycle: a → b → a/,
    );
    expect(() => dependencyOrder([component("a", ["nope"])])).toThrow(/unknown component "nope"/);
  });
});

describe(".stack/env", () => {
  it("round-trips values with quotes and spaces as shell export lines", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-env-"));
    const ctx = createContext({ root, log: () => {} });
    const env = { KUBECONFIG: "/a b/kubeconfig", TRICKY: "it's $HOME `x`" };
    writeEnvFile(ctx, env);
    expect(fs.readFileSync(path.join(root, ".stack", "env"), "utf8")).toContain(
      "export KUBECONFIG='/a b/kubeconfig'",
    );
    expect(readEnvFile(ctx)).toEqual(env);
    fs.rmSync(root, { recursive: true });
  });
});

describe("OIDC wiring", () => {
  it("takes the apiserver's OIDC settings from the OIDC component's variables", () => {
    expect(
      oidcSettingsFrom({
        OIDC_ISSUER: "https://127.0.0.1:35556",
        OIDC_CA_FILE: "/ca.pem",
        OIDC_CLIENT_ID: "onyxia",
      }),
    ).toEqual({
      issuerUrl: "https://127.0.0.1:35556",
      caFile: "/ca.pem",
      clientId: "onyxia",
    });
    expect(oidcSettingsFrom({})).toBeUndefined();
  });
});

describe("on the running stack", () => {
  it("reports every component healthy with a live pid", async () => {
    const ctx = createContext({ log: () => {} });
    // STACK_COMPONENTS (a partial stack) limits what must run.
    const only = onlyFromEnv();
    const all = await status(ctx);
    const expected = only
      ? withDependencies(await orderedComponents(ctx), only).map((c) => c.name)
      : undefined;
    const components = expected ? all.filter((c) => expected.includes(c.name)) : all;
    expect(components.map((c) => c.name)).toEqual(
      expect.arrayContaining([
        "etcd",
        "kube-apiserver",
        "kube-controller-manager",
        "kube-scheduler",
        "kwok",
      ]),
    );
    for (const c of components) {
      expect(c.healthy, c.name).toBe(true);
      expect(c.pid, c.name).toBeGreaterThan(0);
    }
  });

  it("treats `up` as a health check when everything runs", async () => {
    const lines: string[] = [];
    const started = Date.now();
    const env = await up(createContext({ log: (line) => lines.push(line) }), {
      only: onlyFromEnv(),
    });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(lines.filter((l) => l.endsWith("already running")).length).toBeGreaterThanOrEqual(6);
    expect(lines.some((l) => l.includes("starting"))).toBe(false);
    expect(env.KUBECONFIG).toMatch(/\.stack\/kubeconfig$/);
  });
});
