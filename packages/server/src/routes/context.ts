// What the API routes need, injected by buildApp (so tests and benchmarks can swap parts).
import type { AppConfig, BuildInfo, SchemaRegistry } from "@onyxia-ts/core";
import type { CatalogRuntime } from "../catalogs/index.ts";
import type { Platform } from "../platform/compose.ts";
import type { UserResolver } from "../user/index.ts";

export type { BuildInfo };

export interface ApiContext {
  config: AppConfig;
  catalogs: CatalogRuntime;
  schemas: SchemaRegistry;
  users: UserResolver;
  /** The server's own namespace (the shared one in singleNamespace mode). */
  ownNamespace: string;
  build: BuildInfo;
  /** Per region: the Kubernetes client, watch caches, Kubernetes and helm ports; events, clock. */
  platform: Platform;
}
