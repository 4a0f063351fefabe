// Issue 15 item 4: one request id per request, the caller's X-Request-Id when sane, returned in
// the response header, in problem+json bodies, on the request's log lines and in its audit entry.
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/audit/sinks.ts";
import { requestIdOf } from "../../src/http/request-id.ts";
import { configWith, startedApp } from "./fixtures.ts";

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it("keeps a sane incoming id and replaces anything else with a UUID", () => {
    const of = (value: string | string[] | undefined) =>
      requestIdOf({ headers: value === undefined ? {} : { "x-request-id": value } });
    expect(of("abc-123.trace:9")).toBe("abc-123.trace:9");
    expect(of(["first-id", "second-id"])).toBe("first-id");
    for (const bad of [undefined, "", "has space", 'quo"te', "x".repeat(129), "new\nline", "é"])
      expect(of(bad)).toMatch(UUID);
    expect(of(undefined)).not.toBe(of(undefined));
  });
});

describe("the app", () => {
  it("echoes the id, puts it in problem bodies, log lines and the audit entry", async () => {
    const audit: AuditEntry[] = [];
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await startedApp(configWith({ catalogs: [], server: { "access-log": true } }), {
      audit: { write: (entry) => audit.push(entry) },
      logger: { stream },
    });

    const ok = await app.inject({ url: "/api/public/ip", headers: { "x-request-id": "trace-1" } });
    expect(ok.headers["x-request-id"]).toBe("trace-1");

    const missing = await app.inject({ url: "/api/public/schemas/none.json" });
    const generated = String(missing.headers["x-request-id"]);
    expect(generated).toMatch(UUID);
    expect(missing.headers["content-type"]).toContain("application/problem+json");
    expect(missing.json()).toMatchObject({ status: 404, requestId: generated });

    const refused = await app.inject({
      method: "DELETE",
      url: "/api/my-lab/app?path=Not_A_Name",
      headers: { "x-request-id": "delete-7" },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ requestId: "delete-7" });
    expect(audit.map((e) => e.requestId)).toEqual(["delete-7"]);

    const logged = lines.filter((l) => l.msg === "request completed");
    expect(logged.map((l) => l.requestId)).toEqual(["trace-1", generated, "delete-7"]);
  });
});
