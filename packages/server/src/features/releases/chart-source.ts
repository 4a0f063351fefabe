// Where helm gets a catalog chart: the archive file of a folder catalog (its index `urls[0]`),
// or the repository URL with the catalog's credentials and TLS settings.
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { CatalogConfig, LoadedChartVersion } from "@onyxia-ts/core";
import type { ChartSource } from "../../helm/index.ts";

const isHttp = (s: string) => /^https?:\/\//i.test(s);

export function chartSource(
  catalog: CatalogConfig,
  chart: LoadedChartVersion,
  caCertsDir: string | undefined,
): ChartSource {
  const { name, version } = chart.entry;
  const url = chart.entry.urls[0];
  if (url === undefined)
    throw new Error(
      `chart ${name} ${version} of catalog ${catalog.id} has no archive URL in its index`,
    );
  if (!isHttp(catalog.location)) {
    if (isHttp(url)) return { kind: "archive", path: url, chart: name, version };
    const folder = path.resolve(
      catalog.location.startsWith("file:") ? fileURLToPath(catalog.location) : catalog.location,
    );
    const file = url.startsWith("file:") ? fileURLToPath(url) : path.resolve(folder, url);
    if (!file.startsWith(folder + path.sep))
      throw new Error(`chart ${name} ${version}: archive ${url} is outside the catalog folder`);
    return { kind: "archive", path: file, chart: name, version };
  }
  let caFile: string | undefined;
  if (catalog.caFile) {
    const dir = caCertsDir;
    if (!dir)
      throw new Error(
        `catalog ${catalog.id} names caFile ${catalog.caFile} but CACERTS_DIR is not set`,
      );
    caFile = path.resolve(dir, catalog.caFile);
    if (!caFile.startsWith(path.resolve(dir) + path.sep))
      throw new Error(`catalog ${catalog.id}: caFile must be inside CACERTS_DIR`);
  }
  return {
    kind: "repo",
    url: catalog.location,
    chart: name,
    version,
    ...(catalog.username ? { username: catalog.username } : {}),
    ...(catalog.password ? { password: catalog.password } : {}),
    ...(caFile ? { caFile } : {}),
    ...(catalog.skipTlsVerify ? { insecureSkipTlsVerify: true } : {}),
  };
}

/** The `<repo>/<chart>` reference shown in commands. */
export const commandSource = (
  catalog: CatalogConfig,
  chart: { name: string; version: string },
) => ({
  repoName: catalog.id,
  ...(isHttp(catalog.location) ? { repoUrl: catalog.location } : {}),
  chart: chart.name,
  version: chart.version,
});
