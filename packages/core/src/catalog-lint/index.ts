// Catalog lint: what Onyxia's web would throw on or mishandle in a chart's values.schema.json.
export {
  lintChartSchema,
  countFindings,
  type LintFinding,
  type LintOptions,
  type LintRule,
  type LintSeverity,
} from "./lint-chart-schema.ts";
export { CONTEXT_SHAPE, unreachableSegment, type ContextShape } from "./context-shape.ts";
