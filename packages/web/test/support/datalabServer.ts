// Starts the real API server (buildApp) serving the built web app, with the two real catalogs
// (databases, automation) served over HTTP from the shared chart folders, and a TEST catalog.
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defaultRawRegion, resolveConfig } from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../../server/src/app.ts";
import {
  rewriteSharedIndex,
  sharedArchiveHandler,
  sharedCatalog,
  startServer,
  type TestServer,
} from "../../../server/test/catalogs/fixtures.ts";

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../dist");

export interface DatalabServer {
  url: string;
  close(): Promise<void>;
}

/** `webDistDirectory`: a build of the app (see buildWebApp); defaults to packages/web/dist. */
export async function startDatalabServer(
  options: {
    port?: number;
    webDistDirectory?: string;
    /** Changes to the default region, e.g. a public Kubernetes endpoint and a Vault. */
    region?: (region: Record<string, unknown>) => Record<string, unknown>;
    /** `profile.schema.directory`: the folder holding the declarative profile schema (`default`). */
    profileSchemaDirectory?: string;
    /** Web customisation variables (Onyxia's names), instead of the process environment. */
    webEnv?: Record<string, string>;
  } = {},
): Promise<DatalabServer> {
  const repos: TestServer[] = [];
  const catalogs = [];
  for (const id of ["databases", "automation"] as const) {
    const { index, archives } = await sharedCatalog(id);
    let base = "";
    const repo = await startServer(
      sharedArchiveHandler(() => rewriteSharedIndex(index, base), archives),
    );
    base = `${repo.url}/`;
    repos.push(repo);
    catalogs.push({
      id,
      name:
        id === "databases"
          ? { en: "Databases", fr: "Bases de données" }
          : { en: "Automation", fr: "Automatisation" },
      description: {
        en: `The **${id}** catalog, from [InseeFrLab](https://github.com/InseeFrLab).`,
      },
      location: repo.url,
      status: "PROD",
      highlightedCharts:
        id === "databases" ? ["postgresql", "elastic"] : ["argo-cd", "argo-workflows", "mlflow"],
    });
  }
  // Same charts, TEST status (only reachable by URL), keeping three versions per chart.
  catalogs.push({
    id: "beta",
    name: "Beta",
    location: repos[0]?.url,
    status: "TEST",
    multipleServicesMode: "maxNumber",
    maxNumberOfVersions: 3,
  });
  const { config } = resolveConfig({
    file: {
      name: "web-test-config",
      data: {
        authentication: { mode: "none" },
        catalogs,
        catalogsRefreshMs: 0,
        ...(options.region ? { regions: [options.region(defaultRawRegion())] } : {}),
        ...(options.profileSchemaDirectory
          ? { "profile.schema.directory": options.profileSchemaDirectory }
          : {}),
      },
    },
  });
  let app: FastifyInstance | undefined;
  try {
    app = await buildApp({
      config,
      webDistDirectory: options.webDistDirectory ?? webDist,
      ...(options.webEnv ? { webEnv: options.webEnv } : {}),
    });
    await app.onyxia.catalogs.start();
    await app.listen({ port: options.port ?? 0, host: "127.0.0.1" });
  } catch (error) {
    await app?.close();
    await Promise.all(repos.map((r) => r.close()));
    throw error;
  }
  const { port } = app.server.address() as AddressInfo;
  const started = app;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await started.close();
      await Promise.all(repos.map((r) => r.close()));
    },
  };
}
