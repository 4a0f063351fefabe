// Builds the Fastify app without listening: tests use app.inject, main.ts and benchmarks listen.
import { readFileSync } from "node:fs";
import path from "node:path";
import {
  builtInSchemas,
  createSchemaRegistry,
  type AppConfig,
  type SchemaRegistry,
} from "@onyxia-ts/core";
import Fastify, { type FastifyInstance } from "fastify";
import { createCatalogRuntime, type CatalogRuntime } from "./catalogs/index.ts";
import { defaultWebDistDirectory, repoRoot } from "./config/paths.ts";
import { installErrorHandler } from "./http/error-handler.ts";
import { loggerOptions, type LoggerOption } from "./http/logging.ts";
import { registerSecurity } from "./http/security.ts";
import { registerWebApp } from "./http/web-app.ts";
import {
  registerApiRoutes,
  registerOpenApi,
  type ApiContext,
  type BuildInfo,
} from "./routes/index.ts";
import { servicesRoutes } from "./routes/services/index.ts";
import { registerProtections, webAppSection, type AuditWriter } from "./http/protections/index.ts";
import { createNoAuthResolver, createOidcResolver, type UserResolver } from "./user/index.ts";

export interface BuildAppOptions {
  config: AppConfig;
  /** Default: a runtime over `config.catalogs`, NOT started (call `app.onyxia.catalogs.start()`), stopped on close. */
  catalogs?: CatalogRuntime;
  /** Default: the built-in schemas only. */
  schemas?: SchemaRegistry;
  /** Default: from `config.authentication.mode`. */
  users?: UserResolver;
  /** The server's namespace (singleNamespace projects). Default "default". */
  ownNamespace?: string;
  /** The built web app; null serves no web app. Default packages/web/dist. */
  webDistDirectory?: string | null;
  /** Default false (silent). */
  logger?: LoggerOption;
  build?: BuildInfo;
  /** Default: from `config.audit.sink`. */
  audit?: AuditWriter;
}

declare module "fastify" {
  interface FastifyInstance {
    onyxia: ApiContext;
  }
}

function defaultBuildInfo(): BuildInfo {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    version?: string;
  };
  const fromEnv = Number(process.env.BUILD_TIMESTAMP);
  return {
    version: pkg.version ?? "0.0.0",
    timestamp: Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : Math.floor(Date.now() / 1000),
  };
}

function defaultUserResolver(config: AppConfig): UserResolver {
  return config.authentication.mode === "none"
    ? createNoAuthResolver()
    : createOidcResolver(config.oidc);
}

export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: loggerOptions(options.logger ?? false),
    bodyLimit: config.server.bodyLimitBytes,
    // Long catalog lists and schemas are fine; pathological URLs are not.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
  });

  const ownsCatalogs = options.catalogs === undefined;
  const catalogs =
    options.catalogs ??
    createCatalogRuntime(config.catalogs, {
      refreshMs: config.catalogsRefreshMs,
      logger: {
        info: (m) => app.log.info(m),
        warn: (m) => app.log.warn(m),
        error: (m) => app.log.error(m),
      },
    });
  const ctx: ApiContext = {
    config,
    catalogs,
    schemas: options.schemas ?? createSchemaRegistry({ builtIn: builtInSchemas }),
    users: options.users ?? defaultUserResolver(config),
    ownNamespace: options.ownNamespace ?? "default",
    build: options.build ?? defaultBuildInfo(),
  };
  app.decorate("onyxia", ctx);
  if (ownsCatalogs) app.addHook("onClose", async () => catalogs.stop());

  installErrorHandler(app);
  await registerSecurity(app, config);
  // Before any route: the inventory, rate limit and audit hooks must see every route.
  await registerProtections(app, ctx, options.audit);
  await registerOpenApi(app, ctx.build.version);
  await registerApiRoutes(app, ctx);
  await app.register(servicesRoutes, {
    prefix: config.server.basePath,
    ctx,
    services: options.services,
  });
  await (await import("./routes/lifecycle/index.ts")).registerLifecycleRoutes(app, ctx);
  await webAppSection(() =>
    registerWebApp(app, {
      distDirectory:
        options.webDistDirectory === undefined ? defaultWebDistDirectory : options.webDistDirectory,
      basePath: config.server.basePath,
    }),
  );
  await app.ready();
  return app;
}
