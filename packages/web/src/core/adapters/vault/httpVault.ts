// The Vault adapter over the HTTP API (fetch, no SDK), as Onyxia's web does it (reference §8): JWT
// login with the user's OIDC access token, the Vault token cached in session storage and renewed
// at 90 % of its lifetime, KV v2 calls with the X-Vault-Token header. A refused call made with a
// cached token is retried once with a new token (the cached one may have expired or been revoked).
// Values never reach a URL, the command log or an error message.
import { formatKvListResult, kvApiPath, splitListing, vaultKvCommands } from "@onyxia-ts/core";
import {
  VaultError,
  type SecretData,
  type SecretMetadata,
  type SecretVersion,
  type VaultPort,
  type VaultToken,
} from "../../ports/vault.ts";

export interface HttpVaultOptions {
  /** The region's `vault.URL`. */
  url: string;
  kvEngine: string;
  role: string | undefined;
  /** Defaults to "jwt", as Onyxia. */
  authPath?: string;
  /** The OIDC access token to log in with (fresh each call: the session refreshes it). */
  getAccessToken: () => string | Promise<string>;
  /** Who is logged in (e.g. the token's `sub`): a cached token is never reused for someone else. */
  userKey: string;
  /** sessionStorage in the browser; undefined keeps the token in memory only. */
  storage?: Pick<Storage, "getItem" | "setItem" | "removeItem">;
  fetch?: typeof fetch;
  now?: () => number;
  /** The command bar: the CLI equivalent of each call, values masked. */
  log?: (call: string, commands: string[]) => void;
}

const TOKEN_KEY_PREFIX = "datalab.vaultToken.";
const RENEW_AT_FRACTION = 0.9;

/** FNV-1a, hex: a short stable key from the login parameters (not a secret). */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

export function vaultTokenStorageKey(
  o: Pick<HttpVaultOptions, "url" | "authPath" | "role" | "userKey">,
) {
  return (
    TOKEN_KEY_PREFIX +
    fnv1a(JSON.stringify([o.url.replace(/\/$/, ""), o.authPath ?? "jwt", o.role ?? "", o.userKey]))
  );
}

/** Drops every cached Vault token of this browser tab (logout, projects changed). */
export function clearCachedVaultTokens(storage: Pick<Storage, "removeItem" | "key" | "length">) {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith(TOKEN_KEY_PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

const PROJECTS_KEY = "datalab.vaultProjects";

/**
 * Onyxia clears the cached token when the user's projects change (a new group means new Vault
 * policies, which an existing token does not carry). Call at each session start with the project ids.
 */
export function syncVaultTokensWithProjects(
  storage: Pick<Storage, "getItem" | "setItem" | "removeItem" | "key" | "length">,
  projectIds: readonly string[],
): boolean {
  const fingerprint = JSON.stringify([...projectIds].sort());
  const previous = storage.getItem(PROJECTS_KEY);
  if (previous === fingerprint) return false;
  clearCachedVaultTokens(storage);
  storage.setItem(PROJECTS_KEY, fingerprint);
  return previous !== null;
}

function isToken(v: unknown): v is VaultToken {
  const t = v as VaultToken | null;
  return (
    typeof t === "object" &&
    t !== null &&
    typeof t.token === "string" &&
    typeof t.acquiredAt === "number" &&
    typeof t.expiresAt === "number"
  );
}

async function errorText(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: unknown };
    if (Array.isArray(body.errors))
      return body.errors.filter((e) => typeof e === "string").join("; ");
  } catch {
    /* not JSON */
  }
  return response.statusText;
}

