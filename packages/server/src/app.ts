// Builds the Fastify app without listening: tests use app.inject, main.ts and benchmarks listen.
// The composition root: the configuration (with the process settings it leaves unset taken from
// the environment by config/), the platform (platform/compose.ts), the catalogs, the schema
// registry and the user resolver are built here, once, and handed to the routes.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  builtInSchemas,
  createSchemaRegistry,
  type AppConfig,
  type JSONSchema,
  type SchemaRegistry,
} from "@onyxia-ts/core";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { createAuditWriter } from "./audit/sinks.ts";
import {
  createCatalogRuntime,
  type CatalogRuntime,
  type LoaderProcessOptions,
} from "./catalogs/index.ts";
import { startIdleControllers } from "./http/idle-controllers.ts";
import { EventStreamSlots } from "./features/events/index.ts";
import { QuotaReservations } from "./features/quota/index.ts";
import { defaultWebDistDirectory, repoRoot } from "./config/paths.ts";
import { withProcessEnvironment } from "./config/process-env.ts";
import { installErrorHandler } from "./http/error-handler.ts";
import { ServerLifecycle } from "./http/lifecycle.ts";
import { registerRequestIdHeader, requestIdOf } from "./http/request-id.ts";
import { registerRequestMetrics } from "./http/request-metrics.ts";
import { loggerOptions, registerRequestLog, type LoggerOption } from "./http/logging.ts";
import { registerProtections, webAppSection, type AuditWriter } from "./http/protections/index.ts";
import { registerSecurity } from "./http/security.ts";
import { registerWebApp } from "./http/web-app.ts";
import { composePlatform, Platform, type PlatformOptions } from "./platform/compose.ts";
import {
  registerApiRoutes,
  registerOpenApi,
  type ApiContext,
  type BuildInfo,
} from "./routes/index.ts";
import { loadProfileSchema } from "./schema-registry/index.ts";
import { createNoAuthResolver, createOidcResolver, type UserResolver } from "./user/index.ts";

export interface BuildAppOptions {
  config: AppConfig;
  /**
   * The infrastructure: a Platform (used as given, not closed with the app), or the options of
   * the one built here (fake ports, clients, random…). Default: the real adapters.
   */
  platform?: Platform | PlatformOptions;
  /** Default: a runtime over `config.catalogs`, NOT started (call `app.onyxia.catalogs.start()`), stopped on close. */
  catalogs?: CatalogRuntime;
  /** Default: the built-in schemas only. */
  schemas?: SchemaRegistry;
  /**
   * The declarative user-profile schema; null: none. Default: read from
   * `config.schemas.profileDirectory` (its file `default`), none when unset.
   */
  profileSchema?: JSONSchema | null;
  /** Default: from `config.authentication.mode`. */
  users?: UserResolver;
  /** The server's namespace (singleNamespace projects). Default "default". */
  ownNamespace?: string;
  /** The built web app; null serves no web app. Default packages/web/dist. */
  webDistDirectory?: string | null;
  /** The web customisation variables (Onyxia's names); default: the process environment. */
  webEnv?: Record<string, string | undefined>;
  /** Default false (silent). */
  logger?: LoggerOption;
  build?: BuildInfo;
  /** Default: from `config.audit.sink`. */
  audit?: AuditWriter;
  /**
   * Start the idle-suspend controller of each region that enables it (issue 17). Default true;
   * tests that drive a controller themselves pass false.
   */
  idleControllers?: boolean;
  /** Called after a catalog load or refresh that changed some catalog (main.ts: reduceMemory). */
  afterCatalogChange?: () => void;
  /** Load catalogs in a child process (main.ts); default: in this process. */
  catalogLoaderProcess?: LoaderProcessOptions;
}

declare module "fastify" {
  interface FastifyInstance {
    onyxia: ApiContext;
  }
}

function defaultBuildInfo(config: AppConfig): BuildInfo {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    version?: string;
  };
  return {
    version: pkg.version ?? "0.0.0",
    timestamp: config.runtime.buildTimestamp ?? Math.floor(Date.now() / 1000),
  };
}

