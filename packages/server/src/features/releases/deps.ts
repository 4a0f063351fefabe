// What the release features (launch, edit, release actions) take: the catalogs and schema
// registry, and the platform's ports. Unit tests hand in fakes (test/support/).
import type { SchemaRegistry } from "@onyxia-ts/core";
import type { CatalogRuntime } from "../../catalogs/index.ts";
import type { MetricsPort } from "../../platform/metrics-port.ts";
import type { EventSink, HelmPort, Random } from "../../platform/ports.ts";
import type { QuotaReservations } from "../quota/index.ts";

export interface ReleaseDeps {
  catalogs: Pick<CatalogRuntime, "get" | "list">;
  schemas: SchemaRegistry;
  helm: HelmPort;
  events: EventSink;
  /** Release name suffixes. */
  random: Random;
  /** One per server: launches in a namespace checked against its quota one after the other. */
  quotaReservations: QuotaReservations;
  /** Where catalog CA files are (helm --ca-file); unset: catalogs naming one fail to launch. */
  caCertsDir?: string | undefined;
  /** Launch outcomes and phase durations. Unset: not recorded. */
  metrics?: MetricsPort;
}
