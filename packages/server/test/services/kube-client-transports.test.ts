// The Kubernetes client over each transport it may use: HTTP/1.1 (plain-HTTP servers, the
// default), h2c (plain HTTP asked for HTTP/2), HTTP/2 over TLS (ALPN h2, the real apiserver), and
// a TLS server without HTTP/2 (fallback to one HTTP/1.1 socket per stream). Same semantics on
// each: lists, watches that end cleanly or are cut, aborts at any stage, log streams, identity
// headers, socket counts; on HTTP/2, streams packed into few sessions within the server's
// SETTINGS_MAX_CONCURRENT_STREAMS, and a GOAWAY survived.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import http2 from "node:http2";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { connect, createServer as netServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  createKubeClient,
  KubeAccess,
  KubernetesApiError,
  KubernetesUnavailableError,
  type KubeClient,
  type KubeClientOptions,
} from "../../src/kubernetes/index.ts";

type Transport = "http/1.1" | "h2c" | "h2" | "tls http/1.1";

let tls: { key: Buffer; cert: Buffer };
let pkiDir: string;
beforeAll(() => {
  // A self-signed certificate for 127.0.0.1: the server's, and the client's CA.
  pkiDir = mkdtempSync(path.join(tmpdir(), "kube-client-tls-"));
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"],
      ...["-keyout", path.join(pkiDir, "key.pem"), "-out", path.join(pkiDir, "cert.pem")],
      ...["-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
    ],
    { stdio: "ignore" },
  );
  tls = {
    key: readFileSync(path.join(pkiDir, "key.pem")),
    cert: readFileSync(path.join(pkiDir, "cert.pem")),
  };
});
afterAll(() => rmSync(pkiDir, { recursive: true, force: true }));

type Request = http.IncomingMessage | http2.Http2ServerRequest;
/** What the handler uses of a response, over HTTP/1.1 or HTTP/2 (compatibility API). */
interface Response {
  writeHead(status: number, headers: Record<string, string>): unknown;
  write(chunk: string): unknown;
  end(chunk: string): unknown;
  end(): unknown;
  destroy(): unknown;
  on(event: "close", listener: () => void): unknown;
  stream?: http2.ServerHttp2Stream;
}

/** A tiny API server, the same handler over every transport. */
interface FakeApi {
  url: string;
  /** Open watch responses. */
  watches: Set<Response>;
  /** The headers of the last request. */
  lastHeaders: http.IncomingHttpHeaders;
  /** HTTP/2 sessions the server accepted. */
  sessions: Set<http2.ServerHttp2Session>;
  close(): Promise<void>;
}

