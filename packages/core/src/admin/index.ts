// The admin view's pure logic (issue 17): listing query, CSV, resource amounts, annotations, roles.
export * from "./annotations.ts";
export * from "./csv.ts";
export * from "./listing.ts";
export * from "./resources.ts";
export * from "./roles.ts";
