import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../../src/app.ts";
import { registerWebApp } from "../../src/http/web-app.ts";
import { configWith, tempDir } from "../app/fixtures.ts";

const fixture = tempDir();
const dist = path.join(fixture.dir, "dist");
mkdirSync(dist, { recursive: true });
writeFileSync(
  path.join(dist, "index.html"),
  "<!doctype html><html><head><title>SPA</title></head><body><div id=root></div></body></html>",
);
afterAll(() => fixture.cleanup());

function webEnvBlock(body: string): unknown {
  const match = /<script type="application\/json" id="onyxia-web-env">(.*?)<\/script>/.exec(body);
  return match ? JSON.parse(match[1] as string) : undefined;
}

describe("index.html carries the web customization", () => {
  it("at /, on client routes and at /index.html, with CUSTOM_HTML_HEAD appended to <head>", async () => {
    const warnings: string[] = [];
    const app = Fastify({
      logger: { level: "warn", stream: { write: (line: string) => void warnings.push(line) } },
    });
    await registerWebApp(app, {
      distDirectory: dist,
      basePath: "/api",
      env: {
        HEADER_TEXT_FOCUS: "MyLab",
        PALETTE_OVERRIDE: "{not: json",
        CUSTOM_HTML_HEAD: '<meta name="custom" content="1">',
      },
    });
    for (const url of ["/", "/index.html", "/catalog/ide"]) {
      const res = await app.inject({ url, headers: { accept: "text/html" } });
      expect(res.statusCode).toBe(200);
      expect(webEnvBlock(res.body)).toEqual({ HEADER_TEXT_FOCUS: "MyLab" });
      expect(res.body).toContain('<meta name="custom" content="1"></head>');
    }
    // The malformed variable is named in a startup warning and left out of the block above.
    expect(warnings.join("\n")).toContain("PALETTE_OVERRIDE is ignored");
    await app.close();
  });

  it("buildApp reads the variables from the environment at start; the CSP still forbids inline scripts", async () => {
    vi.stubEnv("HEADER_TEXT_BOLD", "Insee");
    vi.stubEnv("RUNNING_TIME_THRESHOLD_HOURS", "48");
    try {
      const app = await buildApp({ config: configWith({ catalogs: [] }), webDistDirectory: dist });
      const res = await app.inject({ url: "/" });
      expect(webEnvBlock(res.body)).toMatchObject({
        HEADER_TEXT_BOLD: "Insee",
        RUNNING_TIME_THRESHOLD_HOURS: 48,
      });
      expect(String(res.headers["content-security-policy"])).not.toMatch(
        /script-src[^;]*unsafe-inline/,
      );
      await app.close();
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
