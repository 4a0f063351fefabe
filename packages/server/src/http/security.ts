// Helmet's security headers (with a CSP the Vite build and MUI work under) and CORS limited to
// configured origins.
import type { IncomingMessage, ServerResponse } from "node:http";
import cors from "@fastify/cors";
import helmet, { type HelmetOptions } from "helmet";
import type { AppConfig } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";

export const ONYXIA_HEADERS = ["ONYXIA-REGION", "ONYXIA-PROJECT"];

/** Origins the browser must reach directly: the OIDC issuer and every URL in the regions (S3, Vault…). */
export function connectSources(config: AppConfig): string[] {
  const origins = new Set<string>();
  const add = (text: string) => {
    try {
      const url = new URL(text);
      if (url.protocol === "https:" || url.protocol === "http:" || url.protocol === "wss:")
        origins.add(url.origin);
    } catch {
      // Not a URL.
    }
  };
  if (config.oidc.issuerUri) add(config.oidc.issuerUri);
  const walk = (value: unknown): void => {
    if (typeof value === "string" && /^(https?|wss):\/\//i.test(value)) add(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") Object.values(value).forEach(walk);
  };
  // The credentials block is never sent to browsers, so its URL is not needed either.
  for (const region of config.regions) {
    const { server: _server, ...services } = region.services;
    walk({ ...region, services });
  }
  return [...origins].sort();
}

/**
 * The headers helmet sets for `options`, computed once. @fastify/helmet runs `helmet(options)`
 * on every request, which re-parses the CSP directives each time (a tenth of a cheap request's
 * CPU in the event-stream storm); the headers never change, so they are set from this list.
 */
export function securityHeaders(options: HelmetOptions): [string, string][] {
  const headers = new Map<string, string>();
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) =>
      headers.set(name.toLowerCase(), String(value)),
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return [...headers];
}

export async function registerSecurity(app: FastifyInstance, config: AppConfig): Promise<void> {
  const headers = securityHeaders({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        // 'wasm-unsafe-eval': the data explorer compiles DuckDB's WebAssembly (our own asset).
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        // MUI (emotion) injects <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Chart icons and Markdown images come from anywhere on the web.
        imgSrc: ["'self'", "data:", "blob:", "https:"],
        fontSrc: ["'self'", "data:"],
        connectSrc: ["'self'", ...connectSources(config)],
        workerSrc: ["'self'", "blob:"],
        frameSrc: [
          "'self'",
          ...(config.oidc.issuerUri ? [new URL(config.oidc.issuerUri).origin] : []),
        ],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: [
          "'self'",
          ...(config.oidc.issuerUri ? [new URL(config.oidc.issuerUri).origin] : []),
        ],
        frameAncestors: ["'self'"],
      },
    },
  });
  // On the raw response: hijacked answers (event and log streams) carry them too.
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    reply.raw.removeHeader("x-powered-by");
    done();
  });
  // Onyxia: CORS is off unless security.cors.allowed_origins is set.
  if (config.cors.allowedOrigins.length > 0) {
    await app.register(cors, {
      origin: config.cors.allowedOrigins,
      methods: ["GET", "HEAD", "PUT", "POST", "DELETE", "OPTIONS"],
      allowedHeaders: ["Authorization", "Content-Type", ...ONYXIA_HEADERS],
      maxAge: 600,
    });
  }
}