function defaultUserResolver(config: AppConfig): UserResolver {
  return config.authentication.mode === "none"
    ? createNoAuthResolver()
    : createOidcResolver(config.oidc);
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const config = withProcessEnvironment(options.config);
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false, config.runtime.logLevel),
    // The caller's X-Request-Id when sane, else a UUID: on every log line, audit entry, problem.
    genReqId: requestIdOf,
    // One line per request only with server.accessLog (registerRequestLog); errors and slow
    // requests are always logged, mutations go to the audit trail.
    logController: new LogController({
      disableRequestLogging: true,
      requestIdLogLabel: "requestId",
    }),
    bodyLimit: config.server.bodyLimitBytes,
    // X-Forwarded-For is believed only from the configured proxies (addresses or CIDRs).
    trustProxy: config.server.trustProxy.length > 0 ? config.server.trustProxy : false,
    // Long catalog lists and schemas are fine; pathological URLs are not.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });

  const ownsPlatform = !(options.platform instanceof Platform);
  const platform =
    options.platform instanceof Platform
      ? options.platform
      : composePlatform(config, { eventLog: app.log, ...options.platform });
  const ownsCatalogs = options.catalogs === undefined;
  const catalogs =
    options.catalogs ??
    createCatalogRuntime(config.catalogs, {
      refreshMs: config.catalogsRefreshMs,
      ...(config.runtime.caCertsDir ? { caCertsDir: config.runtime.caCertsDir } : {}),
      logger: {
        info: (m) => app.log.info(m),
        warn: (m) => app.log.warn(m),
        error: (m) => app.log.error(m),
      },
      onLoaded: (id, ok) => platform.metrics.catalogLoaded(id, ok),
      afterChange: options.afterCatalogChange,
      ...(options.catalogLoaderProcess ? { loaderProcess: options.catalogLoaderProcess } : {}),
    });
  const eventStreams = new EventStreamSlots(config.security.eventStreams);
  platform.metrics.observe({
    catalogs: () => catalogs.health(),
    eventStreams: () => eventStreams.open,
  });
  const ctx: ApiContext = {
    config,
    catalogs,
    schemas: options.schemas ?? createSchemaRegistry({ builtIn: builtInSchemas }),
    profile: {
      schema:
        options.profileSchema === undefined
          ? await loadProfileSchema(config.schemas.profileDirectory)
          : (options.profileSchema ?? undefined),
    },
    users: options.users ?? defaultUserResolver(config),
    ownNamespace: options.ownNamespace ?? "default",
    build: options.build ?? defaultBuildInfo(config),
    platform,
    eventStreams,
    quotaReservations: new QuotaReservations(),
    lifecycle: new ServerLifecycle([
      {
        notReadyBecause: () => (catalogs.isHealthy() ? [] : ["catalogs not loaded yet"]),
      },
      {
        notReadyBecause: () =>
          platform.unprimedRegions().length === 0 ? [] : ["Kubernetes API not reached yet"],
      },
    ]),
  };
  app.decorate("onyxia", ctx);
  if (ownsCatalogs) app.addHook("onClose", async () => catalogs.stop());
  if (ownsPlatform) app.addHook("onClose", async () => platform.close());

  installErrorHandler(app);
  registerRequestIdHeader(app);
  registerRequestMetrics(app, platform.metrics);
  registerRequestLog(app, {
    slowRequestMs: config.server.slowRequestMs,
    accessLog: config.server.accessLog,
  });
  await registerSecurity(app, config);
  const audit = options.audit ?? createAuditWriter(config.audit.sink, app.log);
  // Before any route: the inventory, rate limit and audit hooks must see every route.
  await registerProtections(app, ctx, audit);
  await registerOpenApi(app, ctx.build.version);
  await registerApiRoutes(app, ctx);
  await webAppSection(() =>
    registerWebApp(app, {
      distDirectory:
        options.webDistDirectory === undefined ? defaultWebDistDirectory : options.webDistDirectory,
      basePath: config.server.basePath,
      ...(options.webEnv ? { env: options.webEnv } : {}),
    }),
  );
  await app.ready();
  if (options.idleControllers !== false) await startIdleControllers(app, ctx, audit);
  return app;
}
