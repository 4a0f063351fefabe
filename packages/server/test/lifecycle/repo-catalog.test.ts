// A catalog served over HTTP with basic auth: helm gets the chart with --repo/--username/--password
// (no `helm repo add` state), through a real local server. Dry runs only: no cluster needed.
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../../src/app.ts";
import { examplesRepo, lifecycleConfig } from "./fixtures.ts";

const USER = "reader";
const PASSWORD = "s3cret-repo-pass";
const requests: { url: string; agent: string; authorized: boolean }[] = [];
let server: http.Server;
let app: FastifyInstance;

beforeAll(async () => {
  const expected = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString("base64")}`;
  server = http.createServer((req, res) => {
    const authorized = req.headers.authorization === expected;
    requests.push({ url: req.url ?? "", agent: String(req.headers["user-agent"]), authorized });
    if (!authorized) return void res.writeHead(401, { "www-authenticate": "Basic" }).end();
    const file = path.join(examplesRepo, path.basename(req.url ?? ""));
    try {
      res.writeHead(200).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const config = lifecycleConfig();
  config.catalogs.splice(0, config.catalogs.length, {
    ...config.catalogs[0]!,
    id: "private",
    location: url,
    username: USER,
    password: PASSWORD,
  });
  app = await buildApp({ config, webDistDirectory: null });
  await app.onyxia.catalogs.start();
});

afterAll(async () => {
  await app?.close();
  server?.close();
});

describe("an HTTP catalog with credentials", () => {
  it("renders with helm fetching the chart itself, authenticated, and shows the repo in the commands", async () => {
    const r = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: {
        catalogId: "private",
        packageName: "postgres-lite",
        packageVersion: "1.2.0",
        name: "pg-remote",
        options: {},
        dryRun: true,
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    expect((r.json() as string[])[0]).toContain("name: pg-remote");
    const helmRequests = requests.filter((q) => q.agent.startsWith("Helm/"));
    expect(helmRequests.map((q) => q.url)).toEqual(
      expect.arrayContaining(["/index.yaml", "/postgres-lite-1.2.0.tgz"]),
    );
    expect(helmRequests.every((q) => q.authorized)).toBe(true);
    const commands = JSON.parse(String(r.headers["x-onyxia-commands"])) as string[];
    expect(commands[0]).toMatch(/^helm repo add private http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(commands.join("\n")).not.toContain(PASSWORD);
  });
});
