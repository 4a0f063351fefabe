import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import {
  parseHelmIndex,
  selectChartVersions,
  sortVersionsDescending,
  withCatalogDefaults,
} from "@onyxia-ts/core";
import { SHARED_CATALOGS_DIR } from "../../../../testing/shared-dir.ts";

// The pure catalog model run on the real index.yaml files (core tests have no file access).
const realIndex = (name: string) =>
  readFileSync(`${SHARED_CATALOGS_DIR}/${name}/index.yaml`, "utf8");
const names = (list: { version: string }[]) => list.map((x) => x.version);

describe("parseHelmIndex on a real index", () => {
  it("reads the real databases index: every chart with its versions and urls", () => {
    const { index, problems } = parseHelmIndex(realIndex("databases"), "databases");
    expect(problems).toEqual([]);
    expect(index.apiVersion).toBe("v1");
    expect(index.entries.size).toBe(22);
    const postgresql = index.entries.get("postgresql") ?? [];
    expect(postgresql.length).toBe(31);
    expect(postgresql[0]?.urls[0]).toMatch(/postgresql-.*\.tgz$/);
    expect(postgresql.every((v) => typeof v.version === "string")).toBe(true);
    // Extra fields such as dependencies pass through.
    expect(Array.isArray(postgresql[0]?.dependencies)).toBe(true);
  });
});

describe("selectChartVersions on the real automation index", () => {
  const { index } = parseHelmIndex(
    readFileSync(`${SHARED_CATALOGS_DIR}/automation/index.yaml`, "utf8"),
    "automation",
  );
  const base = { id: "automation", location: "https://example.org" };

  it("latest (the default) keeps one version per chart, the newest", () => {
    const selected = selectChartVersions(index, withCatalogDefaults(base));
    expect(selected.size).toBe(index.entries.size);
    for (const [name, versions] of selected) {
      expect(versions).toHaveLength(1);
      expect(versions[0]?.version).toBe(
        sortVersionsDescending(index.entries.get(name) ?? [])[0]?.version,
      );
    }
    expect(selected.get("argo-cd")?.[0]?.version).toBe("3.4.2");
  });

  it("skipPatches keeps distinct major.minor pairs only", () => {
    const selected = selectChartVersions(
      index,
      withCatalogDefaults({ ...base, multipleServicesMode: "skipPatches" }),
    );
    const mlflow = names(selected.get("mlflow") ?? []);
    const minors = mlflow.map((x) => x.split(".").slice(0, 2).join("."));
    expect(new Set(minors).size).toBe(mlflow.length);
    expect(mlflow.length).toBeGreaterThan(1);
    expect(mlflow.length).toBeLessThan(index.entries.get("mlflow")?.length ?? 0);
  });

  it("maxNumber keeps at most maxNumberOfVersions", () => {
    const selected = selectChartVersions(
      index,
      withCatalogDefaults({ ...base, multipleServicesMode: "maxNumber", maxNumberOfVersions: 3 }),
    );
    expect(names(selected.get("airflow") ?? [])).toEqual(["0.0.4", "0.0.3", "0.0.2"]);
    expect(Math.max(...[...selected.values()].map((x) => x.length))).toBe(3);
  });

  it("excludedCharts is case-insensitive; keywords are read on the latest version", () => {
    const selected = selectChartVersions(
      index,
      withCatalogDefaults({ ...base, excludedCharts: ["MLflow"], excludeKeywords: ["gitops"] }),
    );
    expect(selected.has("mlflow")).toBe(false);
    expect(selected.has("argo-cd")).toBe(false);
    expect(selected.has("airflow")).toBe(true);
    const only = selectChartVersions(
      index,
      withCatalogDefaults({ ...base, includeKeywords: ["ML"] }),
    );
    expect([...only.keys()].sort()).toEqual(["label-studio", "mlflow"]);
  });
});
