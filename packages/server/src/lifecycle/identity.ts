// Whose rights helm uses for a caller (reference §1.5): the server's own identity (serviceAccount,
// admin), the user impersonated (impersonate), or the user's own token (tokenPassthrough).
import type { Region } from "@onyxia-ts/core";
import type { HelmIdentity } from "../helm/index.ts";
import type { User } from "../user/index.ts";

export function helmIdentityFor(region: Region, user: User, kubeconfig: string | undefined): HelmIdentity {
  const services = region.services;
  const base: HelmIdentity = kubeconfig ? { kubeconfig } : {};
  switch (services.authenticationMode) {
    case "impersonate":
      return { ...base, asUser: (services.usernamePrefix ?? "") + user.idep, asGroups: user.groups.map((g) => (services.groupPrefix ?? "") + g) };
    case "tokenPassthrough": {
      const token = user.attributes.access_token;
      if (typeof token !== "string" || token === "") throw new Error("tokenPassthrough needs the caller's access token, and there is none");
      return { ...base, token, ...(services.server?.URL ? { apiServer: services.server.URL } : {}) };
    }
    default:
      return base;
  }
}
