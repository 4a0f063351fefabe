export * from "./base64.ts";
export * from "./shell-quote.ts";
export * from "./text-order.ts";
