// Test helpers over the local apiserver's REST API: as the admin, as a test person (static
// token), or as anyone through impersonation.
import { randomBytes } from "node:crypto";
import { apiRequest } from "../../components/kubernetes/api.ts";
import { tokenOf } from "../../components/kubernetes/credentials.ts";
import {
  RESOURCE_METRICS_PATH_ANNOTATION,
  resourceMetricsPath,
} from "../../components/kubernetes/kwok-usage.ts";
import type { StackContext } from "../component.ts";
import { createContext } from "../context.ts";
import { pollUntil } from "../time.ts";

// Tests read Kubernetes objects loosely (status.readyReplicas, items[].metadata.name, …);
// typing every kind they touch would cost more than the checks are worth.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = any;

export type Identity =
  { admin: true } | { user: string } | { impersonate: string; groups?: string[] };

export class KubeError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    what: string,
  ) {
    super(`${what}: HTTP ${status} ${body.slice(0, 300)}`);
  }
}

export interface Kube {
  ctx: StackContext;
  request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: K8sObject }>;
  get(path: string): Promise<K8sObject>;
  create(path: string, body: unknown): Promise<K8sObject>;
  remove(path: string): Promise<void>;
  as(identity: Identity): Kube;
  /** Polls `path` until `accept(object)`; throws with the last object on timeout. */
  waitFor(
    path: string,
    accept: (object: K8sObject) => boolean,
    timeoutMs?: number,
  ): Promise<K8sObject>;
}

export function kube(
  identity: Identity = { admin: true },
  ctx: StackContext = createContext(),
): Kube {
  const options = () => {
    if ("user" in identity) return { token: tokenOf(ctx, identity.user) };
    if ("impersonate" in identity) {
      const headers: Record<string, string> = { "Impersonate-User": identity.impersonate };
      // Node's http joins repeated headers from an array; the apiserver reads each value.
      if (identity.groups?.length)
        (headers as Record<string, unknown>)["Impersonate-Group"] = identity.groups;
      return { headers };
    }
    return {};
  };
  const self: Kube = {
    ctx,
    async request(method, path, body) {
      const response = await apiRequest(ctx, method, path, body, options());
      let json: unknown;
      try {
        json = JSON.parse(response.body);
      } catch {
        json = response.body;
      }
      return { status: response.status, json };
    },
    async get(path) {
      const r = await self.request("GET", path);
      if (r.status !== 200) throw new KubeError(r.status, JSON.stringify(r.json), `GET ${path}`);
      return r.json;
    },
    async create(path, body) {
      const r = await self.request("POST", path, body);
      if (r.status !== 201 && r.status !== 200)
        throw new KubeError(r.status, JSON.stringify(r.json), `POST ${path}`);
      return r.json;
    },
    async remove(path) {
      const r = await self.request("DELETE", path);
      if (r.status >= 300 && r.status !== 404)
        throw new KubeError(r.status, JSON.stringify(r.json), `DELETE ${path}`);
    },
    as: (other) => kube(other, ctx),
    async waitFor(path, accept, timeoutMs = 60_000) {
      let last: unknown;
      const ok = await pollUntil(
        async () => {
          last = await self.get(path);
          return accept(last);
        },
        timeoutMs,
        250,
      );
      if (!ok)
        throw new Error(
          `timed out waiting on ${path}; last: ${JSON.stringify(last)?.slice(0, 2000)}`,
        );
      return last;
    },
  };
  return self;
}

/** A fresh namespace name for one test file. */
export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString("hex")}`;

export interface TestNode {
  name: string;
  /** Put these in a pod spec to land on this node only. */
  placement: { nodeSelector: Record<string, string>; tolerations: K8sObject[] };
  remove(): Promise<void>;
}

/**
 * A KWOK node of its own for one test file, tainted so only pods that ask for it land there:
 * other tests (or a benchmark) filling the shared fake nodes cannot starve it.
 */
export async function createTestNode(admin: Kube, prefix: string): Promise<TestNode> {
  const name = uniqueName(prefix);
  const resources = { cpu: "16", memory: "64Gi", pods: "110" };
  await admin.create("/api/v1/nodes", {
    metadata: {
      name,
      annotations: {
        "kwok.x-k8s.io/node": "fake",
        // metrics-server scrapes its pods' simulated usage (as on the shared fake nodes).
        [RESOURCE_METRICS_PATH_ANNOTATION]: resourceMetricsPath(name),
      },
      labels: { "kubernetes.io/hostname": name, "stack-test-node": name, type: "kwok" },
    },
    spec: { taints: [{ key: "stack-test-node", value: name, effect: "NoSchedule" }] },
    status: { capacity: resources, allocatable: resources },
  });
  await admin.waitFor(`/api/v1/nodes/${name}`, (node) =>
    node.status?.conditions?.some((c: K8sObject) => c.type === "Ready" && c.status === "True"),
  );
  return {
    name,
    placement: {
      nodeSelector: { "stack-test-node": name },
      tolerations: [
        { key: "stack-test-node", operator: "Equal", value: name, effect: "NoSchedule" },
      ],
    },
    remove: () => admin.remove(`/api/v1/nodes/${name}`),
  };
}

/** Retries `attempt` until it resolves (RBAC changes reach the authorizer's cache within moments). */
export async function eventually<T>(attempt: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() >= deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
