// The access check before serving a shared namespace cache: Kubernetes' answer (an access review
// made as the caller) decides, it is reused per (identity, namespace) for the TTL, and the
// server's own identity (serviceAccount mode) is never checked.
import { describe, expect, it } from "vitest";
import { ForbiddenError } from "../../src/domain/errors.ts";
import {
  KubernetesApiError,
  type CallIdentity,
  type KubeClient,
} from "../../src/kubernetes/index.ts";
import { identityKey, ReadAccess } from "../../src/platform/read-access.ts";
import type { KubeIdentity } from "../../src/user/index.ts";

interface Review {
  spec: { resourceAttributes: { namespace: string; verb: string; resource: string } };
}

/** A client whose access reviews allow what `allow` says, recording what was asked and by whom. */
function fakeClient(allow: (who: string, review: Review) => boolean | Error) {
  const asked: { who: string; review: Review }[] = [];
  const client = {
    async post<T>(path: string, body: unknown, identity?: CallIdentity): Promise<T> {
      expect(path).toBe("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
      const headers = identity?.headers ?? {};
      const who = String(headers["Impersonate-User"] ?? headers.Authorization ?? "server");
      const review = body as Review;
      asked.push({ who, review });
      const answer = allow(who, review);
      if (answer instanceof Error) throw answer;
      return { status: { allowed: answer, ...(answer ? {} : { reason: "no RoleBinding" }) } } as T;
    },
  } as unknown as KubeClient;
  return { client, asked };
}

const alice: KubeIdentity = { mode: "impersonate", user: "oidc-alice", groups: ["oidc-team-a"] };
const bob: KubeIdentity = { mode: "impersonate", user: "oidc-bob", groups: ["oidc-team-a"] };
const aliceOnly = (who: string, review: Review) =>
  who === "oidc-alice" && review.spec.resourceAttributes.namespace === "user-alice";

describe("ReadAccess", () => {
  it("asks, as the caller, to list secrets and pods in the namespace; allows when both are allowed", async () => {
    const { client, asked } = fakeClient(aliceOnly);
    await new ReadAccess().require(client, alice, "user-alice");
    expect(asked.map((a) => [a.who, a.review.spec.resourceAttributes])).toEqual([
      ["oidc-alice", { namespace: "user-alice", verb: "list", resource: "secrets" }],
      ["oidc-alice", { namespace: "user-alice", verb: "list", resource: "pods" }],
    ]);
  });

  it("refuses with a 403 problem naming the namespace and the identity", async () => {
    const { client } = fakeClient(aliceOnly);
    const error = await new ReadAccess()
      .require(client, bob, "user-alice")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toMatch(
      /"oidc-bob".*"user-alice".*cannot list secrets \(no RoleBinding\)/,
    );
  });

  it("reuses an answer (yes or no) per identity and namespace until the TTL passes", async () => {
    let now = 0;
    const { client, asked } = fakeClient(aliceOnly);
    const access = new ReadAccess({ ttlMs: 30_000, now: () => now });
    await access.require(client, alice, "user-alice");
    await access.require(client, alice, "user-alice");
    await access.require(client, bob, "user-alice").catch(() => undefined);
    await access.require(client, bob, "user-alice").catch(() => undefined);
    expect(asked).toHaveLength(4); // two reviews for alice, two for bob
    now = 30_000;
    await access.require(client, alice, "user-alice");
    expect(asked).toHaveLength(6);
  });

  it("keeps a refusal only for 2 s, so a RoleBinding created by onboarding takes effect at once", async () => {
    let now = 0;
    let bound = false;
    const { client, asked } = fakeClient((who) => who === "oidc-bob" && bound);
    const access = new ReadAccess({ ttlMs: 30_000, now: () => now });
    await expect(access.require(client, bob, "projet-team-a")).rejects.toThrow(/cannot list/);
    bound = true; // onboarding binds bob's group
    now = 1_000;
    await expect(access.require(client, bob, "projet-team-a")).rejects.toThrow(/cannot list/);
    now = 2_000;
    await access.require(client, bob, "projet-team-a");
    now = 20_000;
    await access.require(client, bob, "projet-team-a");
    expect(asked).toHaveLength(4); // refused once, asked again after 2 s, then the yes is reused
  });

  it("does not share an answer between namespaces or group sets", async () => {
    const { client, asked } = fakeClient(() => true);
    const access = new ReadAccess();
    await access.require(client, alice, "user-alice");
    await access.require(client, alice, "projet-team-a");
    await access.require(client, { ...alice, groups: [] }, "user-alice");
    expect(asked).toHaveLength(6);
  });

  it("treats a refused identity (401/403 on the review itself) as a refusal, and forgets other failures", async () => {
    let fail: Error = new KubernetesApiError(401, "/x", "Unauthorized");
    const { client, asked } = fakeClient(() => fail);
    const access = new ReadAccess();
    const token: KubeIdentity = { mode: "tokenPassthrough", token: "expired" };
    expect(await access.require(client, token, "ns").catch((e: unknown) => e)).toBeInstanceOf(
      ForbiddenError,
    );
    fail = new Error("connection reset");
    const other: KubeIdentity = { mode: "tokenPassthrough", token: "other" };
    await expect(access.require(client, other, "ns")).rejects.toThrow("connection reset");
    await expect(access.require(client, other, "ns")).rejects.toThrow("connection reset");
    expect(asked).toHaveLength(6); // the failure was asked again, not remembered
  });

  it("never checks the server's own identity", async () => {
    const { client, asked } = fakeClient(() => false);
    await new ReadAccess().require(client, { mode: "serviceAccount" }, "user-alice");
    expect(asked).toHaveLength(0);
  });

  it("keys a passed-through token by its hash, never the token itself", () => {
    const key = identityKey({ mode: "tokenPassthrough", token: "secret-token-value" });
    expect(key).toMatch(/^t:/);
    expect(key).not.toContain("secret-token-value");
  });
});
