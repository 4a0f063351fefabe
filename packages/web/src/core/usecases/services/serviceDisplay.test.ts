import type { Service } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import {
  deletableByMe,
  isTransient,
  openUrl,
  ownership,
  runningForLong,
  servicePassword,
  sortServices,
  splitChart,
} from "./serviceDisplay.ts";

function service(patch: Partial<Service>): Service {
  return {
    id: "vscode-1",
    name: "vscode-1",
    instances: 1,
    cpus: 0,
    mem: 0,
    status: "deployed",
    urls: [],
    internalUrls: [],
    env: {},
    tasks: [],
    subtitle: "vscode",
    monitoring: null,
    postInstallInstructions: "",
    namespace: "user-alice",
    revision: "1",
    updated: "",
    appVersion: "",
    chart: "vscode-python-2.3.1",
    startedAt: 0,
    suspendable: true,
    suspended: false,
    catalogId: "ide",
    owner: "alice",
    friendlyName: "vscode",
    share: false,
    labels: {},
    controllers: [],
    state: "running",
    stateReason: null,
    problems: [],
    orphan: false,
    ...patch,
  };
}

describe("service password (§6.2 order)", () => {
  it("prefers the project password when the notes show it", () => {
    const s = service({
      postInstallInstructions: "password: other\nyour password is s3cr3t",
      env: { "security.password": "s3cr3t" },
    });
    expect(servicePassword(s, "s3cr3t")).toBe("s3cr3t");
  });
  it("then a 'password: x' in the notes", () => {
    expect(
      servicePassword(
        service({ postInstallInstructions: "Login with\nPassword: hunter2\n" }),
        "proj",
      ),
    ).toBe("hunter2");
  });
  it("then the project password found in any value", () => {
    expect(
      servicePassword(service({ env: { "x.token": "proj", "a.password": "zzz" } }), "proj"),
    ).toBe("proj");
  });
  it("then the last value whose key ends with password", () => {
    expect(
      servicePassword(
        service({ env: { "a.password": "first", "b.userPassword": "second", "c.other": "x" } }),
        undefined,
      ),
    ).toBe("second");
  });
  it("is undefined when there is none", () => {
    expect(servicePassword(service({ env: { "a.b": "c" } }), "proj")).toBeUndefined();
  });
});

describe("open URL", () => {
  it("is the first service URL found in the notes", () => {
    const s = service({
      urls: ["https://a.example.test", "https://b.example.test"],
      postInstallInstructions:
        "Open [it](https://b.example.test/lab?token=1). Or https://a.example.test.",
    });
    expect(openUrl(s)).toBe("https://b.example.test/lab?token=1");
  });
  it("falls back to the first URL, and appends expose.ingressPort", () => {
    expect(openUrl(service({ urls: ["https://a.example.test/"] }))).toBe("https://a.example.test/");
    expect(
      openUrl(
        service({ urls: ["https://a.example.test/"], env: { "expose.ingressPort": "8443" } }),
      ),
    ).toBe("https://a.example.test:8443/");
    expect(openUrl(service({ urls: [] }))).toBeUndefined();
  });
});

describe("state helpers", () => {
  it("sorts newest first and flags transitions", () => {
    const sorted = sortServices([
      service({ id: "old", startedAt: 1 }),
      service({ id: "new", startedAt: 5 }),
    ]);
    expect(sorted.map((s) => s.id)).toEqual(["new", "old"]);
    expect(isTransient({ state: "starting" })).toBe(true);
    expect(isTransient({ state: "suspending" })).toBe(true);
    expect(isTransient({ state: "failed" })).toBe(false);
  });
  it("hints after 168 h of running only", () => {
    const now = Date.parse("2026-01-10T00:00:00Z");
    const started = now - 169 * 3_600_000;
    expect(runningForLong({ state: "running", startedAt: started }, now)).toBe(true);
    expect(runningForLong({ state: "running", startedAt: now - 167 * 3_600_000 }, now)).toBe(false);
    expect(runningForLong({ state: "suspended", startedAt: started }, now)).toBe(false);
  });
  it("splits chart names on the semver", () => {
    expect(splitChart("jupyter-python-2.3.1")).toEqual({
      name: "jupyter-python",
      version: "2.3.1",
    });
    expect(splitChart("vscode-lite-1.0.0-rc.1")).toEqual({
      name: "vscode-lite",
      version: "1.0.0-rc.1",
    });
    expect(splitChart("weird")).toEqual({ name: "weird", version: undefined });
  });
});

describe("ownership and delete all", () => {
  it("marks own, shared and orphan releases", () => {
    expect(ownership(service({ owner: "alice" }), "alice")).toBe("own");
    expect(ownership(service({ owner: "alice", share: true }), "alice")).toBe("own-shared");
    expect(ownership(service({ owner: "bob", share: true }), "alice")).toBe("shared");
    expect(ownership(service({ owner: null, orphan: true }), "alice")).toBe("orphan");
  });
  it("delete all never includes someone else's shared service", () => {
    const list = [
      service({ id: "mine" }),
      service({ id: "bobs", owner: "bob", share: true }),
      service({ id: "ghost", owner: null, orphan: true }),
    ];
    expect(deletableByMe(list, "alice").map((s) => s.id)).toEqual(["mine", "ghost"]);
  });
});
