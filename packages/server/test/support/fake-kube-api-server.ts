// A Kubernetes API over HTTP backed by a FakeKubernetes, for the read side (the namespace watch
// caches list, then watch): collection GETs answer the stored objects (label selectors with
// `key=value` and `key` (exists), field selector `type=`); a watch stays open and streams
// ADDED/MODIFIED/DELETED as the fake's objects change. Everything else is a 404 Status.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { KubeConfig } from "@kubernetes/client-node";
import { createKubeClient, type KubeClient } from "../../src/kubernetes/index.ts";
import type { KubeObject } from "../../src/platform/ports.ts";
import type { FakeKubernetes } from "./fake-kubernetes.ts";

export interface FakeKubeApiServer {
  url: string;
  client: KubeClient;
  close(): Promise<void>;
}

function matches(object: KubeObject, query: URLSearchParams): boolean {
  const labels = object.metadata?.labels ?? {};
  const labelOk = (query.get("labelSelector") ?? "")
    .split(",")
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split("=");
      return value === undefined ? key! in labels : labels[key!] === value;
    });
  const fieldOk = (query.get("fieldSelector") ?? "")
    .split(",")
    .filter(Boolean)
    .every((term) => {
      const [key, value] = term.split("=");
      return key === "type" ? object.type === value : true;
    });
  return labelOk && fieldOk;
}

function children(kube: FakeKubernetes, collection: string, query: URLSearchParams) {
  return kube.under(collection).filter((o) => matches(o, query));
}

export async function startFakeKubeApi(kube: FakeKubernetes): Promise<FakeKubeApiServer> {
  let version = 1;
  const watches = new Set<ServerResponse>();
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://fake");
    const collection = url.pathname;
    if (request.method !== "GET" || !/\/namespaces\/[^/]+\/[^/]+$/.test(collection)) {
      response.writeHead(404, { "content-type": "application/json" });
      response.end(
        JSON.stringify({ kind: "Status", code: 404, message: `${collection} not served` }),
      );
      return;
    }
    if (url.searchParams.get("watch") !== "true" && url.searchParams.get("watch") !== "1") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          kind: "List",
          apiVersion: "v1",
          metadata: { resourceVersion: String(version) },
          items: children(kube, collection, url.searchParams),
        }),
      );
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    watches.add(response);
    const seen = new Map<string, string>(
      children(kube, collection, url.searchParams).map((o) => [
        o.metadata?.name ?? "",
        JSON.stringify(o),
      ]),
    );
    const timer = setInterval(() => {
      const now = new Map(
        children(kube, collection, url.searchParams).map((o) => [o.metadata?.name ?? "", o]),
      );
      const send = (type: string, object: KubeObject) => {
        version++;
        const meta = { ...object.metadata, resourceVersion: String(version) };
        response.write(`${JSON.stringify({ type, object: { ...object, metadata: meta } })}\n`);
      };
      for (const [name, object] of now) {
        const text = JSON.stringify(object);
        if (seen.get(name) !== text) send(seen.has(name) ? "MODIFIED" : "ADDED", object);
        seen.set(name, text);
      }
      for (const name of [...seen.keys()])
        if (!now.has(name)) {
          send("DELETED", { metadata: { name } });
          seen.delete(name);
        }
    }, 20);
    response.on("close", () => {
      clearInterval(timer);
      watches.delete(response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "fake", server: url, skipTLSVerify: true }],
    users: [{ name: "fake", token: "fake" }],
    contexts: [{ name: "fake", cluster: "fake", user: "fake" }],
    currentContext: "fake",
  });
  return {
    url,
    client: await createKubeClient(kc),
    close: async () => {
      for (const response of watches) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
