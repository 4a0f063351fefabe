// Fastify's pino logger, with every place a credential could appear censored, and which requests
// it records: errors, slow requests, and every request only when the access log is on.
import type { FastifyInstance, FastifyServerOptions } from "fastify";

const CENSOR = "[redacted]";

/** Query parameters whose values never reach the log (e.g. `?access_token=` on SSE requests). */
const SECRET_QUERY_PARAMS =
  /^(access_token|id_token|refresh_token|token|password|secret|code|client_secret)$/i;

export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["proxy-authorization"]',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];
// Pino paths are exact: list each secret field at the top level and one level down.
for (const field of [
  "password",
  "token",
  "accessToken",
  "access_token",
  "secret",
  "secretAccessKey",
  "sessionToken",
]) {
  REDACTED_PATHS.push(field, `*.${field}`);
}

export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = new URLSearchParams(url.slice(q + 1));
  let changed = false;
  for (const key of [...params.keys()]) {
    if (SECRET_QUERY_PARAMS.test(key)) {
      params.set(key, CENSOR);
      changed = true;
    }
  }
  return changed ? `${url.slice(0, q)}?${params.toString()}` : url;
}

export type LoggerOption = boolean | { level?: string; stream?: NodeJS.WritableStream };

/** Builds the `logger` option of Fastify; `false` silences it (tests). */
export function loggerOptions(
  option: LoggerOption,
  configuredLevel?: string,
): FastifyServerOptions["logger"] {
  if (option === false) return false;
  const custom = option === true ? {} : option;
  return {
    level: custom.level ?? configuredLevel ?? "info",
    ...(custom.stream ? { stream: custom.stream } : {}),
    redact: { paths: REDACTED_PATHS, censor: CENSOR },
    serializers: {
      req(request: { method: string; url: string; hostname?: string; ip?: string }) {
        return {
          method: request.method,
          url: redactUrl(request.url),
          host: request.hostname,
          remoteAddress: request.ip,
        };
      },
    },
  };
}

export interface RequestLogOptions {
  /** Log requests answered after this many ms (warn); 0: never. */
  slowRequestMs: number;
  /** Log every request (info). */
  accessLog: boolean;
}

interface ResponseLine {
  method: string;
  url: string;
  statusCode: number;
  responseTime: number;
}

/**
 * Which requests reach the log once answered (Fastify's per-request lines are off): every one
 * with the access log on; otherwise only slow ones (warn) and server errors other than the 500s
 * the error handler has already logged with their stack. Long-lived answers (event streams,
 * followed logs) are not "slow". Mutations are recorded by the audit hook, not here.
 */
export function requestLogLevel(
  line: ResponseLine & { longLived: boolean },
  options: RequestLogOptions,
): "info" | "warn" | undefined {
  if (line.statusCode >= 500 && line.statusCode !== 500) return "warn";
  if (!line.longLived && options.slowRequestMs > 0 && line.responseTime >= options.slowRequestMs)
    return "warn";
  return options.accessLog ? "info" : undefined;
}

/** The onResponse hook logging what `requestLogLevel` selects. */
export function registerRequestLog(app: FastifyInstance, options: RequestLogOptions): void {
  app.addHook("onResponse", async (request, reply) => {
    const contentType = String(reply.getHeader("content-type") ?? "");
    const query = request.query as Record<string, unknown> | undefined;
    const line: ResponseLine = {
      method: request.method,
      url: redactUrl(request.url),
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
    };
    const level = requestLogLevel(
      {
        ...line,
        longLived:
          contentType.startsWith("text/event-stream") ||
          query?.follow === true ||
          query?.follow === "true",
      },
      options,
    );
    if (level === "info") request.log.info(line, "request completed");
    else if (level === "warn")
      request.log.warn(line, line.statusCode >= 500 ? "request failed" : "slow request");
  });
}
