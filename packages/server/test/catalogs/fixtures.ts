// Test and benchmark helpers: chart archives built on the fly, repositories in temp folders,
// and real local HTTP servers.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { pack } from "tar-stream";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { SHARED_CATALOGS_DIR } from "../../../../testing/shared-dir.ts";

/** A Helm-style .tgz: every file under `<chartName>/`. */
export async function buildChartTgz(
  chartName: string,
  files: Record<string, string>,
): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on("data", (c: unknown) => void chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on("end", () => resolve());
    tar.on("error", reject);
  });
  for (const [name, content] of Object.entries(files))
    tar.entry({ name: `${chartName}/${name}` }, content);
  tar.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

export interface FixtureVersion {
  name: string;
  version: string;
  files?: Record<string, string>;
  /** Replaces the archive bytes (e.g. to make it not gzip). */
  rawArchive?: Buffer;
  extra?: Record<string, unknown>;
}

/** index.yaml text with relative urls `<name>-<version>.tgz`. */
export function indexYaml(versions: FixtureVersion[], urlPrefix = ""): string {
  const entries: Record<string, unknown[]> = {};
  for (const v of versions) {
    (entries[v.name] ??= []).push({
      apiVersion: "v2",
      name: v.name,
      version: v.version,
      urls: [`${urlPrefix}${v.name}-${v.version}.tgz`],
      ...v.extra,
    });
  }
  return stringifyYaml({ apiVersion: "v1", entries, generated: "2026-01-01T00:00:00Z" });
}

/** Builds every archive of `versions`: file name → bytes. */
export async function buildArchives(versions: FixtureVersion[]): Promise<Map<string, Buffer>> {
  const archives = new Map<string, Buffer>();
  for (const v of versions) {
    const files = v.files ?? defaultFiles(v.name, v.version);
    archives.set(
      `${v.name}-${v.version}.tgz`,
      v.rawArchive ?? (await buildChartTgz(v.name, files)),
    );
  }
  return archives;
}

export function defaultFiles(name: string, version: string): Record<string, string> {
  return {
    "Chart.yaml": `apiVersion: v2\nname: ${name}\nversion: ${version}\n`,
    "values.yaml": `replicas: 1\nversion: "${version}"\n`,
    "values.schema.json": JSON.stringify({
      type: "object",
      properties: { replicas: { type: "integer" } },
    }),
  };
}

/** A local folder repository: index.yaml + tgz files. */
export async function writeFolderRepo(versions: FixtureVersion[]): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), "catalog-repo-"));
  writeFileSync(path.join(dir, "index.yaml"), indexYaml(versions));
  for (const [file, bytes] of await buildArchives(versions))
    writeFileSync(path.join(dir, file), bytes);
  return dir;
}

/** The real index of a shared catalog, and one archive per chart built from its shared folder. */
export async function sharedCatalog(catalog: "databases" | "automation"): Promise<{
  index: Record<string, unknown> & { entries: Record<string, Record<string, unknown>[]> };
  /** Chart name → archive of its shared folder (Chart.yaml, values.yaml, values.schema.json). */
  archives: Map<string, Buffer>;
}> {
  const root = `${SHARED_CATALOGS_DIR}/${catalog}`;
  const index = parseYaml(readFileSync(`${root}/index.yaml`, "utf8"));
  const archives = new Map<string, Buffer>();
  for (const folder of readdirSync(`${root}/charts`)) {
    const files: Record<string, string> = {};
    for (const f of readdirSync(`${root}/charts/${folder}`))
      files[f] = readFileSync(`${root}/charts/${folder}/${f}`, "utf8");
    const name = (parseYaml(files["Chart.yaml"] ?? "") as { name: string }).name;
    archives.set(name, await buildChartTgz(name, files));
  }
  return { index, archives };
}

/**
 * The real index with every chart url pointing to `<base><chart>/<version>.tgz` (served from the
 * chart's single shared archive, see `sharedArchiveHandler`) and digests removed (our archives are not the published ones).
 */
export function rewriteSharedIndex(
  index: { entries: Record<string, Record<string, unknown>[]> },
  base: string,
): string {
  const entries: Record<string, unknown[]> = {};
  for (const [name, versions] of Object.entries(index.entries)) {
    entries[name] = versions.map((v) => {
      const { digest: _digest, ...rest } = v;
      return { ...rest, urls: [`${base}${name}/${String(v["version"])}.tgz`] };
    });
  }
  return stringifyYaml({ ...index, entries });
}

export interface TestServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; status: number }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 that records each request and the status it answered. */
export async function startServer(
  handler: (req: IncomingMessage, res: ServerResponse) => void | Promise<void>,
): Promise<TestServer> {
  const requests: TestServer["requests"] = [];
  const server = createServer((req, res) => {
    res.on("finish", () =>
      requests.push({
        method: req.method ?? "",
        url: req.url ?? "",
        headers: req.headers,
        status: res.statusCode,
      }),
    );
    void Promise.resolve(handler(req, res)).catch((e: Error) => {
      res.statusCode = 500;
      res.end(e.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Serves an index text and archives, with ETag / Last-Modified support. */
export function repoHandler(repo: {
  index: () => string;
  archives: Map<string, Buffer>;
  etag?: boolean;
}) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const file = (req.url ?? "").split("?")[0]?.replace(/^\/+/, "") ?? "";
    if (file === "index.yaml") {
      const text = repo.index();
      const etag = `"${Buffer.from(text).length}-${hash(text)}"`;
      if (repo.etag !== false) {
        res.setHeader("etag", etag);
        if (req.headers["if-none-match"] === etag) {
          res.statusCode = 304;
          res.end();
          return;
        }
      }
      res.setHeader("content-type", "text/yaml");
      res.end(text);
      return;
    }
    const archive = repo.archives.get(file);
    if (archive === undefined) {
      res.statusCode = 404;
      res.end("not found");
      return;
    }
    res.setHeader("content-type", "application/gzip");
    res.end(archive);
  };
}

function hash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h >>> 0;
}

/** Serves `/index.yaml` (with ETag) and `/<chart>/<version>.tgz` from one archive per chart. */
export function sharedArchiveHandler(index: () => string, archives: Map<string, Buffer>) {
  const serveIndex = repoHandler({ index, archives: new Map() });
  return (req: IncomingMessage, res: ServerResponse) => {
    const chart = /^\/([^/]+)\/[^/]+\.tgz$/.exec(req.url ?? "")?.[1];
    const archive = chart !== undefined ? archives.get(chart) : undefined;
    if (archive === undefined) return serveIndex(req, res);
    res.setHeader("content-type", "application/gzip");
    res.end(archive);
  };
}
