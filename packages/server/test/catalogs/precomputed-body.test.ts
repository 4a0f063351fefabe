import { afterEach, describe, expect, it } from "vitest";
import { gunzipSync } from "node:zlib";
import { writeFileSync } from "node:fs";
import path from "node:path";
import Fastify from "fastify";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import { acceptsGzip, sendPrecomputed } from "../../src/http/send-precomputed.ts";
import { indexYaml, writeFolderRepo } from "./fixtures.ts";

let runtime: CatalogRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
});

describe("acceptsGzip", () => {
  it("reads Accept-Encoding like a browser sends it, honouring q=0", () => {
    expect(acceptsGzip("gzip, deflate, br, zstd")).toBe(true);
    expect(acceptsGzip("br;q=1.0, gzip;q=0.8")).toBe(true);
    expect(acceptsGzip("gzip;q=0, br")).toBe(false);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe("the precomputed /catalogs body", () => {
  it("is served gzip when accepted, plain otherwise, 304 on a matching ETag, and changes with the content", async () => {
    const dir = await writeFolderRepo([{ name: "app", version: "1.0.0" }]);
    runtime = createCatalogRuntime([withCatalogDefaults({ id: "local", location: dir })]);
    await runtime.start();
    const rt = runtime;
    const app = Fastify();
    app.get("/catalogs", (request, reply) =>
      sendPrecomputed(request, reply, rt.catalogsBody(null)),
    );

    const plain = await app.inject({ url: "/catalogs" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(rt.catalogsJsonText(null));
    expect(JSON.parse(plain.body).catalogs[0].catalog.latestPackages.app.version).toBe("1.0.0");

    const zipped = await app.inject({
      url: "/catalogs",
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    expect(zipped.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(zipped.rawPayload).toString("utf8")).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);

    const etag = plain.headers["etag"] as string;
    const again = await app.inject({ url: "/catalogs", headers: { "if-none-match": etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe("");

    writeFileSync(
      path.join(dir, "index.yaml"),
      indexYaml([{ name: "app", version: "1.0.0" }]).replace("v2", "v3"),
    );
    await rt.refresh();
    const changed = await app.inject({ url: "/catalogs", headers: { "if-none-match": etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers["etag"]).not.toBe(etag);
    await app.close();
  });
});
