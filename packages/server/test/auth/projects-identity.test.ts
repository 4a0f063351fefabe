// Projects from groups (excluded/included/transform patterns, single namespace, vault dirs) and
// the Kubernetes identity a request carries for each authenticationMode.
import { describe, expect, it } from "vitest";
import { resolveConfig } from "@onyxia-ts/core";
import {
  describeKubeIdentity,
  helmIdentityFields,
  kubeIdentityFor,
  kubeRequestHeaders,
  noAuthUser,
  projectsFor,
  type User,
} from "../../src/user/index.ts";

const region = (raw: Record<string, unknown>) =>
  resolveConfig({
    file: {
      name: "t",
      data: {
        authentication: { mode: "openidconnect" },
        oidc: { "issuer-uri": "https://sso.test", clientID: "c" },
        regions: [{ id: "r", ...raw }],
      },
    },
    env: {},
  }).config.regions[0]!;
const user = (groups: string[], extra: Partial<User> = {}): User => ({
  ...noAuthUser("10.0.0.1"),
  idep: "alice",
  groups,
  ...extra,
});

describe("projects", () => {
  it("drops groups fully matching excludedGroupPattern (Onyxia ignores the key)", () => {
    const r = region({
      excludedGroupPattern: "offline_access|default-roles-.*",
      services: { singleNamespace: false },
    });
    // Full match only: "xoffline-access" is kept.
    const r2 = region({
      excludedGroupPattern: "offline-access|default-roles-.*",
      services: { singleNamespace: false },
    });
    const ids = projectsFor(
      user(["offline-access", "default-roles-lab", "team", "xoffline-access"]),
      r2,
      "onyxia",
    ).map((p) => p.id);
    expect(ids).toEqual(["user-alice", "projet-team", "projet-xoffline-access"]);
    expect(projectsFor(user(["default-roles-lab"]), r, "onyxia").map((p) => p.id)).toEqual([
      "user-alice",
    ]);
  });

  it("applies includedGroupPattern with transformGroupPattern, and neither alone", () => {
    const both = region({
      includedGroupPattern: "^(.*)_Onyxia$",
      transformGroupPattern: "$1-k8s",
      services: { singleNamespace: false },
    });
    expect(projectsFor(user(["sales_Onyxia"]), both, "x").map((p) => [p.id, p.group])).toEqual([
      ["user-alice", undefined],
      ["projet-sales-k8s", "sales_Onyxia"],
    ]);
    const only = region({
      includedGroupPattern: "^(.*)_Onyxia$",
      services: { singleNamespace: false },
    });
    // "sales_Onyxia" untransformed has an underscore: not a namespace, so dropped.
    expect(projectsFor(user(["sales_Onyxia"]), only, "x").map((p) => p.id)).toEqual(["user-alice"]);
  });

  it("gives every project a vaultTopDir from vault.prefix / vault.groupPrefix", () => {
    const r = region({
      vault: { URL: "https://vault", prefix: "u_", groupPrefix: "g_" },
      services: { singleNamespace: false },
    });
    expect(projectsFor(user(["team"]), r, "x").map((p) => p.vaultTopDir)).toEqual([
      "u_alice",
      "g_projet-team",
    ]);
  });

  it("has one shared project in singleNamespace mode, whatever the groups", () => {
    const projects = projectsFor(
      user(["team"]),
      region({ services: { singleNamespace: true } }),
      "onyxia",
    );
    expect(projects).toEqual([
      {
        id: "single-project",
        name: "Single namespace, single project",
        namespace: "onyxia",
        vaultTopDir: "alice",
      },
    ]);
  });
});

describe("Kubernetes identity per request", () => {
  const token = "eyJhbGciOiJSUzI1NiJ9.e30.sig";
  const withToken = user(["admins", "bad\r\ngroup"], { attributes: { access_token: token } });

  it("serviceAccount (and its alias admin): the server's own identity, no extra header", () => {
    for (const mode of ["serviceAccount", "admin"]) {
      const identity = kubeIdentityFor(
        withToken,
        region({ services: { authenticationMode: mode } }),
      );
      expect(identity).toEqual({ mode: "serviceAccount" });
      expect(kubeRequestHeaders(identity)).toEqual({});
      expect(helmIdentityFields(identity)).toEqual({});
    }
  });

  it("impersonate: prefixed user and one Impersonate-Group per group; header-unsafe groups dropped", () => {
    const identity = kubeIdentityFor(
      withToken,
      region({
        services: {
          authenticationMode: "impersonate",
          usernamePrefix: "oidc-",
          groupPrefix: "oidc:",
        },
      }),
    );
    expect(identity).toEqual({ mode: "impersonate", user: "oidc-alice", groups: ["oidc:admins"] });
    expect(kubeRequestHeaders(identity)).toEqual({
      "Impersonate-User": "oidc-alice",
      "Impersonate-Group": ["oidc:admins"],
    });
    expect(helmIdentityFields(identity)).toEqual({
      asUser: "oidc-alice",
      asGroups: ["oidc:admins"],
    });
  });

  it("tokenPassthrough: the user's raw token, never in the description", () => {
    const identity = kubeIdentityFor(
      withToken,
      region({ services: { authenticationMode: "tokenPassthrough" } }),
    );
    expect(kubeRequestHeaders(identity)).toEqual({ Authorization: `Bearer ${token}` });
    expect(helmIdentityFields(identity)).toEqual({ token });
    expect(describeKubeIdentity(identity)).not.toContain(token);
  });

  it("tokenPassthrough without user tokens is a configuration error", () => {
    expect(() =>
      resolveConfig({
        file: {
          name: "t",
          data: { regions: [{ id: "r", services: { authenticationMode: "tokenPassthrough" } }] },
        },
        env: {},
      }),
    ).toThrow(/tokenPassthrough needs user tokens/);
  });
});
