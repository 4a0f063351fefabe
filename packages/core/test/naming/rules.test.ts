import { describe, expect, it } from "vitest";
import {
  assertValidName,
  checkCatalogId,
  checkChartName,
  checkChartVersion,
  checkNamespace,
  checkReleaseName,
  checkUsername,
  InvalidNameError,
  type NameValidation,
} from "../../src/naming/index.ts";

function reasonOf(result: NameValidation): string {
  expect(result.ok).toBe(false);
  return result.ok ? "" : result.reason;
}

// Values an attacker could try to smuggle into `helm … <release> -n <namespace> --version <v>`.
const hostile = [
  "; rm -rf /",
  "a;b",
  "a b",
  "$(id)",
  "`id`",
  "a|b",
  "a&&b",
  "a>b",
  "a\nb",
  "a\u0000b",
  "../etc",
  "a/b",
  "--kube-token=x",
  "-n",
  "'quoted'",
  '"x"',
  "é",
  "日本",
  "a\u200bb",
];

describe("release names (RFC 1123 subdomain, ≤ 53)", () => {
  it.each(["jupyter-python-123456", "a", "0", "a.b-c.d", "x".repeat(53)])("accepts %s", (name) => {
    expect(checkReleaseName(name)).toStrictEqual({ ok: true });
  });

  it.each(hostile)("refuses %j", (name) => {
    expect(checkReleaseName(name).ok).toBe(false);
  });

  it("explains each refusal", () => {
    expect(reasonOf(checkReleaseName(""))).toBe("must not be empty");
    expect(reasonOf(checkReleaseName("x".repeat(54)))).toBe(
      "is 54 characters long, the maximum is 53",
    );
    expect(reasonOf(checkReleaseName("--set"))).toMatch(/must not start with "-".*flag/);
    expect(reasonOf(checkReleaseName("My-app"))).toMatch(
      /contains "M" \(uppercase letters are not allowed\)/,
    );
    expect(reasonOf(checkReleaseName("a;b"))).toMatch(
      /contains ";"; allowed: lowercase letters, digits, "-" and "."/,
    );
    expect(reasonOf(checkReleaseName("a b"))).toMatch(/contains a space/);
    expect(reasonOf(checkReleaseName("a\nb"))).toMatch(/control character U\+000A/);
    expect(reasonOf(checkReleaseName("app-"))).toMatch(
      /must end with a lowercase letter or a digit, not "-"/,
    );
    expect(reasonOf(checkReleaseName("a..b"))).toMatch(/empty part between dots/);
    expect(reasonOf(checkReleaseName("a.-b"))).toMatch(/part "-b"/);
    expect(reasonOf(checkReleaseName(42))).toBe("must be a string, got number");
  });
});

describe("namespaces and usernames (RFC 1123 label, ≤ 63)", () => {
  it.each([checkNamespace, checkUsername])(
    "accept labels and refuse dots, overlong or hostile values",
    (check) => {
      expect(check("user-jdoe")).toStrictEqual({ ok: true });
      expect(check("x".repeat(63))).toStrictEqual({ ok: true });
      expect(reasonOf(check("x".repeat(64)))).toBe("is 64 characters long, the maximum is 63");
      expect(reasonOf(check("a.b"))).toMatch(/contains "\."/);
      expect(reasonOf(check("Jdoe"))).toMatch(/uppercase/);
      expect(reasonOf(check("-"))).toMatch(/flag/);
      for (const value of hostile) expect(check(value).ok).toBe(false);
    },
  );
});

