import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { withCatalogDefaults, type RawCatalogConfig } from "@onyxia-ts/core";
import { createCatalogRuntime } from "../../src/catalogs/index.ts";
import { buildArchives, indexYaml, repoHandler } from "./fixtures.ts";
import { makeTestCa } from "../support/test-ca.ts";

// A real HTTPS repository whose certificate is signed by a throw-away CA made with openssl.
const dir = mkdtempSync(path.join(tmpdir(), "catalog-tls-"));
let server: Server;
let url: string;

beforeAll(async () => {
  makeTestCa(dir);
  const versions = [{ name: "secure", version: "1.0.0" }];
  const archives = await buildArchives(versions);
  server = createServer(
    {
      key: readFileSync(path.join(dir, "server.key")),
      cert: readFileSync(path.join(dir, "server.pem")),
    },
    repoHandler({ index: () => indexYaml(versions), archives }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function load(raw: Omit<RawCatalogConfig, "location">) {
  const runtime = createCatalogRuntime([withCatalogDefaults({ ...raw, location: url })], {
    caCertsDir: dir,
  });
  await runtime.start();
  const [health] = runtime.health();
  const charts = runtime.get(raw.id)?.content?.charts.size ?? 0;
  await runtime.stop();
  return { ...health, charts };
}

describe("an HTTPS repository with a private CA", () => {
  it("is refused without its CA, naming the catalog", async () => {
    const result = await load({ id: "untrusted" });
    expect(result.status).toBe("failed");
    expect(result.error).toMatch(
      /^catalog "untrusted": cannot fetch https:\/\/127\.0\.0\.1:\d+\/index\.yaml: .*certificate/,
    );
  });

  it("loads with caFile (relative to CACERTS_DIR) or with skipTlsVerify", async () => {
    expect(await load({ id: "with-ca", caFile: "ca.pem" })).toMatchObject({
      status: "loaded",
      charts: 1,
    });
    expect(await load({ id: "insecure", skipTlsVerify: true })).toMatchObject({
      status: "loaded",
      charts: 1,
    });
  });

  it("refuses a caFile that is a path rather than a file name", async () => {
    const result = await load({ id: "escape", caFile: "../ca.pem" });
    expect(result.status).toBe("failed");
    expect(result.error).toBe(
      'catalog "escape": caFile "../ca.pem" must be a plain file name inside CACERTS_DIR',
    );
  });
});
