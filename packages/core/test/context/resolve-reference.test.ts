import { describe, expect, it } from "vitest";
import { parseContextPath, resolveXOnyxiaReference } from "../../src/context/index.ts";

const source = {
  user: { email: "alice@example.org", darkMode: true, groups: ["g1", "g2"], profile: { age: 30 } },
  project: { id: "user-alice" },
  k8s: { randomSubdomain: "123456", domain: "lab.example.org" },
  region: { "dotted.key": "dotted-value", nodeSelector: { disk: "ssd" }, from: [{ a: 1 }] },
  nothing: null,
};

describe("parseContextPath", () => {
  it("parses dots, indices and quoted keys", () => {
    expect(parseContextPath("a.b[0]")).toEqual(["a", "b", 0]);
    expect(parseContextPath('a["dotted.key"].c')).toEqual(["a", "dotted.key", "c"]);
    expect(parseContextPath("a['k'][2][\"x\"]")).toEqual(["a", "k", 2, "x"]);
    expect(parseContextPath(" user.email ")).toEqual(["user", "email"]);
  });

  it("rejects broken syntax", () => {
    for (const bad of ["", "a..b", "a.", ".a", "a[x]", "a[0", 'a["k]'])
      expect(parseContextPath(bad)).toBeUndefined();
  });
});

describe("resolveXOnyxiaReference", () => {
  it("resolves a bare path at top level", () => {
    expect(resolveXOnyxiaReference("user.email", source)).toBe("alice@example.org");
    expect(resolveXOnyxiaReference("user.darkMode", source)).toBe(true);
  });

  it("full substitution keeps the native type", () => {
    expect(resolveXOnyxiaReference("{{user.darkMode}}", source)).toBe(true);
    expect(resolveXOnyxiaReference("{{user.groups}}", source)).toEqual(["g1", "g2"]);
    expect(resolveXOnyxiaReference("{{region.nodeSelector}}", source)).toEqual({ disk: "ssd" });
    expect(resolveXOnyxiaReference("{{ user.profile.age }}", source)).toBe(30);
  });

  it("interpolates scalars into a string", () => {
    expect(
      resolveXOnyxiaReference("{{project.id}}-{{k8s.randomSubdomain}}.{{k8s.domain}}", source),
    ).toBe("user-alice-123456.lab.example.org");
    expect(resolveXOnyxiaReference("age={{user.profile.age}} dark={{user.darkMode}}", source)).toBe(
      "age=30 dark=true",
    );
  });

  it("gives undefined when a placeholder is missing or not a scalar", () => {
    expect(resolveXOnyxiaReference("{{project.id}}-{{git.project}}", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("x-{{user.groups}}", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("x-{{nothing}}", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("lakefs", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("{{s3.AWS_ACCESS_KEY_ID}}", source)).toBeUndefined();
  });

  it("supports indices and quoted keys", () => {
    expect(resolveXOnyxiaReference("user.groups[1]", source)).toBe("g2");
    expect(resolveXOnyxiaReference('{{region["dotted.key"]}}', source)).toBe("dotted-value");
    expect(resolveXOnyxiaReference("{{region['nodeSelector'].disk}}", source)).toBe("ssd");
    expect(resolveXOnyxiaReference("{{region.from[0].a}}", source)).toBe(1);
  });

  it("resolves arrays and objects element by element, keeping literals", () => {
    expect(
      resolveXOnyxiaReference(
        [
          { host: "{{project.id}}.{{k8s.domain}}", paths: [{ path: "/", port: 6333, tls: true }] },
          "tls-secret",
        ],
        source,
      ),
    ).toEqual([
      { host: "user-alice.lab.example.org", paths: [{ path: "/", port: 6333, tls: true }] },
      "tls-secret",
    ]);
    expect(resolveXOnyxiaReference({ mail: "{{user.email}}", n: 3 }, source)).toEqual({
      mail: "alice@example.org",
      n: 3,
    });
  });

  it("one unresolved element makes the whole array or object undefined", () => {
    expect(resolveXOnyxiaReference(["{{user.email}}", "{{git.token}}"], source)).toBeUndefined();
    expect(
      resolveXOnyxiaReference({ a: "{{user.email}}", b: { c: "{{vault.VAULT_TOKEN}}" } }, source),
    ).toBeUndefined();
  });

  it("never reads inherited properties", () => {
    expect(resolveXOnyxiaReference("user.constructor", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("{{user.__proto__}}", source)).toBeUndefined();
    expect(resolveXOnyxiaReference("user.groups.length", source)).toBeUndefined();
  });

  it("reports the root key of every path read", () => {
    const roots: (string | number)[] = [];
    resolveXOnyxiaReference(["{{s3.AWS_ACCESS_KEY_ID}}-{{project.id}}"], source, {
      onRead: (r) => roots.push(r),
    });
    expect(roots).toEqual(["s3", "project"]);
  });
});
