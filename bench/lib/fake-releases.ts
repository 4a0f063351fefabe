// Fake Helm releases for the memory and scale benches, fed to the server through a fake
// KubeClient (the Kubernetes port of the namespace watch caches) instead of the real apiserver.
//
// Each release Secret is what Helm itself would store for the vscode-lite example chart: the
// release JSON (chart metadata, templates, values, schema, the rendered manifest from a real
// `helm template`, the user values, notes), gzipped, base64 twice. Lists are answered by parsing
// the JSON text of each Secret anew, as the real client parses the apiserver's answer, so every
// object the cache keeps is its own.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import type {
  KubeClient,
  KubeList,
  WatchHandle,
} from "../../packages/server/src/kubernetes/client.ts";

const run = promisify(execFile);
// ONYXIA_TS_HOME: the repository, when this file runs bundled elsewhere (bench/memory.ts).
const root = process.env["ONYXIA_TS_HOME"] || fileURLToPath(new URL("../..", import.meta.url));
const CHART = path.join(root, "catalogs/examples/repo/vscode-lite-1.0.0.tgz");
const TEMPLATE_NAME = "vscode-lite-000000";
const TEMPLATE_NAMESPACE = "template-namespace";

/** The release JSON of one vscode-lite install, with TEMPLATE_NAME/TEMPLATE_NAMESPACE to replace. */
export async function releaseTemplate(): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-release-"));
  try {
    await run("tar", ["-xzf", CHART, "-C", dir]);
    const chartDir = path.join(dir, "vscode-lite");
    const values = {
      persistence: { enabled: false },
      ingress: { hostname: `${TEMPLATE_NAME}.localhost` },
      resources: { requests: { memory: "1Mi", cpu: "1m" } },
      security: { password: "changeme-0123456789" },
    };
    const { stdout: manifest } = await run(
      path.join(root, ".tools/bin/helm"),
      [
        "template",
        TEMPLATE_NAME,
        chartDir,
        "--namespace",
        TEMPLATE_NAMESPACE,
        "--set-json",
        `persistence=${JSON.stringify(values.persistence)}`,
        "--set",
        `ingress.hostname=${values.ingress.hostname}`,
      ],
      { maxBuffer: 64 << 20 },
    );
    const files = (sub: string) =>
      readdirSync(path.join(chartDir, sub))
        .filter((f) => statSync(path.join(chartDir, sub, f)).isFile())
        .map((f) => ({
          name: path.posix.join(sub, f),
          data: readFileSync(path.join(chartDir, sub, f)).toString("base64"),
        }));
    const now = new Date().toISOString();
    const release = {
      name: TEMPLATE_NAME,
      info: {
        first_deployed: now,
        last_deployed: now,
        deleted: "",
        description: "Install complete",
        status: "deployed",
        notes: readFileSync(path.join(chartDir, "templates/NOTES.txt"), "utf8"),
      },
      chart: {
        metadata: parseYaml(readFileSync(path.join(chartDir, "Chart.yaml"), "utf8")),
        lock: null,
        templates: files("templates"),
        values: parseYaml(readFileSync(path.join(chartDir, "values.yaml"), "utf8")),
        schema: readFileSync(path.join(chartDir, "values.schema.json")).toString("base64"),
        files: [
          {
            name: "README.md",
            data: readFileSync(path.join(chartDir, "README.md")).toString("base64"),
          },
        ],
      },
      config: values,
      manifest: manifest.replace(/^---\n# Source: .*\n/gm, "---\n"),
      version: 1,
      namespace: TEMPLATE_NAMESPACE,
    };
    return JSON.stringify(release);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The name of the i-th release of a namespace. */
const releaseName = (i: number) => `vscode-${String(i).padStart(6, "0")}`;

const b64 = (data: string | Buffer) => Buffer.from(data).toString("base64");

/** The Secret (as JSON text) Helm stores for release `name` in `namespace`. */
export function releaseSecretText(
  template: string,
  name: string,
  namespace: string,
  rv: number,
): string {
  const release = template
    .replaceAll(TEMPLATE_NAME, name)
    .replaceAll(TEMPLATE_NAMESPACE, namespace);
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: `sh.helm.release.v1.${name}.v1`,
      namespace,
      uid: `uid-${namespace}-${name}`,
      resourceVersion: String(rv),
      creationTimestamp: new Date().toISOString(),
      labels: { owner: "helm", name, status: "deployed", version: "1" },
      managedFields: [
        {
          manager: "helm",
          operation: "Update",
          apiVersion: "v1",
          fieldsType: "FieldsV1",
          fieldsV1: { "f:data": { ".": {}, "f:release": {} }, "f:type": {} },
        },
      ],
    },
    type: "helm.sh/release.v1",
    data: { release: b64(b64(gzipSync(release))) },
  });
}

