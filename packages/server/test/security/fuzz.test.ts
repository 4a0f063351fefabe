// Property tests over everything a caller controls: project/region headers, launcher links,
// release and chart names, and launch payloads. Never a 500, never a crash, and nothing that
// reaches a helm command line escapes the core naming validators. 10,000 cases in total.
import path from "node:path";
import fc from "fast-check";
import {
  checkCatalogId,
  checkChartName,
  checkChartVersion,
  checkNamespace,
  checkReleaseName,
  checkUsername,
  decodeLauncherLink,
  LauncherLinkError,
} from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HelmArgumentError, helmArgs } from "../../src/helm/index.ts";
import { configWith, demoSchema, startedApp, tempDir, writeHelmRepo } from "../app/fixtures.ts";

const RUNS = { headers: 2000, launcherLinks: 2500, names: 2500, payloads: 3000 };
const fixture = tempDir();
let app: FastifyInstance;

beforeAll(async () => {
  const main = await writeHelmRepo(path.join(fixture.dir, "main"), [
    { name: "demo", version: "1.0.0", schema: demoSchema },
  ]);
  app = await startedApp(
    configWith({
      catalogs: [{ id: "main", location: main }],
      security: { "rate-limit": { max: 0 } },
      audit: { sink: "none" },
      // Configured but unreachable: a payload that gets past validation ends in a fast 503.
      regions: [
        { id: "lab", services: { singleNamespace: false, server: { URL: "https://127.0.0.1:1" } } },
      ],
    }),
  );
});
afterAll(async () => {
  await app.close();
  fixture.cleanup();
  console.log(`fuzz: ${Object.values(RUNS).reduce((a, b) => a + b, 0)} cases`);
});

