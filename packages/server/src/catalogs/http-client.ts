import { readFileSync } from "node:fs";
import path from "node:path";
import { rootCertificates } from "node:tls";
import type { Readable } from "node:stream";
import { Agent, interceptors, request, type Dispatcher } from "undici";
import type { CatalogConfig } from "@onyxia-ts/core";

export interface HttpClientOptions {
  /** Applies to waiting for headers and to every pause while reading the body. */
  timeoutMs: number;
  /** Folder of `caFile`s (env `CACERTS_DIR`). */
  caCertsDir: string | undefined;
}

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type TextResponse =
  { notModified: true } | { notModified: false; text: string; validators: Validators };

/** HTTP access for one catalog: its TLS settings, and basic auth for its own origin only. */
export interface CatalogHttpClient {
  getText(url: URL, validators: Validators | undefined, maxBytes: number): Promise<TextResponse>;
  getStream(url: URL): Promise<Readable>;
  close(): Promise<void>;
}

export function createCatalogHttpClient(
  config: CatalogConfig,
  options: HttpClientOptions,
): CatalogHttpClient {
  const agent = new Agent({
    connect: { rejectUnauthorized: !config.skipTlsVerify, ...caOption(config, options.caCertsDir) },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
  });
  // Chart URLs often redirect (GitHub releases); undici drops Authorization on a cross-origin hop.
  const dispatcher: Dispatcher = agent.compose(interceptors.redirect({ maxRedirections: 5 }));
  const authOrigin = originOf(config.location);
  const authorization =
    config.username !== null
      ? `Basic ${Buffer.from(`${config.username}:${config.password ?? ""}`).toString("base64")}`
      : undefined;

  async function send(url: URL, extraHeaders: Record<string, string>) {
    const headers: Record<string, string> = {
      "user-agent": "onyxia-ts-catalog-loader",
      ...extraHeaders,
    };
    // Credentials go to the catalog's own origin, never to a third-party chart host.
    if (authorization !== undefined && url.origin === authOrigin)
      headers["authorization"] = authorization;
    const response = await request(url, { dispatcher, headers, method: "GET" });
    if (response.statusCode === 304) {
      await response.body.dump();
      return response;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump();
      throw new Error(
        `GET ${redact(url)} answered HTTP ${response.statusCode}${hint(response.statusCode)}`,
      );
    }
    return response;
  }

  return {
    async getText(url, validators, maxBytes) {
      const headers: Record<string, string> = { "cache-control": "no-cache" };
      if (validators?.etag) headers["if-none-match"] = validators.etag;
      if (validators?.lastModified) headers["if-modified-since"] = validators.lastModified;
      const response = await send(url, headers);
      if (response.statusCode === 304) return { notModified: true };
      const text = await readLimited(response.body, maxBytes, redact(url));
      return { notModified: false, text, validators: validatorsOf(response.headers) };
    },
    async getStream(url) {
      return (await send(url, {})).body;
    },
    // Stopping must not wait for a slow repository: in-flight requests are aborted.
    close: () => agent.destroy(),
  };
}

function caOption(config: CatalogConfig, caCertsDir: string | undefined): { ca?: string[] } {
  if (config.caFile === null) return {};
  if (caCertsDir === undefined)
    throw new Error(`caFile "${config.caFile}" is set but CACERTS_DIR is not`);
  // caFile is a file name inside CACERTS_DIR, not a path that could leave it.
  if (path.basename(config.caFile) !== config.caFile || config.caFile.startsWith(".")) {
    throw new Error(`caFile "${config.caFile}" must be a plain file name inside CACERTS_DIR`);
  }
  const file = path.join(caCertsDir, config.caFile);
  try {
    return { ca: [...rootCertificates, readFileSync(file, "utf8")] };
  } catch (e) {
    throw new Error(`caFile ${file} cannot be read: ${(e as Error).message}`, { cause: e });
  }
}

async function readLimited(body: Readable, maxBytes: number, what: string): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      throw new Error(`${what} is larger than ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function validatorsOf(headers: Record<string, string | string[] | undefined>): Validators {
  const validators: Validators = {};
  const etag = headers["etag"];
  const lastModified = headers["last-modified"];
  if (typeof etag === "string") validators.etag = etag;
  if (typeof lastModified === "string") validators.lastModified = lastModified;
  return validators;
}

function originOf(location: string): string | undefined {
  try {
    return new URL(location).origin;
  } catch {
    return undefined;
  }
}

/** A URL fit for logs and errors: no credentials, no query string. */
export function redact(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

function hint(status: number): string {
  if (status === 401 || status === 403) return " (check the catalog's username and password)";
  if (status === 404) return " (not found)";
  return "";
}
