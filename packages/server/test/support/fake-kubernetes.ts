// An in-memory KubernetesPort: objects by API path, the label and field selectors the features
// use, server-side apply and merge patch (conditional on a resourceVersion it names), deletes
// with preconditions (uid, resourceVersion), a creationTimestamp on create, and failures on
// demand. Calls are recorded with the
// identity headers they carried.
import { KubernetesApiError } from "../../src/kubernetes/index.ts";
import type { KubeObject, KubernetesPort } from "../../src/platform/ports.ts";

export interface RecordedCall {
  method: "get" | "list" | "create" | "apply" | "mergePatch" | "remove";
  path: string;
  headers: Record<string, string | string[]>;
}

type Failure = { method: RecordedCall["method"]; path: RegExp; error: Error };

export interface FakeKubernetes extends KubernetesPort {
  /** Objects by full path (`/api/v1/namespaces/ns/secrets/name`). */
  readonly objects: Map<string, KubeObject>;
  readonly calls: RecordedCall[];
  /** The next matching calls fail with `error` (until `clearFailures`). */
  failOn(method: RecordedCall["method"], path: RegExp, error?: Error): void;
  clearFailures(): void;
  /** Objects under a collection path (`/api/v1/namespaces/ns/secrets`). */
  under(collection: string): KubeObject[];
}

let uid = 0;
let version = 0;
/** Like the API server: every write gets a new resourceVersion. */
const stamp = (object: KubeObject) => {
  object.metadata = { ...object.metadata, resourceVersion: String(++version) };
  return object;
};

function matchesLabels(object: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    return object.metadata?.labels?.[key!] === value;
  });
}

function matchesFields(object: KubeObject, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(",").every((term) => {
    const [key, value] = term.split("=");
    if (key === "type") return object.type === value;
    if (key === "metadata.name") return object.metadata?.name === value;
    return true;
  });
}

function merge(target: unknown, patch: unknown): unknown {
  if (typeof patch !== "object" || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> =
    typeof target === "object" && target !== null && !Array.isArray(target)
      ? { ...(target as Record<string, unknown>) }
      : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = merge(out[key], value);
  }
  return out;
}

export function fakeKubernetes(): FakeKubernetes {
  const objects = new Map<string, KubeObject>();
  const calls: RecordedCall[] = [];
  let failures: Failure[] = [];

  const port = (headers: Record<string, string | string[]>): FakeKubernetes => {
    const call = (method: RecordedCall["method"], path: string) => {
      calls.push({ method, path, headers });
      const failure = failures.find((f) => f.method === method && f.path.test(path));
      if (failure) throw failure.error;
    };
    // `/api/v1/pods`, `/apis/apps/v1/deployments`: a collection across every namespace.
    const acrossNamespaces = (collection: string) => {
      const match = /^(\/api\/v1|\/apis\/[^/]+\/[^/]+)\/([^/]+)$/.exec(collection);
      if (!match || match[2] === "namespaces" || match[2] === "nodes") return undefined;
      const [, group, resource] = match;
      const pattern = new RegExp(`^${group}/namespaces/([^/]+)/${resource}/[^/]+$`);
      // As the API server answers: every object names its namespace.
      return [...objects].flatMap(([p, o]) => {
        const namespace = pattern.exec(p)?.[1];
        return namespace ? [{ ...o, metadata: { ...o.metadata, namespace } }] : [];
      });
    };
    const children = (collection: string) =>
      acrossNamespaces(collection) ??
      [...objects]
        .filter(
          ([p]) => p.startsWith(`${collection}/`) && !p.slice(collection.length + 1).includes("/"),
        )
        .map(([, o]) => o);
    const self: FakeKubernetes = {
      objects,
      calls,
      failOn(method, path, error = new KubernetesApiError(500, String(path), "injected failure")) {
        failures.push({ method, path, error });
      },
      clearFailures: () => void (failures = []),
      under: children,
      async get<T>(path: string) {
        call("get", path);
        return objects.get(path) as T | undefined;
      },
      async list<T>(path: string, query: Record<string, string> = {}) {
        call("list", path);
        return children(path).filter(
          (o) => matchesLabels(o, query.labelSelector) && matchesFields(o, query.fieldSelector),
        ) as T[];
      },
      async create<T>(collection: string, body: unknown) {
        call("create", collection);
        const object = structuredClone(body) as KubeObject;
        const name = object.metadata?.name ?? "";
        const path = `${collection}/${name}`;
        if (objects.has(path)) throw new KubernetesApiError(409, path, `${name} already exists`);
        object.metadata = {
          ...object.metadata,
          uid: `uid-${++uid}`,
          // Like the API server's: whole seconds.
          creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        };
        objects.set(path, stamp(object));
        return object as T;
      },
      async apply<T>(path: string, body: unknown) {
        call("apply", path);
        const object = merge(objects.get(path), structuredClone(body)) as KubeObject;
        object.metadata = { uid: `uid-${++uid}`, ...object.metadata };
        objects.set(path, stamp(object));
        return object as T;
      },
      async mergePatch<T>(path: string, patch: unknown) {
        call("mergePatch", path);
        const existing = objects.get(path);
        if (!existing) throw new KubernetesApiError(404, path, "not found");
        // A patch naming a resourceVersion is conditional, as on the API server.
        const wanted = (patch as KubeObject).metadata?.resourceVersion;
        if (wanted !== undefined && wanted !== existing.metadata?.resourceVersion)
          throw new KubernetesApiError(409, path, "the object has been modified");
        const object = merge(existing, patch) as KubeObject;
        objects.set(path, stamp(object));
        return object as T;
      },
      async remove(path, preconditions) {
        call("remove", path);
        const existing = objects.get(path);
        if (!existing) return false;
        const meta = existing.metadata ?? {};
        if (
          (preconditions?.uid !== undefined && preconditions.uid !== meta.uid) ||
          (preconditions?.resourceVersion !== undefined &&
            preconditions.resourceVersion !== meta.resourceVersion)
        )
          throw new KubernetesApiError(409, path, "Precondition failed");
        return objects.delete(path);
      },
      withHeaders: (more) => port({ ...headers, ...more }),
      close: () => undefined,
    };
    return self;
  };
  return port({});
}
