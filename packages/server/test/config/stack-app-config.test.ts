// `.stack/onyxia.yaml` must be a configuration the server accepts as is: this runs the generator
// on the stack's settings and feeds the result through the same validation as `main.ts`.
import { resolveConfig } from "@onyxia-ts/core";
import { parse } from "yaml";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { appConfigFile, writeAppConfig } from "../../../../stack/lib/app-config.ts";

const env = {
  OIDC_ISSUER: "https://127.0.0.1:35556",
  OIDC_CLIENT_ID: "onyxia",
  S3_ENDPOINT: "http://127.0.0.1:39000",
  S3_REGION: "us-east-1",
  VAULT_ADDR: "http://127.0.0.1:38200",
  VAULT_KV_ENGINE: "onyxia-kv",
};

function generate(settings: Record<string, string>) {
  const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-config-"));
  const ctx = { root: "/repo", stateDir, cacheDir: stateDir, log: () => {} };
  writeAppConfig(ctx, settings);
  return fs.existsSync(appConfigFile(ctx))
    ? fs.readFileSync(appConfigFile(ctx), "utf8")
    : undefined;
}

describe(".stack/onyxia.yaml", () => {
  it("is valid for the server: OIDC, an impersonating multi-namespace region with S3 and Vault, the examples", () => {
    const text = generate(env);
    expect(text).toBeDefined();
    const { config, warnings } = resolveConfig({
      env: {},
      file: { name: "onyxia.yaml", data: parse(text!) },
    });
    expect(warnings).toEqual([]);
    expect(config.authentication.mode).toBe("openidconnect");
    const region = config.regions[0]!;
    expect(region.services.singleNamespace).toBe(false);
    expect(region.services.authenticationMode).toBe("impersonate");
    expect(region.services.usernamePrefix).toBe("oidc-");
    expect(region.vault?.URL).toBe(env.VAULT_ADDR);
    expect(JSON.stringify(region.data)).toContain(env.S3_ENDPOINT);
    expect(config.catalogs.map((c) => c.id)).toEqual(["examples"]);
    expect(config.schemas.profileDirectory).toBe("/repo/catalogs/examples/profile");
  });

  it("is not written when the stack has no OIDC provider to log in with", () => {
    expect(generate({ S3_ENDPOINT: env.S3_ENDPOINT })).toBeUndefined();
  });
});
