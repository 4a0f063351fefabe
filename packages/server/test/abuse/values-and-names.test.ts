// Issue 11, items 4 and 5 on the fakes: values nested 900 levels deep are a 400 naming the path
// (not a stack overflow), `sharing.group` takes only a group the caller is in, and friendly
// names with control or bidirectional characters are refused.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidError } from "../../src/domain/errors.ts";
import { assertValuesDepth } from "../../src/features/chart-schema/index.ts";
import { diffEdit } from "../../src/features/edit/index.ts";
import { launch } from "../../src/features/launch/index.ts";
import { updateMeta } from "../../src/features/release-actions/index.ts";
import { createWorld, type World } from "../support/world.ts";

let world: World;
beforeEach(async () => (world = await createWorld()));
afterEach(() => world.close());

const failure = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e,
  );
const pg = { catalogId: "examples", packageName: "postgres-lite", packageVersion: "1.2.0" };
const vscode = { catalogId: "examples", packageName: "vscode-lite", packageVersion: "1.0.0" };

function nested(depth: number): Record<string, unknown> {
  let value: Record<string, unknown> = { leaf: 1 };
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

describe("deeply nested values", () => {
  it("answers 400 naming the path on launch and diff, for 900 levels", async () => {
    const alice = world.caller("alice");
    const error = await failure(
      launch(world.deps, alice, { ...pg, name: "deep", options: { extra: nested(900) } }),
    );
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).errors?.[0]).toMatch(
      /^options\.extra(\.a)+.*nests deeper than 64 levels$/,
    );
    expect(world.helm.releases.size).toBe(0);
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    const diff = await failure(
      diffEdit(world.deps, alice, { serviceID: "pg-1", options: { extra: nested(900) } }),
    );
    expect(diff).toBeInstanceOf(InvalidError);
    expect((diff as Error).message).toMatch(/nested too deeply/);
  });

  it("puts the bound at 64 levels: the top-level object and 63 more", () => {
    expect(() => assertValuesDepth(nested(62))).not.toThrow(); // 63 objects, leaf a number
    expect(() => assertValuesDepth({ x: nested(62) })).not.toThrow(); // 64
    expect(() => assertValuesDepth({ x: { y: nested(62) } })).toThrow(/options\.x\.y(\.a)+ nests/);
  });
});

describe("sharing.group (overwriteListEnumWith: user.decodedIdToken.groups)", () => {
  it("takes one of the caller's groups or the default, and refuses any other with 400", async () => {
    const alice = world.caller("alice", { groups: ["team", "lab"] });
    await launch(world.deps, alice, {
      ...vscode,
      name: "v-1",
      options: { sharing: { group: "lab" } },
    });
    await launch(world.deps, alice, {
      ...vscode,
      name: "v-2",
      options: { sharing: { group: "" } },
    });
    const error = await failure(
      launch(world.deps, alice, {
        ...vscode,
        name: "v-3",
        options: { sharing: { group: "admins" } },
      }),
    );
    expect(error).toBeInstanceOf(InvalidError);
    expect((error as InvalidError).errors).toEqual([
      'sharing.group must be one of user.decodedIdToken.groups ("team", "lab"), got "admins"',
    ]);
    expect(world.helm.releases.has("user-alice/v-3")).toBe(false);
  });
});

describe("friendly names", () => {
  it("refuses NUL, CR/LF and bidirectional controls on launch and rename (400 naming the character)", async () => {
    const alice = world.caller("alice");
    await launch(world.deps, alice, { ...pg, name: "pg-1", options: {} });
    for (const [name, code] of [
      ["a\u0000b", "U+0000"],
      ["line\r\nInjected: yes", "U+000D"],
      ["invoice\u202Egpj.exe", "U+202E"],
      ["x\u2066y", "U+2066"],
    ] as const) {
      const launched = await failure(
        launch(world.deps, alice, { ...pg, name: "pg-2", friendlyName: name, options: {} }),
      );
      expect(launched).toBeInstanceOf(InvalidError);
      expect((launched as Error).message).toContain(code);
      const renamed = await failure(updateMeta(world.deps, alice, "pg-1", { friendlyName: name }));
      expect(renamed).toBeInstanceOf(InvalidError);
    }
    expect(world.helm.releases.has("user-alice/pg-2")).toBe(false);
    await updateMeta(world.deps, alice, "pg-1", { friendlyName: "Données – été 🌞" });
  });
});
