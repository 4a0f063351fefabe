// The secrets server (Vault API): JWT login with a user's OIDC access token, templated
// policies giving `onyxia-kv/user-<username>/` to the user and `onyxia-kv/projet-<group>/` to
// each group member; forged tokens and other users' paths are refused.
// @stack-components openbao
import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import openbao from "../components/openbao/index.ts";
import { VaultClient, VaultError } from "../components/openbao/client.ts";
import { JWT_MOUNT, KV_MOUNT, USER_ROLE, VAULT_ADDR } from "../components/openbao/config.ts";
import { getToken } from "../components/oidc/index.ts";
import { forgeToken } from "../components/oidc/forge.ts";
import { createContext } from "../lib/context.ts";
import { stopProcess } from "../lib/processes.ts";
import { pollUntil } from "../lib/time.ts";

const ctx = createContext();
const runId = `smoke-${Date.now()}`;
const anonymous = new VaultClient(VAULT_ADDR);

const login = async (user: string) =>
  anonymous.loginWithJwt(JWT_MOUNT, USER_ROLE, await getToken(user));
const write = (vault: VaultClient, path: string, data: Record<string, string>) =>
  vault.request("PUT", `${KV_MOUNT}/data/${path}`, { data });
const read = async (vault: VaultClient, path: string) =>
  (
    await vault.request<{ data: { data: Record<string, string> } }>(
      "GET",
      `${KV_MOUNT}/data/${path}`,
    )
  ).data.data;
const list = async (vault: VaultClient, path: string) =>
  (
    await vault.request<{ data: { keys: string[] } }>(
      "GET",
      `${KV_MOUNT}/metadata/${path}?list=true`,
    )
  ).data.keys;

async function statusOf(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
    return 200;
  } catch (error) {
    if (error instanceof VaultError) return error.status;
    throw error;
  }
}

describe("Vault API (KV v2 + JWT auth)", () => {
  let alice: VaultClient;
  let bob: VaultClient;
  let carol: VaultClient;

  beforeAll(async () => {
    expect(await openbao.healthy(ctx)).toBe(true);
    [alice, bob, carol] = await Promise.all([login("alice"), login("bob"), login("carol")]);
  });

  it("logs alice in with her access token and names her entity alias after preferred_username", async () => {
    const self = await alice.request<{
      data: { policies: string[]; meta: Record<string, string> | null; display_name: string };
    }>("GET", "auth/token/lookup-self");
    expect(self.data.policies).toContain("onyxia-user");
    expect(self.data.display_name).toBe(`${JWT_MOUNT}-alice`);
  });

  it("lets alice write, read, list and delete below user-alice/", async () => {
    await write(alice, `user-alice/${runId}/db`, { PASSWORD: "s3cret" });
    expect(await read(alice, `user-alice/${runId}/db`)).toEqual({ PASSWORD: "s3cret" });
    expect(await list(alice, `user-alice/${runId}`)).toEqual(["db"]);
    expect(await list(alice, "user-alice")).toContain(`${runId}/`);
    expect(
      await statusOf(alice.request("DELETE", `${KV_MOUNT}/metadata/user-alice/${runId}/db`)),
    ).toBe(200);
  });

  it("refuses alice on bob's path, both ways", async () => {
    await write(bob, `user-bob/${runId}`, { TOKEN: "bob-only" });
    expect(await statusOf(read(alice, `user-bob/${runId}`))).toBe(403);
    expect(await statusOf(write(alice, `user-bob/${runId}`, { TOKEN: "overwritten" }))).toBe(403);
    expect(await statusOf(list(alice, "user-bob"))).toBe(403);
    expect(await read(bob, `user-bob/${runId}`)).toEqual({ TOKEN: "bob-only" });
  });

  it("shares projet-team-a between its members alice and bob", async () => {
    await write(alice, `projet-team-a/${runId}`, { SHARED: "yes" });
    expect(await read(bob, `projet-team-a/${runId}`)).toEqual({ SHARED: "yes" });
    await write(alice, `projet-admins/${runId}`, { ADMIN: "yes" });
    expect(await statusOf(read(bob, `projet-admins/${runId}`))).toBe(403);
  });

  it("refuses carol, who has no group, on projet-team-a", async () => {
    expect(await statusOf(read(carol, `projet-team-a/${runId}`))).toBe(403);
    expect(await statusOf(write(carol, `projet-team-a/${runId}`, { X: "y" }))).toBe(403);
    await write(carol, `user-carol/${runId}`, { MINE: "ok" });
    expect(await read(carol, `user-carol/${runId}`)).toEqual({ MINE: "ok" });
  });

  it("refuses a login with a token signed by another key", async () => {
    const real = await getToken("alice");
    const forged = await forgeToken("alice", decodeProtectedHeader(real).kid!);
    expect(await statusOf(anonymous.loginWithJwt(JWT_MOUNT, USER_ROLE, forged))).toBe(400);
  });

  it("keeps secrets and the JWT setup across a restart (file storage, unsealed again at start)", async () => {
    await write(alice, `user-alice/${runId}/kept`, { KEPT: "yes" });
    await stopProcess(ctx, "openbao");
    expect(await openbao.healthy(ctx)).toBe(false);
    await openbao.start(ctx);
    expect(await pollUntil(() => openbao.healthy(ctx), 60_000)).toBe(true);
    // Tokens are stored too: alice's token still works, and a new login as well.
    expect(await read(alice, `user-alice/${runId}/kept`)).toEqual({ KEPT: "yes" });
    expect(await read(await login("alice"), `user-alice/${runId}/kept`)).toEqual({ KEPT: "yes" });
  });

  it("answers CORS preflights from the web app's origin", async () => {
    const response = await fetch(`${VAULT_ADDR}/v1/auth/${JWT_MOUNT}/login`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(response.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
  });
});
