// React-free catalog rules (Onyxia web behaviour), unit-tested in test/catalogLogic.test.ts.
import type { CatalogWrapperJson, ChartJson } from "@onyxia-ts/core";
import { localize } from "../../../i18n/localizedString.ts";

export type ProjectKind = "personal" | "group";

/** `visible.user` governs personal projects, `visible.project` group projects; both default to true. */
export function isCatalogVisible(catalog: CatalogWrapperJson, projectKind: ProjectKind): boolean {
  const flag = projectKind === "personal" ? catalog.visible?.user : catalog.visible?.project;
  return flag !== false;
}

/** Only PROD catalogs get a tab; TEST ones stay reachable by URL. */
export function tabCatalogs(
  catalogs: readonly CatalogWrapperJson[],
  projectKind: ProjectKind,
): CatalogWrapperJson[] {
  return catalogs.filter((c) => c.status === "PROD" && isCatalogVisible(c, projectKind));
}

/** Launchable charts of a catalog: no library charts, highlighted ones first (in their order), then by name. */
export function sortedCharts(catalog: CatalogWrapperJson): ChartJson[] {
  const highlighted = (catalog.highlightedCharts ?? []).map((n) => n.toLowerCase());
  const rank = (chart: ChartJson) => {
    const index = highlighted.indexOf(chart.name.toLowerCase());
    return index === -1 ? highlighted.length : index;
  };
  return Object.values(catalog.catalog.latestPackages)
    .filter((chart) => chart.type !== "library")
    .sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

export interface SearchHit {
  catalog: CatalogWrapperJson;
  chart: ChartJson;
}

/** Every whitespace-separated term must appear in the chart's name, description or keywords. */
export function chartMatches(chart: ChartJson, search: string): boolean {
  const haystack = [chart.name, chart.description ?? "", ...(chart.keywords ?? [])]
    .join(" ")
    .toLowerCase();
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => haystack.includes(term));
}

/** Searches the given catalogs; hits keep the catalog order, then each catalog's chart order. */
export function searchCharts(catalogs: readonly CatalogWrapperJson[], search: string): SearchHit[] {
  if (search.trim() === "") return [];
  return catalogs.flatMap((catalog) =>
    sortedCharts(catalog)
      .filter((chart) => chartMatches(chart, search))
      .map((chart) => ({ catalog, chart })),
  );
}

/** The synthetic "All" tab's id (Onyxia's; a real catalog of that id wins, and then there is no such tab). */
export const ALL_CATALOGS_ID = "all";

/** Whether the "All" tab shows (DISABLE_DISPLAY_ALL_CATALOG unset and some catalog has a tab). */
export function showsAllCatalogs(
  tabs: readonly CatalogWrapperJson[],
  visible: readonly CatalogWrapperJson[],
  disabled: boolean,
): boolean {
  return !disabled && tabs.length > 0 && !visible.some((c) => c.id === ALL_CATALOGS_ID);
}

/** The "All" tab's cards: every tab catalog's charts, catalog by catalog. */
export function allCharts(tabs: readonly CatalogWrapperJson[]): SearchHit[] {
  return tabs.flatMap((catalog) => sortedCharts(catalog).map((chart) => ({ catalog, chart })));
}

export function catalogName(catalog: CatalogWrapperJson, lang: string): string {
  return localize(catalog.name, lang) || catalog.id;
}

export function catalogPath(catalogId: string, search?: string): string {
  const base = `/catalog/${encodeURIComponent(catalogId)}`;
  return search ? `${base}?${new URLSearchParams({ search })}` : base;
}

export function launcherPath(catalogId: string, chartName: string): string {
  return `/launcher/${encodeURIComponent(catalogId)}/${encodeURIComponent(chartName)}`;
}
