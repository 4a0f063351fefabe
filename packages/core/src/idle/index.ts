// Idle suspend (issue 17): the region's rules, the stored record, the decision, the display.
export * from "./activity.ts";
export * from "./chart-activity.ts";
export * from "./config.ts";
export * from "./record.ts";
export * from "./decide.ts";
export * from "./view.ts";
