// The HTTP Vault adapter against a scripted fetch: login with the OIDC token, session cache,
// renewal at 90 % of the lease, one retry on a refused cached token, typed errors, and no value
// in URLs or the command log.
import { describe, expect, it } from "vitest";
import {
  clearCachedVaultTokens,
  createHttpVault,
  syncVaultTokensWithProjects,
  vaultTokenStorageKey,
} from "./httpVault.ts";
import { MemoryStorage } from "./localVault.ts";
import { VaultError, isVaultError } from "../../ports/vault.ts";

interface Call {
  method: string;
  url: string;
  token: string | null;
  body: unknown;
}

/** A Vault that issues tokens "t1", "t2"… with a 100 s lease and accepts only the latest one. */
function fakeVault(options: { acceptOnly?: () => string | undefined } = {}) {
  const calls: Call[] = [];
  let issued = 0;
  const secrets = new Map<string, { data: unknown; version: number }>();
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
  const fetchFn = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    const headers = new Headers(init?.headers);
    const body = init?.body ? (JSON.parse(String(init.body)) as unknown) : undefined;
    const call = { method: init?.method ?? "GET", url, token: headers.get("x-vault-token"), body };
    calls.push(call);
    const path = new URL(url).pathname;
    if (path === "/v1/auth/jwt/login") {
      const b = body as { role: string; jwt: string };
      if (b.jwt !== "oidc-at" || b.role !== "onyxia-user")
        return json(400, { errors: ["bad jwt"] });
      issued++;
      return json(200, { auth: { client_token: `t${issued}`, lease_duration: 100 } });
    }
    const accepted = options.acceptOnly?.() ?? `t${issued}`;
    if (call.token !== accepted) return json(403, { errors: ["permission denied"] });
    if (path.includes("/user-bob")) return json(403, { errors: ["permission denied"] });
    const key = path.replace(/^\/v1\/kv\/(data|metadata)\//, "");
    if (path.startsWith("/v1/kv/data/") && call.method === "PUT") {
      const current = secrets.get(key)?.version ?? 0;
      const cas = (body as { options?: { cas?: number } }).options?.cas;
      if (cas !== undefined && cas !== current) {
        return json(400, { errors: ["check-and-set parameter did not match the current version"] });
      }
      secrets.set(key, { data: (body as { data: unknown }).data, version: current + 1 });
      return json(200, { data: { version: current + 1 } });
    }
    if (path.startsWith("/v1/kv/data/")) {
      const s = secrets.get(key);
      return s
        ? json(200, { data: { data: s.data, metadata: { version: s.version, created_time: "t" } } })
        : json(404, { errors: [] });
    }
    if (path.startsWith("/v1/kv/metadata/") && new URL(url).searchParams.get("list") === "true") {
      const prefix = `${key}/`;
      const keys = [...secrets.keys()]
        .filter((k) => k.startsWith(prefix))
        .map((k) => k.slice(prefix.length))
        .map((k) => (k.includes("/") ? `${k.split("/")[0]}/` : k));
      return keys.length
        ? json(200, { data: { keys: [...new Set(keys)] } })
        : json(404, { errors: [] });
    }
    if (path.startsWith("/v1/kv/metadata/") && call.method === "DELETE") {
      secrets.delete(key);
      return new Response(null, { status: 204 });
    }
    return json(404, { errors: [] });
  };
  return { calls, fetchFn, secrets };
}

function setup(options: Parameters<typeof fakeVault>[0] = {}) {
  const fake = fakeVault(options);
  let clock = 1_000_000;
  const storage = new MemoryStorage();
  const logged: string[] = [];
  const make = () =>
    createHttpVault({
      url: "http://vault.test/",
      kvEngine: "kv",
      role: "onyxia-user",
      getAccessToken: () => "oidc-at",
      userKey: "alice",
      storage,
      fetch: fake.fetchFn as typeof fetch,
      now: () => clock,
      log: (call, commands) => logged.push(call, ...commands),
    });
  return {
    ...fake,
    storage,
    logged,
    make,
    vault: make(),
    advance: (ms: number) => (clock += ms),
  };
}

const logins = (calls: Call[]) => calls.filter((c) => c.url.endsWith("/login")).length;