/** The Onyxia secret of a release (owner, friendly name, share). */
export function onyxiaSecretText(
  name: string,
  namespace: string,
  owner: string,
  rv: number,
): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: { name: `sh.onyxia.release.v1.${name}`, namespace, resourceVersion: String(rv) },
    type: "onyxia.sh/release.v1",
    data: { catalog: b64("ide"), owner: b64(owner), friendlyName: b64(name), share: b64("false") },
  });
}

/**
 * Releases per namespace, as counts: each list makes the Secrets anew (gzip included), so the
 * bench's own store costs nothing that would be counted as the server's memory.
 */
export class FakeCluster {
  private readonly namespaces = new Map<string, { owner: string; count: number }>();
  lists = 0;

  constructor(private readonly template: string) {}

  /** Adds `count` releases of `owner` to `namespace`; returns the bytes of their Secrets as JSON. */
  addReleases(namespace: string, owner: string, count: number): number {
    const known = this.namespaces.get(namespace) ?? { owner, count: 0 };
    known.count += count;
    this.namespaces.set(namespace, known);
    return count * releaseSecretText(this.template, "vscode-000000", namespace, 1).length;
  }

  private texts(namespace: string, kind: "helm" | "onyxia"): string[] {
    const known = this.namespaces.get(namespace);
    if (!known) return [];
    return Array.from({ length: known.count }, (_, i) => {
      const name = releaseName(i);
      return kind === "helm"
        ? releaseSecretText(this.template, name, namespace, i + 1)
        : onyxiaSecretText(name, namespace, known.owner, i + 1);
    });
  }

  /** Every Onyxia secret of every namespace, parsed (a cluster-wide list's items). */
  allOnyxiaSecrets<T>(): T[] {
    const texts = [...this.namespaces.keys()].flatMap((ns) => this.texts(ns, "onyxia"));
    return JSON.parse(`[${texts.join(",")}]`) as T[];
  }

  /** Namespace → release names (the benches build usage figures for them). */
  releaseNames(): [string, string[]][] {
    return [...this.namespaces].map(([ns, { count }]) => [
      ns,
      Array.from({ length: count }, (_, i) => releaseName(i)),
    ]);
  }

  /** A KubeClient answering the namespace caches' lists from these objects; watches stay open. */
  client(): KubeClient {
    const unsupported = () => Promise.reject(new Error("not supported by the bench's fake client"));
    return {
      server: "fake://bench",
      getJson: unsupported,
      list: async <T>(apiPath: string, query?: Record<string, unknown>): Promise<KubeList<T>> => {
        this.lists++;
        const match = /^\/api\/v1\/namespaces\/([^/]+)\/secrets$/.exec(apiPath);
        let texts: string[] = [];
        if (match) {
          const namespace = decodeURIComponent(match[1] as string);
          if (query?.["labelSelector"] === "owner=helm") texts = this.texts(namespace, "helm");
          else if (query?.["fieldSelector"] === "type=onyxia.sh/release.v1")
            texts = this.texts(namespace, "onyxia");
        }
        // One parse of the whole answer, like the real client.
        const items = JSON.parse(`[${texts.join(",")}]`) as T[];
        return { items, metadata: { resourceVersion: "1" } };
      },
      watch: (): WatchHandle => {
        let end: (value: Error | null) => void = () => undefined;
        const done = new Promise<Error | null>((resolve) => (end = resolve));
        return { done, abort: () => end(null) };
      },
      stream: unsupported,
      post: unsupported,
      send: unsupported,
      close: () => undefined,
    };
  }
}