export function createHttpVault(options: HttpVaultOptions): VaultPort {
  const base = options.url.replace(/\/$/, "");
  const authPath = options.authPath ?? "jwt";
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const now = options.now ?? Date.now;
  const storageKey = vaultTokenStorageKey(options);
  const log = options.log ?? (() => {});
  const { kvEngine } = options;
  let memory: VaultToken | undefined;
  let pending: Promise<VaultToken> | undefined;

  async function call(url: string, init: RequestInit, path?: string): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, init);
    } catch {
      throw new VaultError("unreachable", `Vault (${base}) cannot be reached`, { path });
    }
    if (response.status >= 500) {
      throw new VaultError(
        "unavailable",
        `Vault is not available (${response.status}: ${await errorText(response)})`,
        { status: response.status, path },
      );
    }
    return response;
  }

  function readCached(): VaultToken | undefined {
    if (memory) return memory;
    try {
      const raw = options.storage?.getItem(storageKey);
      const parsed: unknown = raw ? JSON.parse(raw) : undefined;
      return isToken(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }

  function store(token: VaultToken | undefined) {
    memory = token;
    try {
      if (token) options.storage?.setItem(storageKey, JSON.stringify(token));
      else options.storage?.removeItem(storageKey);
    } catch {
      /* memory only */
    }
  }

  const stillFresh = (t: VaultToken) =>
    now() < t.acquiredAt + (t.expiresAt - t.acquiredAt) * RENEW_AT_FRACTION;

  async function login(): Promise<VaultToken> {
    const jwt = await options.getAccessToken();
    const acquiredAt = now();
    const response = await call(`${base}/v1/auth/${encodeURIComponent(authPath)}/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ role: options.role, jwt }),
    });
    if (!response.ok) {
      throw new VaultError(
        "login-refused",
        `Vault refused the login (${response.status}: ${await errorText(response)})`,
        { status: response.status },
      );
    }
    const body = (await response.json()) as {
      auth?: { client_token?: string; lease_duration?: number };
    };
    const token = body.auth?.client_token;
    if (!token) throw new VaultError("login-refused", "Vault's login answer carries no token");
    log("vault login", [vaultKvCommands.login(authPath, options.role)]);
    return { token, acquiredAt, expiresAt: acquiredAt + (body.auth?.lease_duration ?? 0) * 1000 };
  }

  async function getToken(o: { forceRenew?: boolean } = {}): Promise<VaultToken> {
    if (!o.forceRenew) {
      const cached = readCached();
      if (cached && stillFresh(cached)) return cached;
    }
    pending ??= login()
      .then((t) => {
        store(t);
        return t;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }

  /** A KV call; a 403 with a token that was cached (not just issued) is retried once after a new login. */
  async function kv(
    method: string,
    apiPath: string,
    path: string,
    body?: unknown,
  ): Promise<Response> {
    const send = (token: string) =>
      call(
        `${base}${apiPath}`,
        {
          method,
          headers: {
            "x-vault-token": token,
            ...(body !== undefined ? { "content-type": "application/json" } : {}),
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        },
        path,
      );
    const before = readCached();
    let token = await getToken();
    let response = await send(token.token);
    const wasCached = before !== undefined && before.token === token.token;
    if (response.status === 403 && wasCached) {
      store(undefined);
      token = await getToken({ forceRenew: true });
      response = await send(token.token);
    }
    if (response.status === 403) {
      throw new VaultError(
        "forbidden",
        `Access to "${path}" is not allowed by your Vault policies`,
        {
          status: 403,
          path,
        },
      );
    }
    return response;
  }

  async function failure(response: Response, path: string): Promise<never> {
    const text = await errorText(response);
    if (response.status === 400 && /check-and-set/i.test(text)) {
      throw new VaultError("cas-conflict", `"${path}" was changed meanwhile`, {
        status: 400,
        path,
      });
    }
    throw new VaultError(
      "bad-request",
      `Vault refused the request on "${path}" (${response.status}: ${text})`,
      {
        status: response.status,
        path,
      },
    );
  }

  return {
    getToken,

    async list(path) {
      const response = await kv("GET", `${kvApiPath(kvEngine, "metadata", path)}?list=true`, path);
      let listing = { directories: [] as string[], files: [] as string[] };
      if (response.status !== 404) {
        if (!response.ok) return failure(response, path);
        const body = (await response.json()) as { data?: { keys?: unknown } };
        const keys = Array.isArray(body.data?.keys) ? (body.data.keys as unknown[]) : [];
        listing = splitListing(keys.filter((k): k is string => typeof k === "string"));
      }
      log("vault list", [
        vaultKvCommands.list(kvEngine, path),
        formatKvListResult(listing.directories, listing.files),
      ]);
      return listing;
    },

    async get(path): Promise<SecretVersion | undefined> {
      const response = await kv("GET", kvApiPath(kvEngine, "data", path), path);
      log("vault get", [vaultKvCommands.get(kvEngine, path)]);
      if (response.status === 404) return undefined;
      if (!response.ok) return failure(response, path);
      const body = (await response.json()) as {
        data?: { data?: SecretData | null; metadata?: { version?: number; created_time?: string } };
      };
      if (!body.data?.data) return undefined;
      return {
        data: body.data.data,
        version: body.data.metadata?.version ?? 0,
        createdTime: body.data.metadata?.created_time ?? "",
      };
    },

    async put(path, data, o = {}) {
      const payload = { data, ...(o.cas !== undefined ? { options: { cas: o.cas } } : {}) };
      const response = await kv("PUT", kvApiPath(kvEngine, "data", path), path, payload);
      if (!response.ok) return failure(response, path);
      log("vault put", [vaultKvCommands.put(kvEngine, path, Object.keys(data))]);
      const body = (await response.json()) as { data?: { version?: number } };
      return { version: body.data?.version ?? 0 };
    },

    async delete(path) {
      const response = await kv("DELETE", kvApiPath(kvEngine, "metadata", path), path);
      if (!response.ok && response.status !== 404) return failure(response, path);
      log("vault delete", [vaultKvCommands.delete(kvEngine, path)]);
    },

    async metadata(path): Promise<SecretMetadata | undefined> {
      const response = await kv("GET", kvApiPath(kvEngine, "metadata", path), path);
      if (response.status === 404) return undefined;
      if (!response.ok) return failure(response, path);
      const body = (await response.json()) as {
        data?: { current_version?: number; updated_time?: string };
      };
      return {
        currentVersion: body.data?.current_version ?? 0,
        updatedTime: body.data?.updated_time ?? "",
      };
    },
  };
}
