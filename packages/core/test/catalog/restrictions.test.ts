import { describe, expect, it } from "vitest";
import { passesRestrictions } from "../../src/catalog/index.ts";

const r = (key: string, matches: string) => ({ userAttribute: { key, matches } });

describe("passesRestrictions", () => {
  it("no restriction: everyone, including anonymous users", () => {
    expect(passesRestrictions([], null)).toBe(true);
  });
  it("anonymous users never pass a restriction", () => {
    expect(passesRestrictions([r("groups", ".*")], null)).toBe(false);
  });
  it("a string claim must match the whole regex", () => {
    expect(passesRestrictions([r("email", ".*@insee\\.fr")], { email: "a@insee.fr" })).toBe(true);
    expect(passesRestrictions([r("email", "insee")], { email: "a@insee.fr" })).toBe(false);
  });
  it("a list claim passes when any element matches", () => {
    expect(passesRestrictions([r("groups", "admin|ops")], { groups: ["users", "ops"] })).toBe(true);
    expect(passesRestrictions([r("groups", "admin")], { groups: ["administrators"] })).toBe(false);
  });
  it("a boolean claim compares as text", () => {
    expect(passesRestrictions([r("verified", "true")], { verified: true })).toBe(true);
    expect(passesRestrictions([r("verified", "true")], { verified: false })).toBe(false);
  });
  it("all restrictions must match; missing claims and bad regexes fail closed", () => {
    const both = [r("groups", "ops"), r("email", ".*@x\\.org")];
    expect(passesRestrictions(both, { groups: ["ops"], email: "a@x.org" })).toBe(true);
    expect(passesRestrictions(both, { groups: ["ops"], email: "a@y.org" })).toBe(false);
    expect(passesRestrictions([r("missing", ".*")], { groups: [] })).toBe(false);
    expect(passesRestrictions([r("email", "(")], { email: "(" })).toBe(false);
  });
});
