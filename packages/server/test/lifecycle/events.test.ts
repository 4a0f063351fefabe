// Webhook events against a real local HTTP server: posted as JSON, filtered, never blocking,
// failures logged without the URL's credentials.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createEventSink } from "../../src/platform/event-sink.ts";

const servers: http.Server[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.close()));

function receiver(status = 200, delayMs = 0) {
  const received: unknown[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push(JSON.parse(body));
      setTimeout(() => res.writeHead(status).end(), delayMs);
    });
  });
  servers.push(server);
  return new Promise<{ url: string; received: unknown[] }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received }),
    ),
  );
}

function logger() {
  const lines: string[] = [];
  return {
    lines,
    log: {
      info: (_o: object, m: string) => void lines.push(`info ${m}`),
      warn: (o: object, m: string) => void lines.push(`warn ${m} ${JSON.stringify(o)}`),
    },
  };
}

const event = {
  type: "service.install" as const,
  username: "alice",
  namespace: "user-alice",
  releaseName: "r-1",
  packageName: "vscode-lite",
  catalogId: "examples",
  friendlyName: "My IDE",
};

describe("event webhook", () => {
  it("posts Onyxia's payload fields, and only the selected types", async () => {
    const { url, received } = await receiver();
    const { log } = logger();
    const sink = createEventSink(
      {
        loggingEnabled: false,
        webhook: { enabled: true, url, includes: [], excludes: ["service.suspend"] },
      },
      log,
    );
    sink(event);
    sink({ ...event, type: "service.suspend" });
    await sink.pending();
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject(event);
    expect((received[0] as { timestamp: string }).timestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it("never blocks the caller, even when the webhook is slow", async () => {
    const { url } = await receiver(200, 500);
    const sink = createEventSink(
      { loggingEnabled: false, webhook: { enabled: true, url, includes: [], excludes: [] } },
      logger().log,
    );
    const t0 = performance.now();
    sink(event);
    expect(performance.now() - t0).toBeLessThan(50);
    await sink.pending();
  });

  it("logs failures without credentials or query", async () => {
    const { lines, log } = logger();
    const sink = createEventSink(
      {
        loggingEnabled: true,
        webhook: {
          enabled: true,
          url: "http://user:s3cret@127.0.0.1:1/hook?token=abc",
          includes: [],
          excludes: [],
        },
      },
      log,
    );
    sink(event);
    await sink.pending();
    expect(lines[0]).toBe("info event service.install");
    expect(lines[1]).toMatch(/^warn event webhook http:\/\/127\.0\.0\.1:1\/hook failed/);
    expect(lines.join("\n")).not.toMatch(/s3cret|abc/);
  });

  it("reports a non-2xx answer", async () => {
    const { url } = await receiver(500);
    const { lines, log } = logger();
    const sink = createEventSink(
      { loggingEnabled: false, webhook: { enabled: true, url, includes: [], excludes: [] } },
      log,
    );
    sink(event);
    await sink.pending();
    expect(lines[0]).toMatch(/answered 500/);
  });
});
