import { describe, expect, it } from "vitest";
import { createSchemaRegistry } from "../../src/registry/index.ts";
import type { JSONSchema } from "../../src/schema/index.ts";

const titled = (title: string): JSONSchema => ({ type: "object", title });

const registry = createSchemaRegistry({
  builtIn: {
    "a.json": titled("built-in a"),
    "b.json": titled("built-in b"),
    "ide/c.json": titled("built-in c"),
  },
  admin: { "b.json": titled("admin b"), "ide/c.json": titled("admin c") },
  roles: {
    zeta: { "ide/c.json": titled("zeta c"), "a.json": titled("zeta a") },
    alpha: { "ide/c.json": titled("alpha c") },
  },
});

describe("createSchemaRegistry().get", () => {
  it("prefers admin overrides over built-in schemas", () => {
    expect(registry.get("a.json", [])?.title).toBe("built-in a");
    expect(registry.get("b.json", [])?.title).toBe("admin b");
  });

  it("prefers the first of the user's roles, in sorted order, that defines the key", () => {
    expect(registry.get("ide/c.json", ["zeta", "alpha"])?.title).toBe("alpha c");
    expect(registry.get("ide/c.json", ["zeta"])?.title).toBe("zeta c");
    expect(registry.get("a.json", ["alpha", "zeta"])?.title).toBe("zeta a");
  });

  it("falls back to shared schemas for roles without their own", () => {
    expect(registry.get("ide/c.json", ["unknown-role"])?.title).toBe("admin c");
  });

  it("answers undefined for an unknown key", () => {
    expect(registry.get("nope.json", ["alpha"])).toBeUndefined();
  });

  it("does not reorder the caller's roles array", () => {
    const roles = ["zeta", "alpha"];
    registry.get("ide/c.json", roles);
    expect(roles).toEqual(["zeta", "alpha"]);
  });

  it("is not affected by later edits of the maps it was built from", () => {
    const builtIn: Record<string, JSONSchema> = { "x.json": titled("x") };
    const r = createSchemaRegistry({ builtIn });
    builtIn["x.json"] = titled("changed");
    expect(r.get("x.json", [])?.title).toBe("x");
  });
});

describe("createSchemaRegistry().hasRole", () => {
  it("tells roles with schemas of their own from the others", () => {
    expect(registry.hasRole("alpha")).toBe(true);
    expect(registry.hasRole("nobody")).toBe(false);
    expect(createSchemaRegistry({ builtIn: {}, roles: { empty: {} } }).hasRole("empty")).toBe(
      false,
    );
  });
});

describe("createSchemaRegistry().list", () => {
  it("merges built-in and admin schemas without a role", () => {
    const all = registry.list();
    expect(Object.keys(all).sort()).toEqual(["a.json", "b.json", "ide/c.json"]);
    expect(all["b.json"]?.title).toBe("admin b");
    expect(all["ide/c.json"]?.title).toBe("admin c");
  });

  it("overlays one role's schemas", () => {
    const zeta = registry.list("zeta");
    expect(zeta["a.json"]?.title).toBe("zeta a");
    expect(zeta["ide/c.json"]?.title).toBe("zeta c");
    expect(zeta["b.json"]?.title).toBe("admin b");
  });
});
