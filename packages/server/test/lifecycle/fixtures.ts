// Configuration for lifecycle tests: the example catalog and the test-charts catalog.
import path from "node:path";
import { resolveConfig, type AppConfig } from "@onyxia-ts/core";
import { repoRoot } from "../../src/config/paths.ts";

export const examplesRepo = path.join(repoRoot, "catalogs/examples/repo");
export const testChartsRepo = path.join(repoRoot, "catalogs/test-charts/repo");

export function lifecycleConfig(overrides: { region?: Record<string, unknown>; event?: Record<string, unknown> } = {}): AppConfig {
  const data: Record<string, unknown> = {
    catalogs: [
      { id: "examples", location: examplesRepo },
      { id: "test-charts", location: testChartsRepo, status: "TEST" },
    ],
    regions: [
      {
        id: "local",
        services: {
          type: "KUBERNETES",
          singleNamespace: false,
          userNamespace: true,
          allowNamespaceCreation: true,
          namespacePrefix: "user-",
          groupNamespacePrefix: "projet-",
          ...overrides.region,
        },
      },
    ],
    ...(overrides.event ? { event: overrides.event } : {}),
  };
  return resolveConfig({ file: { name: "lifecycle-test.yaml", data }, env: {} }).config;
}
