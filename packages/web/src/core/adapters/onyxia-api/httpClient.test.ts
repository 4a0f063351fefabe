import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError, extractServerMessage } from "../../ports/apiError.ts";
import type { RequestContext } from "../../ports/onyxiaApi.ts";
import { buildHeaders, createHttpClient } from "./httpClient.ts";

// A real local HTTP server: it records the headers it receives and answers per path.
let server: Server;
let lastHeaders: Record<string, string | string[] | undefined> = {};
let origin = "";
let context: RequestContext = {};
const commands: [string, string[]][] = [];
const client = (baseUrl = `${origin}/api`) =>
  createHttpClient({
    baseUrl,
    context: () => context,
    onCommands: (call, list) => commands.push([call, list]),
  });
const apiGet = (path: string) => client().get(path);

beforeAll(async () => {
  server = createServer((req, res) => {
    lastHeaders = req.headers;
    if (req.url?.startsWith("/api/cmd"))
      return res
        .writeHead(200, { "onyxia-commands": JSON.stringify(["helm list -n u"]) })
        .end("{}");
    if (req.url === "/api/ok")
      return res.writeHead(200, { "content-type": "application/json" }).end('{"a":1}');
    if (req.url === "/api/boom")
      return res
        .writeHead(500, { "content-type": "application/json" })
        .end('{"message":"catalog databases failed to load"}');
    if (req.url === "/api/html")
      return res.writeHead(200, { "content-type": "text/html" }).end("<html></html>");
    res.writeHead(404).end("no such route");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("apiGet", () => {
  it("sends the region and project headers and parses JSON", async () => {
    context = { region: "paris", project: "user-jdoe", accessToken: "t0k", withCommands: true };
    await expect(apiGet("/ok")).resolves.toEqual({ a: 1 });
    expect(lastHeaders["onyxia-region"]).toBe("paris");
    expect(lastHeaders["onyxia-project"]).toBe("user-jdoe");
    expect(lastHeaders["authorization"]).toBe("Bearer t0k");
    expect(lastHeaders["onyxia-with-commands"]).toBe("true");
    // The context is read at each call: a project switch applies to the next one.
    context = { region: "paris", project: "project-team-a" };
    await apiGet("/ok");
    expect(lastHeaders["onyxia-project"]).toBe("project-team-a");
    expect(lastHeaders["authorization"]).toBeUndefined();
  });

  it("turns an HTTP error into an ApiError carrying the status and the server's message", async () => {
    const error = await apiGet("/boom").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: "http",
      status: 500,
      path: "/boom",
      serverMessage: "catalog databases failed to load",
    });
  });

  it("reports a non-JSON answer as invalid-response", async () => {
    await expect(apiGet("/html")).rejects.toMatchObject({
      kind: "invalid-response",
      path: "/html",
    });
  });

  it("reports an unreachable server as a network error", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(client(`http://127.0.0.1:${port}/api`).get("/ok")).rejects.toMatchObject({
      kind: "network",
      path: "/ok",
    });
  });
});

describe("commands", () => {
  it("hands the commands an answer reports to onCommands, keyed by the call without its query", async () => {
    commands.length = 0;
    await apiGet("/cmd?x=1");
    await apiGet("/ok");
    expect(commands).toEqual([
      ["GET /cmd", ["helm list -n u"]],
      ["GET /ok", []],
    ]);
  });
});

describe("helpers", () => {
  it("omits headers whose value is unknown", () => {
    expect(buildHeaders({})).toEqual({ Accept: "application/json" });
  });

  it("extracts messages from JSON and text bodies, but not from HTML pages", () => {
    expect(extractServerMessage('{"error":"Forbidden"}')).toBe("Forbidden");
    expect(extractServerMessage("plain failure")).toBe("plain failure");
    expect(extractServerMessage("<html>502</html>")).toBeUndefined();
    expect(extractServerMessage("")).toBeUndefined();
  });
});
