import { describe, expect, it } from "vitest";
import type { ChartJson } from "@onyxia-ts/core";
import { catalogJson, chartJson } from "../../testing/contractFixtures.ts";
import {
  ALL_CATALOGS_ID,
  allCharts,
  catalogName,
  catalogPath,
  chartMatches,
  isCatalogVisible,
  launcherPath,
  searchCharts,
  showsAllCatalogs,
  sortedCharts,
  tabCatalogs,
} from "./catalogLogic.ts";

const chart = (name: string, extra: Partial<ChartJson> = {}): ChartJson =>
  chartJson(name, "1.0.0", extra);
const catalog = catalogJson;

describe("sortedCharts", () => {
  it("puts highlighted charts first in highlightedCharts order, case-insensitively, then sorts by name", () => {
    const c = catalog(
      "db",
      [chart("mongodb"), chart("elastic"), chart("postgresql"), chart("kafka")],
      {
        highlightedCharts: ["PostgreSQL", "Elastic", "not-in-catalog"],
      },
    );
    expect(sortedCharts(c).map((x) => x.name)).toEqual([
      "postgresql",
      "elastic",
      "kafka",
      "mongodb",
    ]);
  });

  it("drops library charts", () => {
    const c = catalog("ide", [
      chart("library-chart", { type: "library" }),
      chart("jupyter", { type: "application" }),
    ]);
    expect(sortedCharts(c).map((x) => x.name)).toEqual(["jupyter"]);
  });
});

describe("catalog visibility and tabs", () => {
  const personalOnly = catalog("perso", [], { visible: { user: true, project: false } });
  const groupOnly = catalog("group", [], { visible: { user: false, project: true } });
  const defaulted = catalog("default", []);
  const test = catalog("beta", [], { status: "TEST" });

  it("uses visible.user in personal projects and visible.project in group projects", () => {
    expect(
      [personalOnly, groupOnly, defaulted].map((c) => isCatalogVisible(c, "personal")),
    ).toEqual([true, false, true]);
    expect([personalOnly, groupOnly, defaulted].map((c) => isCatalogVisible(c, "group"))).toEqual([
      false,
      true,
      true,
    ]);
  });

  it("gives tabs only to visible PROD catalogs", () => {
    expect(
      tabCatalogs([personalOnly, groupOnly, defaulted, test], "personal").map((c) => c.id),
    ).toEqual(["perso", "default"]);
  });

  it("localizes catalog names with an English then first-entry fallback", () => {
    const c = catalog("db", [], { name: { en: "Databases", fr: "Bases de données" } });
    expect(catalogName(c, "fr")).toBe("Bases de données");
    expect(catalogName(c, "de")).toBe("Databases");
    expect(catalogName(catalog("x", [], { name: { fi: "Tietokannat" } }), "en")).toBe(
      "Tietokannat",
    );
  });
});

describe("search", () => {
  const db = catalog("db", [
    chart("postgresql", { description: "Relational database" }),
    chart("qdrant", { keywords: ["Vector Database"] }),
  ]);
  const auto = catalog("auto", [
    chart("mlflow", { description: "ML lifecycle" }),
    chart("airflow"),
  ]);

  it("matches name, description and keywords, requiring every term", () => {
    expect(chartMatches(chart("qdrant", { keywords: ["Vector Database"] }), "vector")).toBe(true);
    expect(
      chartMatches(
        chart("postgresql", { description: "Relational database" }),
        "relational DATABASE",
      ),
    ).toBe(true);
    expect(
      chartMatches(
        chart("postgresql", { description: "Relational database" }),
        "relational vector",
      ),
    ).toBe(false);
  });

  it("searches across catalogs, keeping catalog order", () => {
    expect(
      searchCharts([db, auto], "database").map((h) => `${h.catalog.id}/${h.chart.name}`),
    ).toEqual(["db/postgresql", "db/qdrant"]);
    expect(searchCharts([db, auto], "flow").map((h) => h.chart.name)).toEqual([
      "airflow",
      "mlflow",
    ]);
    expect(searchCharts([db, auto], "   ")).toEqual([]);
  });
});

describe("links", () => {
  it("encodes path segments and the search query", () => {
    expect(catalogPath("databases")).toBe("/catalog/databases");
    expect(catalogPath("databases", "vector db")).toBe("/catalog/databases?search=vector+db");
    expect(launcherPath("ide", "jupyter python/../x")).toBe(
      "/launcher/ide/jupyter%20python%2F..%2Fx",
    );
  });
});

describe("the synthetic All catalog (DISABLE_DISPLAY_ALL_CATALOG)", () => {
  const ide = catalog("ide", [chart("vscode"), chart("jupyter")]);
  const db = catalog("db", [chart("postgresql")]);

  it("lists every tab catalog's charts, catalog by catalog, each with its catalog", () => {
    expect(allCharts([ide, db]).map((h) => `${h.catalog.id}/${h.chart.name}`)).toEqual([
      "ide/jupyter",
      "ide/vscode",
      "db/postgresql",
    ]);
  });

  it("shows unless disabled, absent when no catalog has a tab or a real catalog is named all", () => {
    expect(showsAllCatalogs([ide, db], [ide, db], false)).toBe(true);
    expect(showsAllCatalogs([ide, db], [ide, db], true)).toBe(false);
    expect(showsAllCatalogs([], [], false)).toBe(false);
    const real = catalog(ALL_CATALOGS_ID, [chart("x")]);
    expect(showsAllCatalogs([real], [real], false)).toBe(false);
  });
});
