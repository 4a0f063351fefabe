// Fastify's pino logger, with every place a credential could appear censored.
import type { FastifyServerOptions } from "fastify";

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
