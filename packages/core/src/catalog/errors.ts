/** A catalog problem, always named by catalog and, when known, chart and version. */
export class CatalogError extends Error {
  readonly catalogId: string;
  readonly chart: string | undefined;
  readonly version: string | undefined;

  constructor(
    catalogId: string,
    message: string,
    where: { chart?: string; version?: string } = {},
  ) {
    super(`${describeWhere(catalogId, where.chart, where.version)}: ${message}`);
    this.name = "CatalogError";
    this.catalogId = catalogId;
    this.chart = where.chart;
    this.version = where.version;
  }
}

export function describeWhere(catalogId: string, chart?: string, version?: string): string {
  let where = `catalog "${catalogId}"`;
  if (chart !== undefined) where += `: chart ${chart}${version !== undefined ? ` ${version}` : ""}`;
  return where;
}
