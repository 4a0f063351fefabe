// A vitest reporter that ends the run with one plain line, "N passed, N failed, N skipped",
// which CI systems read regardless of the runner's own formatting.
import fs from "node:fs";
import type { Reporter, TestModule } from "vitest/node";

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const module of testModules) {
      let failedHere = 0;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === "passed") passed += 1;
        else if (state === "failed") failedHere += 1;
        else skipped += 1;
      }
      // A file that failed to load, or whose beforeAll failed (its tests then count as skipped),
      // is a failure even though no test failed.
      if (module.state() === "failed" && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
    // `npm test` (scripts/test.ts) runs Vitest several times and sums these into its last line.
    const file = process.env.ONYXIA_TS_TEST_SUMMARY;
    if (file) fs.appendFileSync(file, `${JSON.stringify({ passed, failed, skipped })}\n`);
  }
}
