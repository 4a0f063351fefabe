// Runtimes and test servers stopped after each test of the file that tracks them.
import { afterEach } from "vitest";
import type { CatalogRuntime } from "../../src/catalogs/index.ts";
import type { TestServer } from "./fixtures.ts";

/** Registers an afterEach that stops what the returned function was given, in order. */
export function stoppedAfterEach(): <T extends CatalogRuntime | TestServer>(x: T) => T {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });
  return (x) => {
    cleanups.push(() => ("stop" in x ? x.stop() : x.close()));
    return x;
  };
}
