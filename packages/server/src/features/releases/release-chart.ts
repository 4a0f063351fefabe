// The catalog chart an existing release was installed from: its recorded catalog (Onyxia
// secret) and the chart name/version helm stored; legacy releases are looked up by chart name.
import { ConflictError, NotFoundError } from "../../domain/errors.ts";
import type { ActingCaller } from "../../platform/acting-caller.ts";
import type { HelmMetadata } from "../../platform/ports.ts";
import { findCatalogChart, findChartAnywhere, type CatalogChart } from "../chart-schema/index.ts";
import type { ReleaseDeps } from "./deps.ts";
import type { ReleaseRecord } from "./release-record.ts";

export async function releaseChart(
  deps: Pick<ReleaseDeps, "catalogs" | "helm">,
  caller: ActingCaller,
  record: ReleaseRecord,
  version?: string,
  /** Already read (currentRelease): no `helm get metadata`. */
  known?: HelmMetadata,
): Promise<{ found: CatalogChart; metadata: HelmMetadata }> {
  const metadata =
    known ??
    (await deps.helm.metadata({
      release: record.release,
      namespace: record.namespace,
      identity: caller.identity,
    }));
  const wanted = version ?? metadata.version;
  const catalogId = record.meta?.catalogId;
  try {
    const found = catalogId
      ? findCatalogChart(deps.catalogs, caller.user, catalogId, metadata.chart, wanted)
      : findChartAnywhere(deps.catalogs, caller.user, metadata.chart, wanted);
    return { found, metadata };
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new ConflictError(
        `Service ${record.release} runs chart ${metadata.chart} ${wanted}, which catalog ${catalogId ?? "(none recorded)"} no longer offers: ${error.message}`,
        { title: "Chart no longer available" },
      );
    }
    throw error;
  }
}
