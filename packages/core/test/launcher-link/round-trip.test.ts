import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  decodeLauncherLink,
  encodeLauncherLink,
  type LauncherLink,
} from "../../src/launcher-link/index.ts";
import { patchEntry, trickyString } from "./arbitraries.ts";

// Core is typechecked without DOM or Node types; the runtime (Node, browsers) has WHATWG URL.
interface ParsedUrl {
  pathname: string;
  search: string;
  searchParams: { keys(): Iterable<string> };
}
const WhatwgUrl = (globalThis as unknown as { URL: new (url: string, base: string) => ParsedUrl })
  .URL;

function split(url: string): [string, string] {
  const question = url.indexOf("?");
  return question === -1 ? [url, ""] : [url.slice(0, question), url.slice(question)];
}

// "." and ".." are URL dot segments: the encoder refuses them (tested in errors.test.ts).
const pathSegment = trickyString.filter((s) => s !== "" && s !== "." && s !== "..");

const launcherLink: fc.Arbitrary<LauncherLink> = fc
  .record(
    {
      catalogId: pathSegment,
      chartName: pathSegment,
      friendlyName: trickyString,
      shared: fc.boolean(),
      version: trickyString,
      s3: trickyString,
      autoLaunch: fc.boolean(),
      helmValuesPatch: fc.array(patchEntry, { maxLength: 6 }),
    },
    { requiredKeys: ["catalogId", "chartName", "helmValuesPatch"] },
  )
  .map((link) => ({ ...link }));

describe("launcher link round trip", () => {
  it("decode(encode(link)) gives back the link", () => {
    fc.assert(
      fc.property(launcherLink, (link) => {
        const [pathname, search] = split(encodeLauncherLink(link));
        expect(decodeLauncherLink(pathname, search)).toStrictEqual(link);
      }),
      { numRuns: 2000 },
    );
  });

  it("a URL parser sees exactly one query param per patch and the path unchanged", () => {
    fc.assert(
      fc.property(launcherLink, (link) => {
        const url = new WhatwgUrl(encodeLauncherLink(link), "https://datalab.example.org");
        const plainKeys = ["friendlyName", "shared", "version", "s3", "autoLaunch"].filter(
          (k) => k in link,
        );
        expect([...url.searchParams.keys()]).toHaveLength(
          plainKeys.length + link.helmValuesPatch.length,
        );
        expect(url.pathname.split("/")).toHaveLength(4);
        expect(decodeLauncherLink(url.pathname, url.search)).toStrictEqual(link);
      }),
      { numRuns: 500 },
    );
  });

  it("numeric-looking strings stay strings", () => {
    for (const value of ["007", "1e3", "-1", "0.5", "true", "null", "-", ""]) {
      const url = encodeLauncherLink({
        catalogId: "ide",
        chartName: "x",
        helmValuesPatch: [{ path: ["a", "b"], value }],
      });
      const [pathname, search] = split(url);
      const [entry] = decodeLauncherLink(pathname, search).helmValuesPatch;
      expect(entry?.value).toBe(value);
    }
  });
});