/** Strings that attack headers, names and shells: unicode, CR/LF, NUL, metacharacters, option look-alikes. */
const nasty = fc.oneof(
  fc.string({ unit: "binary", maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc
    .array(
      fc.constantFrom(
        "a",
        "z",
        "0",
        "-",
        ".",
        "_",
        "/",
        "\r\n",
        "\n",
        "\0",
        ";",
        "|",
        "&",
        "$(",
        "`",
        "'",
        '"',
        "\\",
        " ",
        "--",
        "é",
        "İ",
        "\u202e",
        "*",
        "..",
        "%00",
        "=",
        "{",
        "}",
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join("")),
  fc.constantFrom("user-default", "projet-x", "lab", "LAB", " lab ", "user-default\r\nX-Evil: 1"),
);

// eslint-disable-next-line no-control-regex -- control characters are among what must be refused
const SHELL_OR_SPACE = /[\s;|&$`'"\\<>(){}*?!#~\0-\x1f\x7f]/;

describe("ONYXIA-PROJECT / ONYXIA-REGION headers", () => {
  it("never crash the server nor echo raw CR/LF into response headers", async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, fc.boolean(), async (project, region, userInfo) => {
        const headers: Record<string, string> = {};
        // Node refuses such header values on a real socket; inject passes them through, which is harsher.
        headers["onyxia-project"] = project;
        headers["onyxia-region"] = region;
        const res = await app.inject({
          url: userInfo ? "/api/user/info" : "/api/my-lab/catalogs",
          headers,
        });
        expect([200, 400, 403]).toContain(res.statusCode);
        for (const value of Object.values(res.headers)) expect(String(value)).not.toMatch(/[\r\n]/);
      }),
      { numRuns: RUNS.headers },
    );
  });
});

describe("launcher links", () => {
  it("decode or fail with LauncherLinkError, and what decodes is refused by the API when it is not a plain name", async () => {
    const segment = fc.oneof(nasty, fc.constantFrom("ide", "jupyter-python", "%2F", "%ZZ"));
    const query = fc
      .array(fc.tuple(nasty, nasty), { maxLength: 6 })
      .map((pairs) => `?${pairs.map(([k, v]) => `${k}=${v}`).join("&")}`);
    let implausible = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.tuple(segment, segment).map(([c, n]) => `/launcher/${c}/${n}`),
          nasty,
        ),
        fc.oneof(query, nasty),
        async (pathname, search) => {
          let link;
          try {
            link = decodeLauncherLink(pathname, search);
          } catch (error) {
            expect(error).toBeInstanceOf(LauncherLinkError);
            return;
          }
          // The decoder does not validate names (core's business); the API must then refuse them cleanly.
          if (checkCatalogId(link.catalogId).ok && checkChartName(link.chartName).ok) return;
          implausible++;
          const url = `/api/my-lab/catalogs/${encodeURIComponent(link.catalogId)}/charts/${encodeURIComponent(link.chartName)}`;
          expect([400, 404]).toContain((await app.inject({ url })).statusCode);
        },
      ),
      { numRuns: RUNS.launcherLinks },
    );
    console.log(
      `launcher links: ${implausible} decoded with a catalog or chart name the API refuses`,
    );
  });
});

describe("names that reach a helm command line", () => {
  it("are accepted only when plain, and helm arguments are built only from accepted names", () => {
    const validators = [
      checkReleaseName,
      checkNamespace,
      checkChartName,
      checkChartVersion,
      checkCatalogId,
      checkUsername,
    ];
    fc.assert(
      fc.property(nasty, nasty, nasty, nasty, (release, namespace, chart, version) => {
        for (const value of [release, namespace, chart, version]) {
          for (const validate of validators) {
            if (validate(value).ok) {
              expect(value, validate.name).not.toMatch(SHELL_OR_SPACE);
              expect(value.startsWith("-"), validate.name).toBe(false);
            }
          }
        }
        let args: string[] | undefined;
        try {
          args = helmArgs.install(
            { release, namespace, identity: { asUser: `oidc-${release}` } },
            { kind: "repo", url: "https://charts.example.org", chart, version },
          );
        } catch (error) {
          expect(error).toBeInstanceOf(HelmArgumentError);
        }
        if (args) {
          // The argument builder ran: every user-controlled name passed its validator.
          expect(
            checkReleaseName(release).ok &&
              checkNamespace(namespace).ok &&
              checkChartName(chart).ok &&
              checkChartVersion(version).ok,
          ).toBe(true);
          expect(args.filter((a) => a.startsWith("-") && !a.startsWith("--"))).toEqual([]);
        }
      }),
      { numRuns: RUNS.names },
    );
  });
});

describe("PUT /my-lab/app payloads", () => {
  it("never answer 500, whatever the body", async () => {
    const name = fc.oneof(nasty, fc.constantFrom("main", "demo", "1.0.0", "demo-123456"));
    const launch = fc.record(
      {
        catalogId: name,
        packageName: name,
        packageVersion: name,
        name,
        friendlyName: nasty,
        share: fc.anything(),
        options: fc.oneof(
          fc.object(),
          fc.anything(),
          fc.constant({ resources: { limits: { cpu: "8000m" } } }),
        ),
        dryRun: fc.constant(false),
      },
      { requiredKeys: [] },
    );
    // A known chart with random names and options: these reach schema validation and beyond.
    const known = fc.record(
      {
        catalogId: fc.constant("main"),
        packageName: fc.constant("demo"),
        packageVersion: fc.constant("1.0.0"),
        name,
        options: fc.oneof(
          fc.object(),
          fc.record({ replicas: fc.oneof(fc.integer(), fc.anything()) }),
        ),
        dryRun: fc.constant(false),
      },
      { requiredKeys: ["catalogId", "packageName", "packageVersion"] },
    );
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          launch,
          known,
          fc.anything(),
          fc.string().map((s) => ({ raw: s })),
        ),
        async (body) => {
          const raw =
            typeof body === "object" &&
            body !== null &&
            "raw" in body &&
            Object.keys(body).length === 1;
          const res = await app.inject({
            method: "PUT",
            url: "/api/my-lab/app",
            headers: { "content-type": "application/json" },
            payload: raw ? String((body as { raw: string }).raw) : JSON.stringify(body ?? null),
          });
          if (res.statusCode >= 500 && res.statusCode !== 503)
            throw new Error(`${res.statusCode} for ${JSON.stringify(body)}: ${res.body}`);
          expect(res.statusCode).not.toBe(500);
          statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
        },
      ),
      { numRuns: RUNS.payloads },
    );
    console.log(`launch payloads by status: ${JSON.stringify(statuses)}`);
  });
});