describe("HTTP Vault adapter", () => {
  it("logs in with the OIDC access token and the region's role, then sends X-Vault-Token", async () => {
    const t = setup();
    await t.vault.put("user-alice/db", { PASSWORD: "s3cret" });
    expect(t.calls[0]).toMatchObject({
      method: "POST",
      url: "http://vault.test/v1/auth/jwt/login",
      body: { role: "onyxia-user", jwt: "oidc-at" },
    });
    expect(t.calls[1]).toMatchObject({
      method: "PUT",
      token: "t1",
      url: "http://vault.test/v1/kv/data/user-alice/db",
    });
    expect((await t.vault.get("user-alice/db"))?.data).toEqual({ PASSWORD: "s3cret" });
  });

  it("caches the token in session storage (a new adapter in the tab reuses it)", async () => {
    const t = setup();
    await t.vault.list("user-alice");
    await t.make().list("user-alice");
    expect(logins(t.calls)).toBe(1);
    expect(
      t.storage.getItem(
        vaultTokenStorageKey({ url: "http://vault.test/", role: "onyxia-user", userKey: "alice" }),
      ),
    ).toContain('"t1"');
    // Another user in the same tab never gets alice's token.
    expect(
      vaultTokenStorageKey({ url: "http://vault.test/", role: "onyxia-user", userKey: "bob" }),
    ).not.toBe(
      vaultTokenStorageKey({ url: "http://vault.test/", role: "onyxia-user", userKey: "alice" }),
    );
  });

  it("renews the token at 90 % of its lifetime, not before", async () => {
    const t = setup();
    await t.vault.list("user-alice");
    t.advance(89_000);
    await t.vault.list("user-alice");
    expect(logins(t.calls)).toBe(1);
    t.advance(2_000);
    await t.vault.list("user-alice");
    expect(logins(t.calls)).toBe(2);
    expect(t.calls.at(-1)?.token).toBe("t2");
  });

  it("retries once with a new token when the cached one is refused (expired, revoked)", async () => {
    let accepted: string | undefined = "t1";
    const t = setup({ acceptOnly: () => accepted });
    await t.vault.list("user-alice");
    accepted = "t2"; // Vault forgot t1 (restart without storage, revocation)
    await t.vault.put("user-alice/x", { A: "1" });
    expect(logins(t.calls)).toBe(2);
    expect(t.calls.filter((c) => c.method === "PUT").map((c) => c.token)).toEqual(["t1", "t2"]);
  });

  it("says forbidden for another user's path, after a single retry", async () => {
    const t = setup();
    await t.vault.list("user-alice");
    const error = await t.vault.get("user-bob/x").catch((e: unknown) => e);
    expect(isVaultError(error, "forbidden")).toBe(true);
    expect((error as VaultError).path).toBe("user-bob/x");
    expect(t.calls.filter((c) => c.url.includes("user-bob"))).toHaveLength(2);
  });

  it("refuses a second save over an old version (check-and-set)", async () => {
    const t = setup();
    const { version } = await t.vault.put("user-alice/db", { A: "1" }, { cas: 0 });
    await t.vault.put("user-alice/db", { A: "2" }, { cas: version });
    const error = await t.vault
      .put("user-alice/db", { A: "3" }, { cas: version })
      .catch((e: unknown) => e);
    expect(isVaultError(error, "cas-conflict")).toBe(true);
    expect((await t.vault.get("user-alice/db"))?.data).toEqual({ A: "2" });
  });

  it("turns a network failure into 'unreachable' and a 5xx into 'unavailable'", async () => {
    const down = createHttpVault({
      url: "http://vault.test",
      kvEngine: "kv",
      role: "r",
      getAccessToken: () => "x",
      userKey: "u",
      fetch: (() => Promise.reject(new TypeError("Failed to fetch"))) as typeof fetch,
    });
    await expect(down.list("a")).rejects.toMatchObject({ kind: "unreachable" });
    const sealed = createHttpVault({
      url: "http://vault.test",
      kvEngine: "kv",
      role: "r",
      getAccessToken: () => "x",
      userKey: "u",
      fetch: (async () =>
        new Response('{"errors":["Vault is sealed"]}', { status: 503 })) as typeof fetch,
    });
    await expect(sealed.list("a")).rejects.toMatchObject({ kind: "unavailable", status: 503 });
  });

  it("maps a refused login to 'login-refused'", async () => {
    const t = setup();
    const vault = createHttpVault({
      url: "http://vault.test",
      kvEngine: "kv",
      role: "wrong-role",
      getAccessToken: () => "oidc-at",
      userKey: "u",
      fetch: t.fetchFn as typeof fetch,
    });
    await expect(vault.list("x")).rejects.toMatchObject({ kind: "login-refused", status: 400 });
  });

  it("never puts values in URLs or the command log; the log shows the vault CLI commands", async () => {
    const t = setup();
    await t.vault.put("user-alice/db", { PASSWORD: "s3cret-value" });
    await t.vault.get("user-alice/db");
    await t.vault.list("user-alice");
    await t.vault.delete("user-alice/db");
    expect(t.calls.every((c) => !c.url.includes("s3cret"))).toBe(true);
    const log = t.logged.join("\n");
    expect(log).not.toContain("s3cret-value");
    expect(log).not.toContain("oidc-at");
    expect(log).not.toMatch(/\bt1\b/);
    expect(log).toContain('vault kv put kv/user-alice/db \\\n  PASSWORD="');
    expect(log).toContain("vault kv get kv/user-alice/db");
    expect(log).toContain("vault kv list kv/user-alice");
    expect(log).toContain("vault kv metadata delete kv/user-alice/db");
  });

  it("drops cached tokens when the user's projects change", async () => {
    const t = setup();
    expect(syncVaultTokensWithProjects(t.storage, ["user-alice", "projet-team-a"])).toBe(false);
    await t.vault.list("user-alice");
    expect(syncVaultTokensWithProjects(t.storage, ["projet-team-a", "user-alice"])).toBe(false);
    await t.make().list("user-alice");
    expect(logins(t.calls)).toBe(1);
    expect(syncVaultTokensWithProjects(t.storage, ["user-alice"])).toBe(true);
    await t.make().list("user-alice");
    expect(logins(t.calls)).toBe(2);
    clearCachedVaultTokens(t.storage);
    await t.make().list("user-alice");
    expect(logins(t.calls)).toBe(3);
  });
});
