/// <reference types="node" />
// Our built-in schemas are our own text, but must resolve charts exactly like Onyxia's:
// compare everything except the prose (title, description) with the files Onyxia ships.
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { builtInSchemas } from "../../src/registry/index.ts";
import { SHARED_SCHEMAS_DIR } from "../../../../testing/shared-dir.ts";

const ONYXIA_SCHEMAS = SHARED_SCHEMAS_DIR;
const PROSE = new Set(["title", "description"]);

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory()
      ? listJsonFiles(full)
      : name.endsWith(".json")
        ? [full]
        : [];
  });
}

/** Drops prose keywords from schema nodes (not from `default`/`enum` payloads). */
function withoutProse(node: unknown, insidePayload = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutProse(item, insidePayload));
  if (node === null || typeof node !== "object") return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (!insidePayload && PROSE.has(key)) continue;
    const payload =
      insidePayload || ["default", "enum", "const", "hidden", "x-onyxia"].includes(key);
    out[key] =
      key === "properties" && !insidePayload ? mapProperties(value) : withoutProse(value, payload);
  }
  return out;
}

function mapProperties(properties: unknown): unknown {
  return Object.fromEntries(
    Object.entries(properties as object).map(([name, sub]) => [name, withoutProse(sub)]),
  );
}

const onyxiaFiles = listJsonFiles(ONYXIA_SCHEMAS);

describe("built-in schema registry", () => {
  it("has exactly the keys Onyxia ships", () => {
    const keys = onyxiaFiles.map((file) => relative(ONYXIA_SCHEMAS, file)).sort();
    expect(keys.length).toBe(22);
    expect(Object.keys(builtInSchemas).sort()).toEqual(keys);
  });

  it.each(onyxiaFiles.map((file) => [relative(ONYXIA_SCHEMAS, file), file]))(
    "%s has the same structure as Onyxia's",
    (key, file) => {
      const theirs = JSON.parse(readFileSync(file, "utf8")) as unknown;
      expect(withoutProse(builtInSchemas[key])).toEqual(withoutProse(theirs));
    },
  );

  it("uses its own wording", () => {
    const theirs = JSON.parse(readFileSync(join(ONYXIA_SCHEMAS, "ide/resources.json"), "utf8")) as {
      description: string;
    };
    expect(builtInSchemas["ide/resources.json"]?.description).not.toBe(theirs.description);
  });

  it("is frozen, so no request can alter what the next one sees", () => {
    expect(() => {
      (builtInSchemas["proxy.json"] as { title?: string }).title = "changed";
    }).toThrow(TypeError);
  });
});
