// `stack:token <user>`: an OIDC access token from the stack's OIDC provider, which exports
// the function (stack/components/oidc/index.ts); we only find and call it.
import type { StackContext } from "./component.ts";
import { loadRegistry } from "./registry.ts";

type TokenFunction = (ctx: StackContext, user: string) => Promise<string> | string;

const CANDIDATE_EXPORTS = ["issueToken", "token", "getToken", "tokenFor"];

export async function issueToken(ctx: StackContext, user: string): Promise<string> {
  const oidc = (await loadRegistry(ctx)).modules.find((m) => m.name === "oidc");
  if (!oidc) throw new Error("no OIDC component (stack/components/oidc/index.ts); use `token --static <user>`");
  const name = CANDIDATE_EXPORTS.find((n) => typeof oidc.module[n] === "function");
  if (!name) throw new Error(`stack/components/oidc/index.ts exports none of ${CANDIDATE_EXPORTS.join(", ")}`);
  return await (oidc.module[name] as TokenFunction)(ctx, user);
}
