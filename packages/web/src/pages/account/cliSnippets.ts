// Command-line snippets of the account page (Onyxia's "Kubernetes" and "Vault" tabs, §9):
// React-free so the token handling (masked unless asked for) is unit-tested.
import type { PublicRegion } from "@onyxia-ts/core";
import { base64UrlToText } from "@onyxia-ts/core";

/** Shown instead of the token until the user asks to see it (screen sharing, screenshots). */
export const MASKED_TOKEN = "••••••••••••••••";

export interface K8sEndpoint {
  url: string;
}

export interface VaultEndpoint {
  url: string;
  kvEngine?: string;
  role?: string;
  authPath: string;
}

/** The region's public Kubernetes endpoint (`services.k8sPublicEndpoint.URL`), if it offers one. */
export function k8sEndpoint(region: PublicRegion | undefined): K8sEndpoint | undefined {
  const url = region?.services.k8sPublicEndpoint?.URL;
  return typeof url === "string" && url !== "" ? { url } : undefined;
}

/** The region's Vault (`vault.URL`), if it has one; an empty `authPath` is "jwt", as in Onyxia. */
export function vaultEndpoint(region: PublicRegion | undefined): VaultEndpoint | undefined {
  const vault = region?.vault;
  if (typeof vault?.URL !== "string" || vault.URL === "") return undefined;
  const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    url: vault.URL.replace(/\/$/, ""),
    kvEngine: text(vault.kvEngine),
    role: text(vault.role),
    authPath: text(vault.authPath) ?? "jwt",
  };
}

/** Expiry (epoch ms) from a JWT's `exp` claim; undefined for an opaque token. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = base64UrlToText(payload);
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/** Quotes a shell word only when it needs it: user names and namespaces are usually plain. */
export function shellWord(value: string): string {
  return /^[\w./:=@,+-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

interface TokenInput {
  accessToken: string;
  /** False (the default on screen): the token is replaced by MASKED_TOKEN. */
  reveal: boolean;
}

function shownToken({ accessToken, reveal }: TokenInput): string {
  return reveal ? shellWord(accessToken) : MASKED_TOKEN;
}

/** kubectl commands pointing a context at the region's cluster, the user's token and namespace. */
export function kubectlSnippet(
  input: TokenInput & { endpoint: K8sEndpoint; username: string; namespace: string },
): string {
  const cluster = shellWord(new URL(input.endpoint.url).hostname);
  const user = shellWord(input.username);
  return [
    `kubectl config set-cluster ${cluster} --server=${shellWord(input.endpoint.url)}`,
    `kubectl config set-credentials ${user} --token=${shownToken(input)}`,
    `kubectl config set-context ${cluster} --user=${user} --cluster=${cluster} --namespace=${shellWord(input.namespace)}`,
    `kubectl config use-context ${cluster}`,
  ].join("\n");
}
