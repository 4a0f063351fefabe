// The control plane's cache folder follows its Go module: another go.mod or go.sum, another build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { binaries, controlPlaneBinDir } from "../components/kubernetes/versions.ts";
import { createContext } from "../lib/context.ts";

describe("control plane cache folder", () => {
  it("changes when go.mod or go.sum changes, and holds metrics-server with the control plane", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "stack-versions-"));
    const dir = path.join(root, "stack", "go", "kubernetes");
    fs.mkdirSync(dir, { recursive: true });
    const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text);
    const ctx = createContext({ root, log: () => {} });
    write("go.mod", "module a\n");
    write("go.sum", "x v1 h1:aaa\n");
    const first = controlPlaneBinDir(ctx);
    expect(first).toMatch(/kubernetes-v1\.33\.\d+-etcd-v[\d.]+-metrics-server-v[\d.]+-[0-9a-f]{8}/);
    expect(controlPlaneBinDir(ctx)).toBe(first);
    write("go.sum", "x v1 h1:bbb\n");
    const second = controlPlaneBinDir(ctx);
    expect(second).not.toBe(first);
    write("go.mod", "module b\n");
    expect(controlPlaneBinDir(ctx)).not.toBe(second);
    expect(path.dirname(binaries(ctx).metricsServer)).toBe(controlPlaneBinDir(ctx));
    fs.rmSync(root, { recursive: true });
  });
});
