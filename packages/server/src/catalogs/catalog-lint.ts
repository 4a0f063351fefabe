// Runs the catalog lint (core `lintChartSchema`) on each loaded chart version: one log line per
// finding, the first time a version's archive is seen (a refresh reuses the parsed archives, so
// an unchanged version is neither linted nor logged again), and a per-catalog count for the
// healthcheck.
import {
  countFindings,
  lintChartSchema,
  type CatalogContent,
  type ChartFiles,
  type LintFinding,
} from "@onyxia-ts/core";
import type { CatalogLogger } from "./logger.ts";

export interface CatalogLintSummary {
  errors: number;
  warnings: number;
  /** Kept chart versions with at least one finding. */
  chartVersions: number;
}

export interface CatalogLinter {
  /**
   * Lints the versions not seen before, logs their findings, and sums up the whole catalog.
   * About 1 ms per chart version; it yields to the event loop every few ms so a cold load of
   * hundreds of versions does not stall requests.
   */
  lint(catalogId: string, content: CatalogContent): Promise<CatalogLintSummary>;
  /** Findings a loader process computed for the archives it parsed: those are not linted again. */
  remember(findings: ReadonlyMap<ChartFiles, readonly LintFinding[]>): void;
}

const SLICE_MS = 10;

export function createCatalogLinter(logger: CatalogLogger): CatalogLinter {
  // Keyed by the parsed archive: the loader hands the same object back while the archive is
  // unchanged. An archive is in `byArchive` once its findings are logged; `remembered` holds
  // those a loader process computed, until then.
  const byArchive = new WeakMap<ChartFiles, readonly LintFinding[]>();
  const remembered = new WeakMap<ChartFiles, readonly LintFinding[]>();
  return {
    remember(findings) {
      for (const [files, found] of findings) remembered.set(files, found);
    },
    async lint(catalogId, content) {
      const summary: CatalogLintSummary = { errors: 0, warnings: 0, chartVersions: 0 };
      let linted = 0;
      const started = performance.now();
      let slice = started;
      for (const [chart, versions] of content.charts) {
        for (const { entry, files, activity } of versions) {
          let findings = byArchive.get(files);
          if (findings === undefined) {
            findings = remembered.get(files);
            if (findings === undefined) {
              if (performance.now() - slice > SLICE_MS) {
                await new Promise<void>((resolve) => setImmediate(resolve));
                slice = performance.now();
              }
              findings = lintSafely(files);
            }
            byArchive.set(files, findings);
            linted++;
            for (const f of findings)
              logger.warn(
                `catalog "${catalogId}": chart ${chart} ${entry.version}: lint ${f.severity} at ${f.pointer || "/"}: ${f.message}`,
              );
            if (activity && "error" in activity)
              logger.warn(
                `catalog "${catalogId}": chart ${chart} ${entry.version}: Chart.yaml ${activity.error}; idle suspend counts its services' activity as unknown (never paused)`,
              );
          }
          const counts = countFindings(findings);
          summary.errors += counts.errors;
          summary.warnings += counts.warnings;
          if (findings.length > 0) summary.chartVersions++;
        }
      }
      if (linted > 0)
        logger.info(
          `catalog "${catalogId}": linted ${linted} chart versions in ${Math.round(performance.now() - started)} ms: ` +
            `${summary.errors} errors, ${summary.warnings} warnings in the catalog`,
        );
      return summary;
    },
  };
}

export function lintSafely(files: ChartFiles): readonly LintFinding[] {
  try {
    return lintChartSchema(files.valuesSchema);
  } catch (e) {
    // The lint must never fail a catalog load: report the crash as a finding.
    return [
      {
        severity: "error",
        rule: "schema-resolution",
        pointer: "",
        message: `the lint could not read this schema: ${(e as Error).message}`,
      },
    ];
  }
}
