// Starts the server: configuration (ONYXIA_CONFIG file + env), catalogs, HTTP listener.
import { ConfigError } from "@onyxia-ts/core";
import { buildApp } from "./app.ts";
import { loaderProcessBeside } from "./catalogs/index.ts";
import { startMetricsListener, type MetricsListener } from "./http/metrics-listener.ts";
import { DEFAULT_SHUTDOWN_GRACE_SECONDS, gracefulShutdown } from "./http/shutdown.ts";
import { detectOwnNamespace, loadConfig, type LoadedConfig } from "./config/index.ts";
import { serverAccessOf } from "./config/process-env.ts";
import { loadProfileSchema, loadSchemaRegistry } from "./schema-registry/index.ts";
import { reduceMemory } from "./shared/reduce-memory.ts";

function fatal(message: string): never {
  process.stderr.write(`onyxia-ts: ${message}\n`);
  process.exit(1);
}

let loaded: LoadedConfig;
try {
  loaded = loadConfig();
  serverAccessOf(loaded.config.runtime); // both settings or neither
} catch (error) {
  if (error instanceof ConfigError) fatal(error.message);
  throw error;
}
const { config, warnings, configFile } = loaded;

let schemas;
try {
  schemas = await loadSchemaRegistry({
    ...(config.schemas.externalDirectory
      ? { adminDirectory: config.schemas.externalDirectory }
      : {}),
    ...(config.schemas.roleDirectory ? { roleDirectory: config.schemas.roleDirectory } : {}),
  });
} catch (error) {
  fatal(`cannot load the schema directories: ${(error as Error).message}`);
}

let profileSchema;
try {
  profileSchema = (await loadProfileSchema(config.schemas.profileDirectory)) ?? null;
} catch (error) {
  fatal(`cannot load the user-profile schema: ${(error as Error).message}`);
}

const ownNamespace = detectOwnNamespace();
const app = await buildApp({
  config,
  schemas,
  profileSchema,
  ownNamespace,
  logger: true,
  // A catalog load's garbage would stay resident on an idle server (see reduce-memory.ts).
  afterCatalogChange: reduceMemory,
  // And its malloc fragmentation: catalogs are read in a child process (loader-process.ts).
  catalogLoaderProcess: loaderProcessBeside(import.meta.url),
});
app.log.info(
  configFile
    ? `configuration read from ${configFile}`
    : "no ONYXIA_CONFIG file: defaults and environment only",
);
for (const warning of warnings) app.log.warn(`configuration: ${warning}`);
app.log.info(
  `${config.regions.length} region(s) (first: ${config.regions[0]?.id}), ${config.catalogs.length} catalog(s), ` +
    `authentication ${config.authentication.mode}, namespace ${ownNamespace}`,
);

// Listen at once: readiness (and the healthcheck) answer "not yet" until every catalog has loaded
// once and every region's API server has answered.
void app.onyxia.catalogs.start();
void app.onyxia.platform.prime();

let metricsListener: MetricsListener | undefined;
let shuttingDown = false;
const graceSeconds = config.runtime.shutdownGraceSeconds ?? DEFAULT_SHUTDOWN_GRACE_SECONDS;
async function shutdown(signal: string): Promise<void> {
  if (shuttingDown) {
    app.log.warn(`${signal} again: exiting now`);
    process.exit(1);
  }
  shuttingDown = true;
  app.log.info(`${signal} received: closing (draining for at most ${graceSeconds} s)`);
  const outcome = await gracefulShutdown(app, graceSeconds * 1000);
  await metricsListener?.close();
  if (outcome === "expired") {
    app.log.error(
      `graceful shutdown: requests or helm commands still running after ${graceSeconds} s, exiting`,
    );
    process.exit(1);
  }
  app.log.info("drained: exiting");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

try {
  await app.listen({ port: config.server.port, host: config.server.host });
} catch (error) {
  fatal(
    `cannot listen on ${config.server.host}:${config.server.port}: ${(error as Error).message}`,
  );
}
const shownHost =
  config.server.host === "0.0.0.0" || config.server.host === "::"
    ? "127.0.0.1"
    : config.server.host;
const port = (app.server.address() as { port: number } | null)?.port ?? config.server.port;
app.log.info(
  `onyxia-ts listening on http://${shownHost}:${port}/ (API at ${config.server.basePath || "/"})`,
);
if (config.server.metricsPort > 0) {
  try {
    metricsListener = await startMetricsListener(app.onyxia.platform.metrics, {
      port: config.server.metricsPort,
      host: config.server.host,
    });
  } catch (error) {
    fatal(
      `cannot listen on the metrics port ${config.server.metricsPort}: ${(error as Error).message}`,
    );
  }
  app.log.info(`metrics on http://${shownHost}:${metricsListener.port}/metrics`);
}
