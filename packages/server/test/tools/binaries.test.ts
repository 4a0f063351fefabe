import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  helmBinary,
  kubectlBinary,
  PINNED_HELM_VERSION,
  toolsBinDirectory,
} from "../../src/tools/index.ts";

describe("pinned CLIs installed by npm ci", () => {
  it("helm reports the pinned version", () => {
    const output = execFileSync(helmBinary({}), ["version", "--short"], { encoding: "utf8" });
    expect(output.trim()).toMatch(
      new RegExp(`^${PINNED_HELM_VERSION.replaceAll(".", "\\.")}\\+g[0-9a-f]+$`),
    );
  });

  it("kubectl runs and reports a client version", () => {
    const output = execFileSync(kubectlBinary({}), ["version", "--client", "-o", "json"], {
      encoding: "utf8",
    });
    const parsed = JSON.parse(output) as { clientVersion?: { major?: string; minor?: string } };
    expect(parsed.clientVersion?.major).toBe("1");
    expect(Number(parsed.clientVersion?.minor)).toBeGreaterThanOrEqual(30);
  });

  it("defaults to <repo>/.tools/bin and honours HELM_BIN / KUBECTL_BIN", () => {
    expect(helmBinary({})).toBe(path.join(toolsBinDirectory, "helm"));
    expect(fs.existsSync(path.join(toolsBinDirectory, "..", "..", "package.json"))).toBe(true);
    expect(helmBinary({ HELM_BIN: "/opt/helm" })).toBe("/opt/helm");
    expect(kubectlBinary({ KUBECTL_BIN: "/opt/kubectl" })).toBe("/opt/kubectl");
    expect(kubectlBinary({})).toBe(path.join(toolsBinDirectory, "kubectl"));
  });
});
