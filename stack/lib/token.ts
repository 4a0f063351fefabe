// `stack:token <user>`: an OIDC access token from the stack's OIDC provider, whose module
// (stack/components/oidc/index.ts) exports getToken(user, { ctx }); we only find and call it.
import type { StackContext } from "./component.ts";
import { loadRegistry } from "./registry.ts";

type GetToken = (user: string, options: { ctx: StackContext }) => Promise<string>;

export async function issueToken(ctx: StackContext, user: string): Promise<string> {
  const oidc = (await loadRegistry(ctx)).modules.find((m) => m.name === "oidc");
  if (!oidc)
    throw new Error(
      "no OIDC component (stack/components/oidc/index.ts); use `token --static <user>`",
    );
  const getToken = oidc.module.getToken;
  if (typeof getToken !== "function")
    throw new Error("stack/components/oidc/index.ts does not export getToken()");
  return await (getToken as GetToken)(user, { ctx });
}
