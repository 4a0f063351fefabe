import { mkdtemp, mkdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveSchema, type JSONSchema } from "@onyxia-ts/core";
import {
  loadRoleSchemaDirectories,
  loadSchemaDirectory,
  loadSchemaRegistry,
  SchemaDirectoryError,
} from "../../src/schema-registry/index.ts";

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "schemas-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function write(path: string, content: unknown): Promise<void> {
  const full = join(root, path);
  await mkdir(join(full, ".."), { recursive: true });
  await writeFile(full, typeof content === "string" ? content : JSON.stringify(content));
}

describe("loadSchemaDirectory", () => {
  it("keys every .json file by its relative path", async () => {
    await write("admin/ide/resources.json", { type: "object", title: "admin resources" });
    await write("admin/nodeSelector.json", { type: "object" });
    await write("admin/README.md", "not a schema");
    const schemas = await loadSchemaDirectory(join(root, "admin"));
    expect(Object.keys(schemas).sort()).toEqual(["ide/resources.json", "nodeSelector.json"]);
    expect(schemas["ide/resources.json"]?.title).toBe("admin resources");
  });

  it("treats a missing directory as empty", async () => {
    expect(await loadSchemaDirectory(join(root, "absent"))).toEqual({});
  });

  it("reads a Kubernetes ConfigMap mount (symlinks into ..data), skipping the hidden copies", async () => {
    await write("cm/..2026_01_01/proxy.json", { type: "object", title: "from configmap" });
    await symlink(join(root, "cm/..2026_01_01"), join(root, "cm/..data"));
    await symlink("..data/proxy.json", join(root, "cm/proxy.json"));
    const schemas = await loadSchemaDirectory(join(root, "cm"));
    expect(Object.keys(schemas)).toEqual(["proxy.json"]);
    expect(schemas["proxy.json"]?.title).toBe("from configmap");
  });

  it("names the file holding invalid JSON", async () => {
    await write("admin/ide/broken.json", "{ not json");
    const load = loadSchemaDirectory(join(root, "admin"));
    await expect(load).rejects.toThrow(SchemaDirectoryError);
    await expect(loadSchemaDirectory(join(root, "admin"))).rejects.toThrow(
      new RegExp(`schema file ${join(root, "admin/ide/broken.json")}: invalid JSON`),
    );
  });

  it("names a file that is JSON but not a schema object", async () => {
    await write("admin/list.json", [1, 2]);
    await expect(loadSchemaDirectory(join(root, "admin"))).rejects.toThrow(
      /list\.json: a JSON Schema must be an object/,
    );
  });

  it("names a file it cannot read (dangling symlink)", async () => {
    await mkdir(join(root, "admin"));
    await symlink(join(root, "nowhere.json"), join(root, "admin/gone.json"));
    await expect(loadSchemaDirectory(join(root, "admin"))).rejects.toThrow(
      /schema file .*gone\.json: cannot read it \(ENOENT\)/,
    );
  });
});

describe("loadRoleSchemaDirectories", () => {
  it("reads one map per role sub-directory", async () => {
    await write("roles/gpu/ide/resources.json", { type: "object", title: "gpu" });
    await write("roles/admin/proxy.json", { type: "object" });
    await write("roles/stray.json", { type: "object" });
    const byRole = await loadRoleSchemaDirectories(join(root, "roles"));
    expect(Object.keys(byRole).sort()).toEqual(["admin", "gpu"]);
    expect(byRole.gpu?.["ide/resources.json"]?.title).toBe("gpu");
  });
});

describe("loadSchemaRegistry", () => {
  it("overlays built-in, admin and role schemas for chart resolution", async () => {
    await write("admin/ide/resources.json", { type: "object", title: "admin resources" });
    await write("roles/gpu/ide/resources.json", { type: "object", title: "gpu resources" });
    const registry = await loadSchemaRegistry({
      adminDirectory: join(root, "admin"),
      roleDirectory: join(root, "roles"),
    });
    const chart: JSONSchema = {
      type: "object",
      properties: {
        resources: { "x-onyxia": { overwriteSchemaWith: "ide/resources.json" } },
        proxy: { "x-onyxia": { overwriteSchemaWith: "proxy.json" } },
      },
    };
    expect(resolveSchema(chart, { registry, roles: [] }).properties?.resources?.title).toBe(
      "admin resources",
    );
    expect(resolveSchema(chart, { registry, roles: ["gpu"] }).properties?.resources?.title).toBe(
      "gpu resources",
    );
    expect(
      resolveSchema(chart, { registry, roles: [] }).properties?.proxy?.properties?.httpProxy?.type,
    ).toBe("string");
    expect(Object.keys(registry.list("gpu"))).toHaveLength(22);
  });
});
