import type { IncomingCall } from "./incoming-call.ts";

/**
 * The caller's address: Fastify's `request.ip`, which follows X-Forwarded-For only through the
 * proxies of `server.trust-proxy` (the right-most address not among them), else is the socket's
 * address. A header sent by the caller itself is never believed: `/public/ip` and the
 * `{{user.ip}}` allow-list default must not be choosable by the client.
 */
export function clientIp(request: Pick<IncomingCall, "ip" | "socket">): string {
  return request.ip || request.socket.remoteAddress || "";
}
