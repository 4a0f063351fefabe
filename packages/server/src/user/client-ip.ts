import type { IncomingCall } from "./incoming-call.ts";

function firstHeader(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || undefined;
}

/**
 * The caller's address as Onyxia reports it: the first X-Forwarded-For hop, then X-Real-IP, then
 * the RFC 7239 Forwarded `for=`, then the socket address. Informative only: never trust it for access control.
 */
export function clientIp(request: Pick<IncomingCall, "headers" | "ip" | "socket">): string {
  const forwardedFor = firstHeader(request.headers["x-forwarded-for"])?.split(",")[0]?.trim();
  if (forwardedFor) return forwardedFor;
  const realIp = firstHeader(request.headers["x-real-ip"]);
  if (realIp) return realIp;
  const forwarded = firstHeader(request.headers.forwarded);
  const match = forwarded ? /for="?\[?([^";,\]]+)/i.exec(forwarded) : null;
  if (match?.[1]) return match[1];
  return request.socket.remoteAddress ?? request.ip;
}
