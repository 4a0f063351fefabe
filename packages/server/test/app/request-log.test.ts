// What reaches the log by default (errors, slow requests) and with the access log on (every
// request), and where the audit trail goes: one line per mutation, none for reads.
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { auditStreams } from "../../src/audit/sinks.ts";
import { requestLogLevel } from "../../src/http/logging.ts";
import { configWith, startedApp } from "./fixtures.ts";

/** A pino destination collecting parsed lines. */
function capture(): { stream: Writable; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { stream, lines };
}

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe("requestLogLevel", () => {
  const options = { slowRequestMs: 1000, accessLog: false };
  const line = { method: "GET", url: "/api/x", statusCode: 200, responseTime: 5, longLived: false };

  it("logs nothing for a quick success, warns for slow requests and 5xx other than 500", () => {
    expect(requestLogLevel(line, options)).toBeUndefined();
    expect(requestLogLevel({ ...line, statusCode: 404 }, options)).toBeUndefined();
    expect(requestLogLevel({ ...line, responseTime: 1000 }, options)).toBe("warn");
    expect(requestLogLevel({ ...line, statusCode: 503 }, options)).toBe("warn");
    // 500s are logged by the error handler, with their stack.
    expect(requestLogLevel({ ...line, statusCode: 500 }, options)).toBeUndefined();
  });

  it("never calls an event stream slow, can be turned off, and logs everything with the access log", () => {
    expect(requestLogLevel({ ...line, responseTime: 60_000, longLived: true }, options)).toBe(
      undefined,
    );
    expect(
      requestLogLevel({ ...line, responseTime: 60_000 }, { ...options, slowRequestMs: 0 }),
    ).toBeUndefined();
    expect(requestLogLevel(line, { ...options, accessLog: true })).toBe("info");
  });
});

describe("the app's request log", () => {
  it("is silent for successful reads by default", async () => {
    const log = capture();
    app = await startedApp(configWith({ catalogs: [] }), {
      logger: { stream: log.stream },
    });
    expect((await app.inject({ url: "/api/public/ip" })).statusCode).toBe(200);
    expect((await app.inject({ url: "/api/no-such-route" })).statusCode).toBe(404);
    expect(log.lines.filter((l) => "req" in l || "statusCode" in l)).toEqual([]);
  });

  it("writes one line per request with server.access-log, secrets in the query redacted", async () => {
    const log = capture();
    app = await startedApp(configWith({ catalogs: [], server: { "access-log": true } }), {
      logger: { stream: log.stream },
    });
    await app.inject({ url: "/api/public/ip?access_token=abc" });
    const lines = log.lines.filter((l) => l.msg === "request completed");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: "GET", statusCode: 200 });
    expect(String(lines[0]?.url)).toContain("access_token=%5Bredacted%5D");
    expect(JSON.stringify(log.lines)).not.toContain("abc");
  });
});

describe("the audit trail's default sink", () => {
  it("writes one line per mutation to the audit stream, none per read", async () => {
    const written: string[] = [];
    const saved = auditStreams.stdout;
    auditStreams.stdout = { write: (line: string) => written.push(line) };
    try {
      app = await startedApp(configWith({ catalogs: [] }));
      await app.inject({ url: "/api/public/ip" });
      await app.inject({ method: "DELETE", url: "/api/my-lab/app?path=x" });
    } finally {
      auditStreams.stdout = saved;
    }
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0] as string)).toMatchObject({
      type: "audit",
      method: "DELETE",
      action: "uninstall",
    });
  });
});
