/** The logging the catalog runtime needs; a Fastify/pino logger fits (`app.log`). */
export interface CatalogLogger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export const silentLogger: CatalogLogger = { info() {}, warn() {}, error() {} };
