// What resolving the caller reads of an HTTP request (a FastifyRequest is one), so user/ does not
// depend on the HTTP framework.
export interface IncomingCall {
  headers: Record<string, string | string[] | undefined>;
  ip: string;
  socket: { remoteAddress?: string | undefined };
  log: { error(object: object, message: string): void };
}
