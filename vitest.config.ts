import { defineConfig } from "vitest/config";

// One runner for every workspace; each package is a project so it can be run alone
// (`vitest run --project core`). Integration tests that need the local stack live in
// `*.stack.test.ts` files and run in the `stack` project; browser tests (`*.browser.test.ts`) in `browser`.
export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    projects: [
      { test: { name: "core", include: ["packages/core/test/**/*.test.ts"] } },
      {
        test: {
          name: "server",
          include: ["packages/server/test/**/*.test.ts"],
          exclude: ["**/*.stack.test.ts"],
          setupFiles: ["packages/server/test/support/quiet-audit.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "web",
          include: [
            "packages/web/test/**/*.test.{ts,tsx}",
            // Unit tests of the application core sit beside the module they test.
            "packages/web/src/**/*.test.{ts,tsx}",
          ],
          exclude: ["**/*.browser.test.ts", "**/*.stack.test.ts"],
        },
      },
      {
        // The stack's own logic that needs no running stack (the orchestrator, test selection).
        test: {
          name: "stack-lib",
          include: ["stack/test/**/*.test.ts"],
          exclude: ["**/*.stack.test.ts"],
        },
      },
      {
        // Builds the web app, starts the real server and drives Debian's Chromium.
        test: {
          name: "browser",
          include: ["packages/web/test/**/*.browser.test.ts"],
          setupFiles: ["packages/server/test/support/quiet-audit.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: "stack",
          include: ["**/*.stack.test.ts"],
          // Starts the local stack unless it already runs (then leaves it running).
          globalSetup: ["stack/test/global-setup.ts"],
          setupFiles: ["packages/server/test/support/quiet-audit.ts"],
          exclude: ["**/node_modules/**"],
          testTimeout: 300_000,
          hookTimeout: 3_600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
