// A minimal JSON client for the local apiserver (health checks and node creation at startup,
// before any kubeconfig-reading library is worth loading).
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { StackContext } from "../../lib/component.ts";
import { HOST, PORTS } from "../../lib/ports.ts";
import { adminToken, paths } from "./credentials.ts";

export interface ApiResponse {
  status: number;
  body: string;
}

export function apiRequest(
  ctx: StackContext,
  method: string,
  path: string,
  body?: unknown,
  options: {
    port?: number;
    token?: string | null;
    timeoutMs?: number;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse> {
  const cert = paths(ctx).servingCert;
  const token = options.token === undefined ? adminToken(ctx) : options.token;
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: HOST,
        port: options.port ?? PORTS.kubeApiserver,
        method,
        path,
        // Our apiserver's own CA when it exists; other components' self-signed health endpoints otherwise.
        ...(options.port === undefined && fs.existsSync(cert)
          ? { ca: fs.readFileSync(cert) }
          : { rejectUnauthorized: false }),
        headers: {
          accept: "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(payload
            ? {
                "content-type":
                  method === "PATCH" ? "application/merge-patch+json" : "application/json",
              }
            : {}),
          ...options.headers,
        },
        timeout: options.timeoutMs ?? 5_000,
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
      },
    );
    request.on("timeout", () => request.destroy(new Error(`timeout: ${method} ${path}`)));
    request.on("error", reject);
    request.end(payload);
  });
}

/** GET that resolves true on 200 (health endpoints); a `port` means another component's endpoint. */
export async function answers200(
  ctx: StackContext,
  path: string,
  port?: number,
  scheme: "https" | "http" = "https",
): Promise<boolean> {
  if (scheme === "http") {
    return new Promise((resolve) => {
      const request = http.get({ host: HOST, port, path, timeout: 2_000 }, (response) => {
        response.resume();
        resolve(response.statusCode === 200);
      });
      request.on("timeout", () => request.destroy());
      request.on("error", () => resolve(false));
    });
  }
  const response = await apiRequest(
    ctx,
    "GET",
    path,
    undefined,
    port === undefined ? {} : { port, token: null },
  );
  return response.status === 200;
}

export type Manifest = { metadata: { name: string; namespace?: string } } & Record<string, unknown>;

/** Server-side apply of one object as the admin (creates or updates it); throws unless 200/201. */
export async function applyObject(
  ctx: StackContext,
  collection: string,
  object: Manifest,
): Promise<void> {
  const response = await apiRequest(
    ctx,
    "PATCH",
    `${collection}/${object.metadata.name}?fieldManager=onyxia-ts-stack&force=true`,
    object,
    { headers: { "content-type": "application/apply-patch+yaml" } },
  );
  if (response.status !== 200 && response.status !== 201)
    throw new Error(
      `applying ${collection}/${object.metadata.name}: HTTP ${response.status} ${response.body.slice(0, 300)}`,
    );
}
