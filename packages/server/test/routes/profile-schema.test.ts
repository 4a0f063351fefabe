// GET /api/profile/schema, as onyxia-api answers it (reference §1.2, §9): the schema in
// `profile.schema.directory/default`, or 200 with an empty body when none is configured. Onyxia's
// web awaits it at startup for every user: a 404 here blanks the whole client.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadProfileSchema, SchemaDirectoryError } from "../../src/schema-registry/index.ts";
import { repoRoot } from "../../src/config/paths.ts";
import { configWith, startedApp, tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
afterAll(() => fixture.cleanup());

const exampleDir = path.join(repoRoot, "catalogs/examples/profile");

function dirWith(name: string, content: string | undefined): string {
  const dir = path.join(fixture.dir, name);
  mkdirSync(dir, { recursive: true });
  if (content !== undefined) writeFileSync(path.join(dir, "default"), content);
  return dir;
}

describe("GET /api/profile/schema", () => {
  it("answers the configured schema (the example one) as JSON", async () => {
    const app = await startedApp(
      configWith({ catalogs: [], "profile.schema.directory": exampleDir }),
    );
    try {
      const res = await app.inject({ url: "/api/profile/schema" });
      expect(res.statusCode).toBe(200);
      expect(res.headers["content-type"]).toMatch(/^application\/json/);
      expect(res.json()).toEqual(
        JSON.parse(readFileSync(path.join(exampleDir, "default"), "utf8")),
      );
      expect(Object.keys(res.json().properties.aiAssistant.properties)).toEqual([
        "enabled",
        "provider",
        "model",
        "apiBase",
        "apiKey",
      ]);
    } finally {
      await app.close();
    }
  });

  it.each([
    ["no directory configured", undefined],
    ["a directory without a default file", "empty"],
    ["a directory that does not exist", "missing"],
  ])("answers 200 with an empty body for %s", async (_case, dir) => {
    const directory =
      dir === "empty" ? dirWith("empty", undefined) : dir && path.join(fixture.dir, dir);
    const app = await startedApp(
      configWith({ catalogs: [], ...(directory ? { "profile.schema.directory": directory } : {}) }),
    );
    try {
      const res = await app.inject({ url: "/api/profile/schema" });
      expect(res.statusCode).toBe(200);
      expect(res.body).toBe("");
    } finally {
      await app.close();
    }
  });

  it("is open in mode none even with a stale project header (it checks the user only)", async () => {
    const app = await startedApp(configWith({ catalogs: [] }), {
      profileSchema: { type: "object", properties: { a: { type: "string" } } },
    });
    try {
      const res = await app.inject({
        url: "/api/profile/schema",
        headers: { "onyxia-project": "projet-nobody" },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().properties.a.type).toBe("string");
    } finally {
      await app.close();
    }
  });
});

describe("loadProfileSchema", () => {
  it("names the file and the problem when the schema is not usable", async () => {
    await expect(loadProfileSchema(dirWith("bad-json", "{ nope"))).rejects.toThrow(
      /profile schema .*bad-json\/default: invalid JSON/,
    );
    await expect(loadProfileSchema(dirWith("array", "[1]"))).rejects.toThrow(
      /array\/default: a JSON Schema must be an object/,
    );
    await expect(loadProfileSchema(dirWith("string-type", '{"type":"string"}'))).rejects.toThrow(
      SchemaDirectoryError,
    );
  });
});
