import { describe, expect, it } from "vitest";
import {
  MASKED_VALUE,
  VaultInputError,
  assertWithinTopDir,
  basenameProblem,
  formatKvGetResult,
  formatKvListResult,
  groupVaultTopDir,
  isReservedPath,
  kvApiPath,
  normalizeSecretKey,
  normalizeVaultPath,
  personalVaultTopDir,
  secretKeyProblem,
  settingPath,
  splitListing,
  validateSecretEntries,
  vaultBasename,
  vaultCliInitScript,
  vaultKvCommands,
  vaultParentPath,
} from "../../src/vault/index.ts";

describe("Vault top dirs (reference §8, §11)", () => {
  it("personal: prefix + idep; group: groupPrefix + groupNamespacePrefix + baseName", () => {
    const vault = { prefix: "user-", groupPrefix: "" };
    expect(personalVaultTopDir(vault, "alice")).toBe("user-alice");
    expect(groupVaultTopDir(vault, "projet-", "team-a")).toBe("projet-team-a");
    const nested = { prefix: "users/", groupPrefix: "groups/" };
    expect(personalVaultTopDir(nested, "bob")).toBe("users/bob");
    expect(groupVaultTopDir(nested, "projet-", "x")).toBe("groups/projet-x");
    expect(personalVaultTopDir({}, "carol")).toBe("carol");
  });

  it("keeps settings in <topDir>/.onyxia/<key>, and knows that folder is reserved", () => {
    expect(settingPath("user-alice", "restorableServiceConfigs")).toBe(
      "user-alice/.onyxia/restorableServiceConfigs",
    );
    expect(isReservedPath("user-alice/.onyxia/gitName", "user-alice")).toBe(true);
    expect(isReservedPath("user-alice/.onyxiax", "user-alice")).toBe(false);
    expect(isReservedPath("user-alice/db", "user-alice")).toBe(false);
  });
});

describe("Vault paths", () => {
  it("normalizes slashes and refuses dot segments and control characters", () => {
    expect(normalizeVaultPath("/user-alice//db/")).toBe("user-alice/db");
    expect(() => normalizeVaultPath("user-alice/../user-bob")).toThrow(/"\.\." segment/);
    expect(() => normalizeVaultPath("user-alice/./x")).toThrow(VaultInputError);
    expect(() => normalizeVaultPath("a\nb")).toThrow(/control characters/);
  });

  it("keeps the explorer inside the project's top dir (prefix match is by segment)", () => {
    expect(assertWithinTopDir("user-alice/x/y", "user-alice")).toBe("user-alice/x/y");
    expect(() => assertWithinTopDir("user-alice2/x", "user-alice")).toThrow(/outside/);
    expect(() => assertWithinTopDir("user-bob", "user-alice")).toThrow(VaultInputError);
  });

  it("builds KV v2 API paths with each segment percent-encoded", () => {
    expect(kvApiPath("onyxia-kv", "data", "user-alice/db")).toBe(
      "/v1/onyxia-kv/data/user-alice/db",
    );
    expect(kvApiPath("onyxia-kv", "metadata", "user-alice/my secret?#")).toBe(
      "/v1/onyxia-kv/metadata/user-alice/my%20secret%3F%23",
    );
  });

  it("splits listings into folders and files, and takes names apart", () => {
    expect(splitListing(["a/", "b", ".keep", "c/"])).toEqual({
      directories: ["a", "c"],
      files: ["b", ".keep"],
    });
    expect(vaultParentPath("user-alice/a/b")).toBe("user-alice/a");
    expect(vaultBasename("user-alice/a/b")).toBe("b");
  });

  it("refuses names with a slash, empty names and the placeholder's name", () => {
    expect(basenameProblem("db")).toBeUndefined();
    expect(basenameProblem("a/b")).toMatch(/"\/"/);
    expect(basenameProblem("  ")).toMatch(/empty/);
    expect(basenameProblem(".keep")).toMatch(/reserved/);
    expect(basenameProblem("..")).toMatch(/not a name/);
  });
});

