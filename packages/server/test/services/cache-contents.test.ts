// What the namespace watch caches keep of a Helm release Secret: its metadata and the release's
// digest, never the release payload (memory, issue 16).
import { afterEach, describe, expect, it } from "vitest";
import type { KubeSecret } from "@onyxia-ts/core";
import { helmSecret, release } from "../../../core/test/releases/fixtures.ts";
import {
  helmDecodeStats,
  NamespaceCache,
  type KubeClient,
  type KubeList,
} from "../../src/kubernetes/index.ts";

/** A KubeClient answering the helm-secrets list with `secrets` (other lists empty); watches stay open. */
function listingClient(secrets: KubeSecret[]): KubeClient {
  const fail = () => Promise.reject(new Error("unused"));
  return {
    server: "fake://test",
    getJson: fail,
    list: async <T>(_path: string, query?: Record<string, unknown>): Promise<KubeList<T>> => ({
      items: (query?.["labelSelector"] === "owner=helm"
        ? structuredClone(secrets)
        : []) as unknown as T[],
      metadata: { resourceVersion: "1" },
    }),
    watch: () => {
      let end: (e: Error | null) => void = () => undefined;
      return { done: new Promise((resolve) => (end = resolve)), abort: () => end(null) };
    },
    stream: fail,
    post: fail,
    send: fail,
    close: () => undefined,
  };
}

let cache: NamespaceCache | undefined;
afterEach(() => cache?.stop());

describe("NamespaceCache: Helm release Secrets", () => {
  it("keeps the metadata and the digest, not the payload, and decodes each Secret once", async () => {
    const before = helmDecodeStats.decoded;
    cache = new NamespaceCache({
      client: listingClient([helmSecret(release())]),
      namespace: "user-alice",
    });
    await cache.ready(1000);
    const entry = cache.helmSecrets.objects.get("sh.helm.release.v1.vscode-lite-123456.v1");
    expect(entry?.data).toBeUndefined();
    expect(entry?.metadata?.labels?.status).toBe("deployed");
    expect(entry?.digest?.name).toBe("vscode-lite-123456");
    expect(entry?.digest?.urls).toEqual(["https://user-alice-123456-0.localhost"]);
    expect(entry?.digest?.controllers).toEqual([
      { kind: "StatefulSet", name: "vscode-lite-123456" },
    ]);
    expect(JSON.stringify(entry)).not.toContain("kind: X"); // the chart's templates are gone
    expect(helmDecodeStats.decoded - before).toBe(1);
  });

  it("does not decode superseded revisions and reports an unreadable Secret without hiding others", async () => {
    const logged: string[] = [];
    const broken: KubeSecret = {
      ...helmSecret(release({ name: "broken" })),
      data: { release: "bm90IGd6aXA=" },
    };
    const before = helmDecodeStats.decoded;
    cache = new NamespaceCache({
      client: listingClient([
        helmSecret(release({ version: 1 }), { status: "superseded" }),
        helmSecret(release({ version: 2 })),
        broken,
      ]),
      namespace: "user-alice",
      log: (m) => logged.push(m),
    });
    await cache.ready(1000);
    const objects = cache.helmSecrets.objects;
    expect(objects.get("sh.helm.release.v1.vscode-lite-123456.v1")?.digest).toBeNull();
    expect(objects.get("sh.helm.release.v1.vscode-lite-123456.v2")?.digest?.revision).toBe(2);
    expect(objects.get("sh.helm.release.v1.broken.v1")?.decodeError).toMatch(/not JSON/);
    expect(logged.join("\n")).toContain("skipping release secret sh.helm.release.v1.broken.v1");
    expect(helmDecodeStats.decoded - before).toBe(2);
  });
});

describe("servicesListing: the serialized listing of a namespace", () => {
  it("is reused while the namespace is unchanged, and made again, identical, once evicted", async () => {
    const { resolveConfig } = await import("@onyxia-ts/core");
    const { LISTING_BODIES_KEPT, servicesListing } =
      await import("../../src/features/services-list/index.ts");
    const region = resolveConfig({
      file: { name: "t", data: { regions: [{ id: "r", services: { singleNamespace: false } }] } },
    }).config.regions[0]!;
    const viewer = { idep: "alice", sharedNamespace: false };
    cache = new NamespaceCache({
      client: listingClient([helmSecret(release())]),
      namespace: "user-alice",
    });
    await cache.ready(1000);
    const first = servicesListing(cache, region, viewer);
    expect(servicesListing(cache, region, viewer)).toBe(first);
    expect(JSON.parse(first.text).apps.map((s: { id: string }) => s.id)).toEqual([
      "vscode-lite-123456",
    ]);

    // As many other namespaces listed as bodies are kept: this one's body is evicted.
    const others = Array.from(
      { length: LISTING_BODIES_KEPT },
      (_, i) => new NamespaceCache({ client: listingClient([]), namespace: `user-${i}` }),
    );
    try {
      for (const other of others) {
        await other.ready(1000);
        servicesListing(other, region, viewer);
      }
      const again = servicesListing(cache, region, viewer);
      expect(again).not.toBe(first);
      expect(again.text).toBe(first.text);
      expect(again.etag).toBe(first.etag);
    } finally {
      for (const other of others) other.stop();
    }
  });
});
