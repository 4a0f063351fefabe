import { describe, expect, it } from "vitest";
import { resolveConfig } from "@onyxia-ts/core";
import { groupBaseName, noAuthUser, projectsFor } from "../../src/user/index.ts";

const region = (raw: Record<string, unknown>) =>
  resolveConfig({ file: { name: "t", data: { regions: [{ id: "r", ...raw }] } } }).config
    .regions[0]!;

describe("projectsFor", () => {
  it("drops projects whose namespace is not an RFC 1123 label", () => {
    const user = { ...noAuthUser("1.2.3.4"), idep: "Bob_Upper", groups: ["a".repeat(70), "good"] };
    const projects = projectsFor(user, region({ services: { singleNamespace: false } }), "onyxia");
    expect(projects.map((p) => p.id)).toEqual(["projet-good"]);
  });

  it("has no personal project when userNamespace is false", () => {
    const user = { ...noAuthUser("1.2.3.4"), groups: ["team"] };
    const projects = projectsFor(
      user,
      region({ services: { singleNamespace: false, userNamespace: false } }),
      "x",
    );
    expect(projects.map((p) => p.id)).toEqual(["projet-team"]);
  });

  it("keeps groups the include pattern does not match, as Onyxia does", () => {
    const r = region({ includedGroupPattern: "^(.*)_Onyxia$", transformGroupPattern: "$1" });
    expect(groupBaseName("sales_Onyxia", r)).toBe("sales");
    expect(groupBaseName("other", r)).toBe("other");
  });
});