describe("secret keys are environment variable names (reference §8)", () => {
  it("upper-cases and accepts letters, digits and _, not first digit, not only _", () => {
    expect(normalizeSecretKey(" api_key ")).toBe("API_KEY");
    for (const ok of ["A", "_A", "A1", "AWS_SECRET_ACCESS_KEY", "a_b"]) {
      expect(secretKeyProblem(ok)).toBeUndefined();
    }
    expect(secretKeyProblem("")?.kind).toBe("empty-key");
    expect(secretKeyProblem("1A")?.kind).toBe("key-starts-with-digit");
    expect(secretKeyProblem("A-B")?.kind).toBe("key-invalid-characters");
    expect(secretKeyProblem("A B")?.kind).toBe("key-invalid-characters");
    expect(secretKeyProblem("CLÉ")?.kind).toBe("key-invalid-characters");
    expect(secretKeyProblem("___")?.kind).toBe("key-only-underscores");
  });

  it("validates a whole secret before writing: normalized, distinct keys", () => {
    expect(
      validateSecretEntries([
        ["user", "x"],
        ["Token", "y"],
      ]),
    ).toEqual({ USER: "x", TOKEN: "y" });
    expect(() => validateSecretEntries([["my-key", "x"]])).toThrow(/"MY-KEY"/);
    expect(() =>
      validateSecretEntries([
        ["a", "1"],
        ["A", "2"],
      ]),
    ).toThrow(/appears twice/);
  });
});

describe("Vault CLI commands (command bar, account tab)", () => {
  it("shows list/get/put/delete on <engine>/<path>, with every value masked", () => {
    expect(vaultKvCommands.list("onyxia-kv", "user-alice")).toBe(
      "vault kv list onyxia-kv/user-alice",
    );
    expect(vaultKvCommands.get("onyxia-kv", "user-alice/db")).toBe(
      "vault kv get onyxia-kv/user-alice/db",
    );
    const put = vaultKvCommands.put("onyxia-kv", "user-alice/db", ["PASSWORD", "USER"]);
    expect(put).toBe(
      `vault kv put onyxia-kv/user-alice/db \\\n  PASSWORD="${MASKED_VALUE}" \\\n  USER="${MASKED_VALUE}"`,
    );
    expect(vaultKvCommands.delete("onyxia-kv", "user-alice/db")).toBe(
      "vault kv metadata delete onyxia-kv/user-alice/db",
    );
    expect(vaultKvCommands.get("onyxia-kv", "user-alice/my db")).toBe(
      "vault kv get 'onyxia-kv/user-alice/my db'",
    );
    expect(vaultKvCommands.login("jwt", "onyxia-user")).not.toMatch(/eyJ/);
  });

  it("formats results as the CLI does, values masked", () => {
    expect(formatKvListResult(["dir"], ["a"])).toBe("Keys\n----\ndir/\na");
    expect(formatKvGetResult(["PASSWORD", "A"]).split("\n").slice(1)).toEqual([
      "Key       Value",
      "---       -----",
      `PASSWORD  ${MASKED_VALUE}`,
      `A         ${MASKED_VALUE}`,
    ]);
  });

  it("writes a CLI init script, the token masked unless revealed", () => {
    const init = {
      url: "http://127.0.0.1:38200",
      kvEngine: "onyxia-kv",
      topDir: "user-alice",
      token: "hvs.SECRET",
    };
    const masked = vaultCliInitScript({ ...init, reveal: false });
    expect(masked).not.toContain("hvs.SECRET");
    expect(masked).toContain(`export VAULT_TOKEN=${MASKED_VALUE}`);
    expect(masked).toContain("export VAULT_MOUNT=onyxia-kv");
    expect(masked).toContain("export VAULT_TOP_DIR=user-alice");
    expect(vaultCliInitScript({ ...init, reveal: true })).toContain(
      "export VAULT_TOKEN=hvs.SECRET",
    );
  });
});
