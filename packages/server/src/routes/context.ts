// What the API routes need, injected by buildApp (so tests and benchmarks can swap parts).
import type { AppConfig, BuildInfo, SchemaRegistry } from "@onyxia-ts/core";
import type { CatalogRuntime } from "../catalogs/index.ts";
import type { EventStreamSlots } from "../features/events/index.ts";
import type { ProfileSchemaSource } from "../features/profile-schema/index.ts";
import type { QuotaReservations } from "../features/quota/index.ts";
import type { ServerLifecycle } from "../http/lifecycle.ts";
import type { Platform } from "../platform/compose.ts";
import type { UserResolver } from "../user/index.ts";

export type { BuildInfo };

export interface ApiContext {
  config: AppConfig;
  catalogs: CatalogRuntime;
  schemas: SchemaRegistry;
  /** The declarative user-profile schema, loaded once (profile.schema.directory). */
  profile: ProfileSchemaSource;
  users: UserResolver;
  /** The server's own namespace (the shared one in singleNamespace mode). */
  ownNamespace: string;
  build: BuildInfo;
  /** Per region: the Kubernetes client, watch caches, Kubernetes and helm ports; events, clock. */
  platform: Platform;
  /** Open event streams per user and in all (`security.event-streams.*`). */
  eventStreams: EventStreamSlots;
  /** Quota reservations of recent launches, per namespace (features/quota). */
  quotaReservations: QuotaReservations;
  /** Readiness, and the event streams a shutdown ends with a reconnection hint. */
  lifecycle: ServerLifecycle;
}
