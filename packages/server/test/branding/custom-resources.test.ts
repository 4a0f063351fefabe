// CUSTOM_RESOURCES (reference §10): the organisation's zip, fetched at start and served under
// /custom-resources/ with the right types; entries that would escape the folder are left out,
// a broken archive or an unreachable URL is logged and the app still starts.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CustomResourcesError,
  fetchCustomResources,
  readZip,
  safeEntryName,
} from "../../src/http/custom-resources.ts";
import { registerWebApp } from "../../src/http/web-app.ts";
import { makeTestCa } from "../support/test-ca.ts";
import { zip } from "../support/zip.ts";

const svg = '<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>';
const archive = zip([
  { name: "logo.svg", content: svg },
  { name: "fonts/", content: "" },
  { name: "fonts/Geist-Regular.woff2", content: "w".repeat(2000), deflate: true },
  { name: "docs/about.md", content: "# About us", deflate: true },
  { name: "../evil.txt", content: "no" },
  { name: "/etc/passwd", content: "no" },
]);

let origin: Server;
let originUrl = "";
beforeAll(async () => {
  origin = createServer((req, res) => {
    if (req.url === "/resources.zip") {
      res.writeHead(200, { "content-type": "application/zip" });
      res.end(archive);
    } else if (req.url === "/broken.zip") {
      res.writeHead(200, { "content-type": "application/zip" });
      res.end("this is not a zip");
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => origin.listen(0, "127.0.0.1", resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => origin.close(() => resolve())));

async function appWith(url: string) {
  const warnings: string[] = [];
  const app = Fastify({
    logger: { level: "warn", stream: { write: (line: string) => void warnings.push(line) } },
  });
  await registerWebApp(app, {
    distDirectory: null,
    basePath: "/api",
    env: { CUSTOM_RESOURCES: url },
  });
  return { app, warnings };
}

describe("the CUSTOM_RESOURCES archive", () => {
  it("reads stored and deflated entries, and leaves out those that would escape the folder", () => {
    const { files, skipped } = readZip(archive);
    expect([...files.keys()].sort()).toEqual([
      "docs/about.md",
      "fonts/Geist-Regular.woff2",
      "logo.svg",
    ]);
    expect(files.get("fonts/Geist-Regular.woff2")?.toString()).toBe("w".repeat(2000));
    expect(skipped).toEqual(["../evil.txt", "/etc/passwd"]);
    expect(safeEntryName("./a/b.png")).toBe("a/b.png");
    expect(safeEntryName("a/../../b")).toBeUndefined();
    expect(safeEntryName("a\\b")).toBeUndefined();
    expect(() => readZip(Buffer.from("not a zip at all, definitely not"))).toThrow(
      CustomResourcesError,
    );
    expect(() =>
      readZip(archive, { maxArchiveBytes: 10, maxTotalBytes: 1e9, maxEntries: 10 }),
    ).toThrow(/over 10 bytes/);
    expect(() =>
      readZip(archive, { maxArchiveBytes: 1e9, maxTotalBytes: 100, maxEntries: 10 }),
    ).toThrow(/over 100 bytes inflated/);
  });

  it("is served under /custom-resources/ with each file's type; anything else is a 404", async () => {
    const { app, warnings } = await appWith(`${originUrl}/resources.zip`);
    try {
      const logo = await app.inject({ url: "/custom-resources/logo.svg" });
      expect(logo.statusCode).toBe(200);
      expect(logo.headers["content-type"]).toBe("image/svg+xml");
      expect(logo.headers["x-content-type-options"]).toBe("nosniff");
      expect(logo.body).toBe(svg);
      const font = await app.inject({ url: "/custom-resources/fonts/Geist-Regular.woff2" });
      expect(font.headers["content-type"]).toBe("font/woff2");
      const doc = await app.inject({ url: "/custom-resources/docs/about.md" });
      expect(doc.headers["content-type"]).toMatch(/^text\/markdown/);
      for (const url of [
        "/custom-resources/missing.png",
        "/custom-resources/../evil.txt",
        "/custom-resources/%2e%2e%2fevil.txt",
      ]) {
        const res = await app.inject({ url });
        expect(res.statusCode, url).toBe(404);
      }
      expect(warnings.join("\n")).toContain("../evil.txt");
    } finally {
      await app.close();
    }
  });

  it("logs an archive it cannot use or reach, and still starts", async () => {
    for (const [url, reason] of [
      [`${originUrl}/broken.zip`, /not a zip archive/],
      [`${originUrl}/gone.zip`, /answered 404/],
    ] as const) {
      const { app, warnings } = await appWith(url);
      try {
        expect(warnings.join("\n")).toMatch(reason);
        const res = await app.inject({ url: "/custom-resources/logo.svg" });
        expect(res.statusCode).toBe(404);
      } finally {
        await app.close();
      }
    }
  });
});

describe("CUSTOM_RESOURCES_CA_CERTIFICATE", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "custom-resources-tls-"));
  let secure: HttpsServer;
  let secureUrl = "";
  beforeAll(async () => {
    makeTestCa(dir);
    secure = createHttpsServer(
      {
        key: readFileSync(path.join(dir, "server.key")),
        cert: readFileSync(path.join(dir, "server.pem")),
      },
      (_req, res) => {
        res.writeHead(200, { "content-type": "application/zip" });
        res.end(archive);
      },
    );
    await new Promise<void>((resolve) => secure.listen(0, "127.0.0.1", resolve));
    secureUrl = `https://127.0.0.1:${(secure.address() as AddressInfo).port}/resources.zip`;
  });
  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise<void>((resolve) => secure.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("trusts the given CA for the download, which the system's CAs alone refuse", async () => {
    await expect(fetchCustomResources(secureUrl)).rejects.toThrow(/cannot download/);
    const ca = readFileSync(path.join(dir, "ca.pem"), "utf8");
    const { files } = await fetchCustomResources(secureUrl, { caCertificate: ca });
    expect(files.get("logo.svg")?.toString()).toBe(svg);
  });

  it("names the variable when its value is not a PEM certificate", async () => {
    await expect(
      fetchCustomResources(secureUrl, { caCertificate: "/etc/ssl/ca.pem" }),
    ).rejects.toThrow(/CUSTOM_RESOURCES_CA_CERTIFICATE is not a PEM certificate/);
  });
});
