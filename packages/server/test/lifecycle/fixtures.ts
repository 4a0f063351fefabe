// Configuration for lifecycle tests: the example catalog and the test-charts catalog.
import path from "node:path";
import { resolveConfig, type AppConfig } from "@onyxia-ts/core";
import { repoRoot } from "../../src/config/paths.ts";

export const examplesRepo = path.join(repoRoot, "catalogs/examples/repo");
export const testChartsRepo = path.join(repoRoot, "catalogs/test-charts/repo");

export interface LifecycleConfigOverrides {
  /** Merged into the services of the first region ("local"). */
  region?: Record<string, unknown>;
  /** More regions: id → services overrides (on top of the first region's). */
  moreRegions?: Record<string, Record<string, unknown>>;
  event?: Record<string, unknown>;
  extra?: Record<string, unknown>;
}

export function lifecycleConfig(overrides: LifecycleConfigOverrides = {}): AppConfig {
  const services = {
    type: "KUBERNETES",
    singleNamespace: false,
    userNamespace: true,
    allowNamespaceCreation: true,
    namespacePrefix: "user-",
    groupNamespacePrefix: "projet-",
    ...overrides.region,
  };
  const data: Record<string, unknown> = {
    catalogs: [
      { id: "examples", location: examplesRepo },
      { id: "test-charts", location: testChartsRepo, status: "TEST" },
    ],
    regions: [
      { id: "local", services },
      ...Object.entries(overrides.moreRegions ?? {}).map(([id, more]) => ({
        id,
        services: { ...services, ...more },
      })),
    ],
    ...(overrides.event ? { event: overrides.event } : {}),
    ...overrides.extra,
  };
  return resolveConfig({ file: { name: "lifecycle-test.yaml", data }, env: {} }).config;
}
