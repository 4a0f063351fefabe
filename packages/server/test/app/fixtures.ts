// Builds small local Helm repositories (index.yaml + .tgz) and apps over them, for route tests.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { stringify } from "yaml";
import { resolveConfig, type AppConfig, type RawCatalogConfig } from "@onyxia-ts/core";
import { buildApp, type BuildAppOptions } from "../../src/app.ts";

export interface FixtureChart {
  name: string;
  version: string;
  schema?: unknown;
  values?: string;
  extra?: Record<string, unknown>;
  /** Files under templates/ (name → content). */
  templates?: Record<string, string>;
}

async function tgz(files: Record<string, string>): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  archive.on("data", (c: unknown) => {
    chunks.push(c as Buffer);
  });
  const done = new Promise<void>((resolve) => archive.on("end", () => resolve()));
  for (const [name, content] of Object.entries(files)) archive.entry({ name }, content);
  archive.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** Writes a Helm repository folder and returns its path. */
export async function writeHelmRepo(root: string, charts: FixtureChart[]): Promise<string> {
  mkdirSync(root, { recursive: true });
  const entries: Record<string, unknown[]> = {};
  for (const c of charts) {
    const file = `${c.name}-${c.version}.tgz`;
    const files: Record<string, string> = {
      [`${c.name}/Chart.yaml`]: stringify({ apiVersion: "v2", name: c.name, version: c.version }),
      [`${c.name}/values.yaml`]: c.values ?? "replicas: 1\n",
    };
    if (c.schema !== undefined) files[`${c.name}/values.schema.json`] = JSON.stringify(c.schema);
    for (const [name, content] of Object.entries(c.templates ?? {}))
      files[`${c.name}/templates/${name}`] = content;
    writeFileSync(path.join(root, file), await tgz(files));
    (entries[c.name] ??= []).push({
      apiVersion: "v2",
      name: c.name,
      version: c.version,
      description: `${c.name} chart`,
      urls: [file],
      ...c.extra,
    });
  }
  writeFileSync(
    path.join(root, "index.yaml"),
    stringify({ apiVersion: "v1", entries, generated: "2026-01-01T00:00:00Z" }),
  );
  return root;
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), "onyxia-ts-app-"));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const demoSchema = {
  type: "object",
  properties: {
    resources: { type: "object", "x-onyxia": { overwriteSchemaWith: "ide/resources.json" } },
    replicas: { type: "integer", default: 1 },
  },
};

/** Two usable catalogs (one restricted) and one whose folder does not exist. */
export async function standardCatalogs(dir: string): Promise<RawCatalogConfig[]> {
  const main = await writeHelmRepo(path.join(dir, "main"), [
    {
      name: "demo",
      version: "1.0.0",
      schema: demoSchema,
      extra: { dependencies: [{ name: "lib", condition: "lib.enabled" }] },
    },
    { name: "demo", version: "1.1.0", schema: demoSchema },
    { name: "demo", version: "1.2.0-rc.1", schema: demoSchema },
    { name: "noschema", version: "0.1.0" },
    {
      name: "brokenref",
      version: "1.0.0",
      schema: { type: "object", properties: { a: { $ref: "nowhere/missing.json" } } },
    },
  ]);
  const restricted = await writeHelmRepo(path.join(dir, "restricted"), [
    { name: "secret-tool", version: "1.0.0" },
  ]);
  return [
    { id: "main", location: main, multipleServicesMode: "all" },
    {
      id: "restricted",
      location: restricted,
      restrictions: [{ userAttribute: { key: "groups", matches: "admins" } }],
    },
    { id: "broken", location: path.join(dir, "does-not-exist") },
  ];
}

export function configWith(
  data: Record<string, unknown>,
  env: Record<string, string> = {},
): AppConfig {
  return resolveConfig({ file: { name: "test.yaml", data }, env }).config;
}

/** An app over `config` whose catalogs have finished their first load. */
export async function startedApp(config: AppConfig, options: Omit<BuildAppOptions, "config"> = {}) {
  const app = await buildApp({ webDistDirectory: null, ...options, config });
  await app.onyxia.catalogs.start();
  return app;
}
