// The app configuration the API benches serve: no catalogs, one region "bench" whose services live
// in namespaces under the bench's prefix (several namespaces, like a real multi-user region).
import { resolveConfig, type AppConfig } from "@onyxia-ts/core";

export function benchRegionConfig(
  prefix: string,
  options: {
    /** More of the region's `services` (a group prefix, quotas, …). */
    services?: Record<string, unknown>;
    /** Top-level settings besides `catalogs` and `regions` (audit, security, admin, …). */
    settings?: Record<string, unknown>;
  } = {},
): AppConfig {
  const services = { singleNamespace: false, namespacePrefix: prefix, ...options.services };
  return resolveConfig({
    file: {
      name: "bench",
      data: { catalogs: [], regions: [{ id: "bench", services }], ...options.settings },
    },
  }).config;
}
