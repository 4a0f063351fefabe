// kube-apiserver trusts the stack's OIDC provider, as Onyxia's tokenPassthrough mode needs:
// a user's access token is a Kubernetes credential for "oidc-<username>" with "oidc-<group>" groups.
// @stack-components kwok
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRequest } from "../components/kubernetes/api.ts";
import { OIDC_PREFIX } from "../components/kubernetes/kube-apiserver.ts";
import { getToken } from "../components/oidc/index.ts";
import { eventually, kube, uniqueName } from "../lib/testing/kube.ts";

const admin = kube();
const ns = uniqueName("stack-oidc");

const withToken = (token: string, method: string, path: string, body?: unknown) =>
  apiRequest(admin.ctx, method, path, body, { token });

beforeAll(async () => {
  await admin.create("/api/v1/namespaces", { metadata: { name: ns } });
});

afterAll(async () => {
  await admin.remove(`/api/v1/namespaces/${ns}`);
});

describe("OIDC access tokens", () => {
  it("authenticate as the prefixed username with prefixed groups", async () => {
    const token = await getToken("alice", { ctx: admin.ctx });
    const response = await withToken(
      token,
      "POST",
      "/apis/authentication.k8s.io/v1/selfsubjectreviews",
      {
        apiVersion: "authentication.k8s.io/v1",
        kind: "SelfSubjectReview",
      },
    );
    expect(response.status).toBe(201);
    const { userInfo } = JSON.parse(response.body).status;
    expect(userInfo.username).toBe(`${OIDC_PREFIX}alice`);
    expect(userInfo.groups).toEqual(
      expect.arrayContaining([`${OIDC_PREFIX}team-a`, "system:authenticated"]),
    );
  });

  it("are refused in a namespace until a RoleBinding names the prefixed user", async () => {
    const token = await getToken("bob", { ctx: admin.ctx });
    expect((await withToken(token, "GET", `/api/v1/namespaces/${ns}/pods`)).status).toBe(403);
    await admin.create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, {
      metadata: { name: "bob-admin" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "admin" },
      subjects: [
        { apiGroup: "rbac.authorization.k8s.io", kind: "User", name: `${OIDC_PREFIX}bob` },
      ],
    });
    const allowed = await eventually(async () => {
      const response = await withToken(token, "GET", `/api/v1/namespaces/${ns}/pods`);
      if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
      return response;
    });
    expect(allowed.status).toBe(200);
  });

  it("are refused when forged", async () => {
    const token = await getToken("carol", { ctx: admin.ctx });
    const [header, payload] = token.split(".");
    const forged = `${header}.${payload}.${Buffer.from("not-the-signature").toString("base64url")}`;
    expect((await withToken(forged, "GET", "/api/v1/namespaces")).status).toBe(401);
  });
});
