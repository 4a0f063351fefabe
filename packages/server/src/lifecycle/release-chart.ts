// The catalog chart an existing release was installed from: its recorded catalog (Onyxia
// secret) and the chart name/version helm stored; legacy releases are looked up by chart name.
import type { CatalogRuntime } from "../catalogs/index.ts";
import type { HelmMetadata } from "../helm/index.ts";
import { ConflictError, NotFoundError } from "../domain/errors.ts";
import {
  findCatalogChart,
  findChartAnywhere,
  type CatalogChart,
} from "../features/chart-schema/index.ts";
import type { LifecycleCaller } from "./caller.ts";
import type { ReleaseRecord } from "./releases.ts";
import type { LifecycleRuntime } from "./runtime.ts";

export async function releaseChart(
  catalogs: CatalogRuntime,
  runtime: LifecycleRuntime,
  caller: LifecycleCaller,
  record: ReleaseRecord,
  version?: string,
): Promise<{ found: CatalogChart; metadata: HelmMetadata }> {
  const metadata = await runtime.helm.metadata({
    release: record.release,
    namespace: record.namespace,
    identity: caller.identity,
  });
  const wanted = version ?? metadata.version;
  const catalogId = record.meta?.catalogId;
  try {
    const found = catalogId
      ? findCatalogChart(catalogs, caller.user, catalogId, metadata.chart, wanted)
      : findChartAnywhere(catalogs, caller.user, metadata.chart, wanted);
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
