// The explorer as the page sees it, and "use in a service": the charts with a `vault.secret`
// field, and the launcher link that sets it to the secret's path below the project's home.
import { decodeLauncherLink } from "@onyxia-ts/core";
import { describe, expect, it } from "vitest";
import { MemoryStorage, createLocalVault } from "../../adapters/vault/localVault.ts";
import type { JSONSchema } from "@onyxia-ts/core";
import {
  apiProject,
  apiUserInfo,
  catalogJson,
  chartJson,
  publicRegion,
} from "../../testing/contractFixtures.ts";
import { createVaultAccess } from "../user-settings/vaultAccess.ts";
import { createSecretsUseCase, hasVaultSecretField, secretRelativePath } from "./secretsUseCase.ts";

const withVault: JSONSchema = {
  type: "object",
  properties: { vault: { type: "object", properties: { secret: { type: "string" } } } },
};
const without: JSONSchema = { type: "object", properties: { vault: { type: "string" } } };

function setup() {
  const vault = createLocalVault(new MemoryStorage());
  const access = createVaultAccess({
    current: () => ({
      region: publicRegion({
        id: "r",
        vault: { URL: "https://v", kvEngine: "kv", authPath: "jwt" },
      }),
      userInfo: apiUserInfo({ idep: "alice" }),
    }),
    httpVault: () => vault,
    localVault: () => vault,
    projectsSeen: () => undefined,
  });
  const asked: string[] = [];
  const secrets = createSecretsUseCase({
    vault: access,
    catalogs: {
      get: () =>
        Promise.resolve({
          catalogs: [
            catalogJson("ide", [
              chartJson("vscode-lite", "1.0.0"),
              chartJson("plain", "2.0.0"),
              chartJson("broken", "0.1.0"),
            ]),
          ],
        }),
    },
    api: {
      chartSchema: (_catalog, chart) => {
        asked.push(chart);
        if (chart === "broken") return Promise.reject(new Error("no schema"));
        return Promise.resolve(chart === "vscode-lite" ? withVault : without);
      },
    },
  });
  return { vault, secrets, asked };
}

describe("secrets use case", () => {
  it("knows a Vault secret field when it sees one", () => {
    expect(hasVaultSecretField(withVault)).toBe(true);
    expect(hasVaultSecretField(without)).toBe(false);
    expect(hasVaultSecretField(undefined)).toBe(false);
  });

  it("offers only the charts with vault.secret, asking the catalogs once", async () => {
    const { secrets, asked } = setup();
    const charts = await secrets.chartsWithVaultSecret(true, "user-alice");
    expect(charts).toEqual([{ catalogId: "ide", chartName: "vscode-lite", version: "1.0.0" }]);
    await secrets.chartsWithVaultSecret(true, "user-alice");
    expect(asked.sort()).toEqual(["broken", "plain", "vscode-lite"]);
  });

  it("links the launcher with vault.secret relative to the home folder", () => {
    const project = secrets();
    const link = project.launchLink(
      { catalogId: "ide", chartName: "vscode-lite", version: "1.0.0" },
      "user-alice/apis/openai",
    );
    const [pathname = "", search = ""] = link.split("?");
    expect(decodeLauncherLink(pathname, `?${search}`).helmValuesPatch).toEqual([
      { path: ["vault", "secret"], value: "apis/openai" },
    ]);
    expect(secretRelativePath("user-alice/", "/user-alice/x")).toBe("x");
  });

  it("shows a folder, then a secret, and refuses a path outside the home", async () => {
    const project = secrets();
    await project.createFolder("user-alice", "apis");
    const path = await project.createSecret("user-alice/apis", "openai");
    await project.save(path, [["api_key", "sk-1"]], 1);
    expect(await project.view("")).toMatchObject({
      kind: "dir",
      path: "user-alice",
      dir: { directories: ["apis"] },
    });
    expect(await project.view(path)).toMatchObject({
      kind: "secret",
      secret: { data: { API_KEY: "sk-1" } },
    });
    expect(await project.countForDelete("user-alice/apis", true)).toBe(1);
    await expect(project.view("user-bob")).rejects.toThrow();
    await project.remove("user-alice/apis", true);
    expect((await project.view("")).kind === "dir").toBe(true);
  });
});

function secrets() {
  const project = setup().secrets.forProject(apiProject({ id: "user-alice" }));
  if (!project) throw new Error("no explorer");
  return project;
}