async function fakeApi(transport: Transport, maxConcurrentStreams = 100): Promise<FakeApi> {
  const api: Omit<FakeApi, "url" | "close"> = {
    watches: new Set(),
    lastHeaders: {},
    sessions: new Set(),
  };
  const handler = (req: Request, res: Response) => {
    api.lastHeaders = req.headers;
    const url = new URL(req.url ?? "/", "http://x");
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === "/api/v1/namespaces/ns/configmaps") {
      if (url.searchParams.get("watch") !== "true")
        return json(200, {
          items: [{ metadata: { name: "a" } }],
          metadata: { resourceVersion: "5" },
        });
      res.writeHead(200, { "content-type": "application/json" });
      res.write(`${JSON.stringify({ type: "ADDED", object: { metadata: { name: "a" } } })}\n`);
      api.watches.add(res);
      res.on("close", () => api.watches.delete(res));
      return;
    }
    if (url.pathname === "/api/v1/namespaces/ns/pods/p/log") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("line 1\nline 2\n");
    }
    if (url.pathname === "/echo" && req.method !== "GET") {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (body += chunk));
      req.on("end", () =>
        json(200, {
          method: req.method,
          type: req.headers["content-type"],
          body: JSON.parse(body),
        }),
      );
      return;
    }
    json(404, { kind: "Status", code: 404, message: `${url.pathname} not found` });
  };
  const settings = { maxConcurrentStreams };
  const server =
    transport === "http/1.1"
      ? http.createServer(handler)
      : transport === "tls http/1.1"
        ? https.createServer(tls, handler)
        : transport === "h2c"
          ? http2.createServer({ settings }, handler)
          : http2.createSecureServer({ ...tls, settings, allowHTTP1: true }, handler);
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  server.on("session", (session: http2.ServerHttp2Session) => {
    api.sessions.add(session);
    session.on("close", () => api.sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const scheme = transport === "h2" || transport === "tls http/1.1" ? "https" : "http";
  return Object.assign(api, {
    url: `${scheme}://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      for (const session of api.sessions) session.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

function clientOf(url: string, options: KubeClientOptions = {}): Promise<KubeClient> {
  const access = new KubeAccess();
  access.add({
    clusters: [
      {
        name: "c",
        cluster: {
          server: url,
          "certificate-authority-data": tls.cert.toString("base64"),
        },
      },
    ],
    users: [{ name: "u", user: { token: "server-token" } }],
    contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
    "current-context": "x",
  });
  return createKubeClient(access, options);
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

let api: FakeApi | undefined;
let client: KubeClient | undefined;
afterEach(async () => {
  client?.close();
  await api?.close();
  client = undefined;
  api = undefined;
});

const cases: { transport: Transport; options: KubeClientOptions; http2: boolean }[] = [
  { transport: "http/1.1", options: {}, http2: false },
  { transport: "h2c", options: { http2: true }, http2: true },
  { transport: "h2", options: {}, http2: true },
  { transport: "tls http/1.1", options: {}, http2: false },
];

describe.each(cases)("the client over $transport", ({ transport, options, http2: multiplexed }) => {
  it("lists, watches (a clean end, a cut), streams logs and carries the identity headers", async () => {
    api = await fakeApi(transport);
    const logged: string[] = [];
    client = await clientOf(api.url, { ...options, log: (m) => logged.push(m) });
    const list = await client.list<{ metadata: { name: string } }>(
      "/api/v1/namespaces/ns/configmaps",
    );
    expect(list.items.map((i) => i.metadata.name)).toEqual(["a"]);
    expect(api.lastHeaders.authorization).toBe("Bearer server-token");
    const missing = await client.getJson("/api/v1/nothing").catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(KubernetesApiError);
    expect((missing as KubernetesApiError).status).toBe(404);

    // Writes carry their body and content type.
    expect(await client.post("/echo", { kind: "SelfSubjectAccessReview" })).toEqual({
      method: "POST",
      type: "application/json",
      body: { kind: "SelfSubjectAccessReview" },
    });
    const patched = await client.send("PATCH", "/echo", {
      body: { metadata: { labels: { a: "b" } } },
      contentType: "application/merge-patch+json",
    });
    expect(patched.status).toBe(200);
    expect(JSON.parse(patched.text)).toMatchObject({
      method: "PATCH",
      type: "application/merge-patch+json",
    });

    // A watch the server ends: null; one it cuts (connection or stream reset): an error.
    const seen: string[] = [];
    const clean = client.watch<{ metadata: { name: string } }>(
      "/api/v1/namespaces/ns/configmaps",
      {},
      (e) => seen.push(`${e.type} ${e.object.metadata.name}`),
    );
    await until(() => seen.length === 1 && api!.watches.size === 1);
    expect(seen).toEqual(["ADDED a"]);
    for (const res of api.watches) res.end();
    expect(await clean.done).toBeNull();
    await until(() => api!.watches.size === 0);
    const cut = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    await until(() => api!.watches.size === 1);
    // A reset stream on HTTP/2, a closed connection on HTTP/1.1.
    for (const res of api.watches)
      if (res.stream) res.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
      else res.destroy();
    expect(await cut.done).toBeInstanceOf(KubernetesUnavailableError);

    // Log streams, with the caller's identity headers (impersonation: a repeated header).
    const logs = await client.stream(
      "/api/v1/namespaces/ns/pods/p/log",
      {},
      {
        headers: { "Impersonate-User": "alice", "Impersonate-Group": ["g1", "g2"] },
      },
    );
    let text = "";
    for await (const chunk of logs.body) text += String(chunk);
    expect(text).toBe("line 1\nline 2\n");
    expect(api.lastHeaders["impersonate-user"]).toBe("alice");
    expect(String(api.lastHeaders["impersonate-group"])).toMatch(/g1.*g2/);

    // Transport as expected: sessions on HTTP/2, said once when TLS has no h2.
    const sockets = client.sockets?.();
    expect((sockets?.sessions ?? 0) > 0).toBe(multiplexed);
    expect(logged.some((m) => /does not offer HTTP\/2/.test(m))).toBe(transport === "tls http/1.1");
  });

  it("ends a watch aborted before it is connected, and one aborted while open, with null", async () => {
    api = await fakeApi(transport);
    client = await clientOf(api.url, options);
    const early = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    early.abort();
    expect(await early.done).toBeNull();
    const open = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    await until(() => api!.watches.size === 1);
    open.abort();
    expect(await open.done).toBeNull();
    await until(() => api!.watches.size === 0 && client!.sockets!().openStreams === 0);
  });
});

describe("watches over HTTP/2", () => {
  it("packs streams into few sessions within the server's limit, and frees them", async () => {
    api = await fakeApi("h2", 10);
    client = await clientOf(api.url, { sessionIdleMs: 50 });
    const watches = Array.from({ length: 30 }, () =>
      client!.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined),
    );
    await until(() => api!.watches.size === 30);
    // 10 allowed per session, 9 used (a margin): 30 streams on 4 sessions, not 30 connections.
    expect(client.sockets?.()).toMatchObject({ sessions: 4, streams: 4, openStreams: 30 });
    expect(api.sessions.size).toBe(4);
    expect(client.streamBudget?.()).toEqual({ limit: 64 * 9, open: 30 });
    for (const w of watches) w.abort();
    expect(await Promise.all(watches.map((w) => w.done))).toEqual(watches.map(() => null));
    // Idle sessions close.
    await until(() => client!.sockets!().sessions === 0 && api!.sessions.size === 0);
  });

  it("waits for room when every session is full, and a waiting watch can be aborted", async () => {
    api = await fakeApi("h2c", 3);
    const logged: string[] = [];
    client = await clientOf(api.url, {
      http2: true,
      maxStreamSessions: 1,
      log: (m) => logged.push(m),
    });
    const first = [0, 1].map(() =>
      client!.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined),
    );
    await until(() => api!.watches.size === 2);
    const waiting = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    const aborted = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    await until(() => client!.sockets!().waitingStreams === 2);
    expect(logged.filter((m) => /every HTTP\/2 session .* is full/.test(m))).toHaveLength(1);
    aborted.abort();
    expect(await aborted.done).toBeNull();
    first[0]!.abort();
    await until(() => api!.watches.size === 2 && client!.sockets!().waitingStreams === 0);
    for (const w of [first[1]!, waiting]) w.abort();
  });

  it("survives a GOAWAY: the watches end with an error, the next ones open a new session", async () => {
    api = await fakeApi("h2");
    client = await clientOf(api.url);
    const before = Array.from({ length: 3 }, () =>
      client!.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined),
    );
    await until(() => api!.watches.size === 3);
    const [session] = api.sessions;
    session!.goaway(http2.constants.NGHTTP2_NO_ERROR);
    session!.destroy();
    for (const done of await Promise.all(before.map((w) => w.done)))
      expect(done).toBeInstanceOf(KubernetesUnavailableError);
    const after = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    await until(() => api!.watches.size === 1);
    expect(api.sessions.size).toBe(1);
    expect([...api.sessions][0] === session).toBe(false);
    after.abort();
    expect(await after.done).toBeNull();
    expect((await client.list("/api/v1/namespaces/ns/configmaps")).items).toHaveLength(1);
  });

  it("drops a session that stops answering PINGs: its watches end, the next one reconnects", async () => {
    api = await fakeApi("h2c");
    // A TCP relay that can freeze: the connection stays open but nothing passes any more.
    const relays = new Set<Socket>();
    let frozen = false;
    const relay = netServer((inbound) => {
      const outbound = connect(Number(new URL(api!.url).port), "127.0.0.1");
      relays.add(inbound).add(outbound);
      inbound.on("data", (chunk) => frozen || outbound.write(chunk));
      outbound.on("data", (chunk) => frozen || inbound.write(chunk));
      for (const [a, b] of [
        [inbound, outbound],
        [outbound, inbound],
      ] as const) {
        a.on("error", () => b.destroy());
        a.on("close", () => b.destroy());
      }
    });
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve));
    try {
      const port = (relay.address() as AddressInfo).port;
      client = await clientOf(`http://127.0.0.1:${port}`, { http2: true, pingIntervalMs: 100 });
      const watch = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
      await until(() => api!.watches.size === 1);
      frozen = true;
      expect(await watch.done).toBeInstanceOf(KubernetesUnavailableError);
      await until(() => client!.sockets!().sessions === 0);
      frozen = false;
      const next = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
      await until(() => client!.sockets!().openStreams === 1 && api!.watches.size >= 1);
      next.abort();
      expect(await next.done).toBeNull();
    } finally {
      for (const socket of relays) socket.destroy();
      await new Promise((resolve) => relay.close(resolve));
    }
  });

  it("reports an unreachable server as KubernetesUnavailableError", async () => {
    const closed = netServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    client = await clientOf(`https://127.0.0.1:${port}`);
    const watch = client.watch("/api/v1/namespaces/ns/configmaps", {}, () => undefined);
    expect(await watch.done).toBeInstanceOf(KubernetesUnavailableError);
    await expect(client.stream("/api/v1/namespaces/ns/pods/p/log")).rejects.toBeInstanceOf(
      KubernetesUnavailableError,
    );
  });
});