describe("chart versions (SemVer 2)", () => {
  it.each([
    "0.0.1",
    "1.2.3",
    "10.20.30",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-0.3.7",
    "1.0.0-x-y-z.--",
    "1.0.0+20130313144700",
    "1.0.0-beta+exp.sha.5114f85",
  ])("accepts %s", (version) => expect(checkChartVersion(version)).toStrictEqual({ ok: true }));

  it.each([
    "1",
    "1.2",
    "1.2.3.4",
    "01.2.3",
    "1.2.03",
    "1.0.0-01",
    "1.0.0-",
    "1.0.0+",
    "1.0.0-a..b",
    "latest",
    "1.2.3 ",
    "1.2.3;id",
    "--version",
    "1.2.3\n",
  ])("refuses %j", (version) => expect(checkChartVersion(version).ok).toBe(false));

  it("explains the refusal", () => {
    expect(reasonOf(checkChartVersion("v1.2.3"))).toBe('must not start with "v": write 1.2.3');
    expect(reasonOf(checkChartVersion("01.2.3"))).toBe("has a leading zero in MAJOR.MINOR.PATCH");
    expect(reasonOf(checkChartVersion("1.2"))).toMatch(/not a SemVer 2 version/);
    expect(reasonOf(checkChartVersion(""))).toBe("must not be empty");
    expect(reasonOf(checkChartVersion(`1.0.0-${"a".repeat(200)}`))).toMatch(/maximum is 128/);
  });
});

describe("chart names and catalog ids", () => {
  it("accept real names", () => {
    for (const name of [
      "jupyter-python",
      "postgresql-cnpg",
      "spark-thrift-server",
      "argo-cd",
      "my_chart",
      "chart.v2",
    ]) {
      expect(checkChartName(name)).toStrictEqual({ ok: true });
    }
    for (const id of ["ide", "databases", "inseefrlab-helm-charts-datascience", "Examples_2"]) {
      expect(checkCatalogId(id)).toStrictEqual({ ok: true });
    }
  });

  it("refuse hostile or malformed values with a reason", () => {
    for (const value of hostile) {
      expect(checkChartName(value).ok).toBe(false);
      expect(checkCatalogId(value).ok).toBe(false);
    }
    expect(reasonOf(checkChartName("Jupyter"))).toMatch(/uppercase/);
    expect(reasonOf(checkChartName("a..b"))).toBe('must not contain ".."');
    expect(reasonOf(checkCatalogId("a..b"))).toBe('must not contain ".."');
    expect(reasonOf(checkCatalogId("_x"))).toMatch(/must start with a letter or a digit, not "_"/);
    expect(reasonOf(checkCatalogId("x".repeat(64)))).toMatch(/maximum is 63/);
  });
});

describe("assertValidName", () => {
  it("throws an error naming the kind, the value and the reason", () => {
    expect(() => assertValidName("namespace", "Bad NS", checkNamespace)).toThrow(InvalidNameError);
    expect(() => assertValidName("namespace", "Bad NS", checkNamespace)).toThrow(
      'invalid namespace "Bad NS": contains "B" (uppercase letters are not allowed)',
    );
    expect(() => assertValidName("namespace", "user-x", checkNamespace)).not.toThrow();
  });
});

describe("DNS labels: the fast path for valid values", () => {
  it("agrees with the character-by-character checks on valid, invalid and edge values", async () => {
    const { checkCharacters, checkDnsLabel } = await import("../../src/naming/dns-names.ts");
    const slow = { ...labelRuleOf(), whole: undefined };
    const alphabet = ["a", "z", "0", "9", "-", "A", ".", "_", " ", "é"];
    const values = [...hostile, "a", "a-b", "-a", "a-", "ab".repeat(32), "ab".repeat(31) + "a"];
    // Every string of up to 3 characters from the alphabet, too.
    for (const x of alphabet) {
      values.push(x);
      for (const y of alphabet) {
        values.push(x + y);
        for (const z of alphabet) values.push(x + y + z);
      }
    }
    for (const value of values)
      expect(checkDnsLabel(value), JSON.stringify(value)).toEqual(checkCharacters(value, slow));
  });
});

/** The rule checkDnsLabel uses, without its fast path (the reference). */
function labelRuleOf() {
  return {
    maxLength: 63,
    allowed: /^[a-z0-9-]$/,
    allowedDescription: 'lowercase letters, digits and "-"',
    edge: /^[a-z0-9]$/,
    edgeDescription: "a lowercase letter or a digit",
  };
}
