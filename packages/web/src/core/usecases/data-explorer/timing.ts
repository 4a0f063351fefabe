// Where the time to the first page goes: each phase is a `performance.measure` named
// `data-explorer:<phase>` (engine start, probe, open, schema, first page), which the benchmark
// reads from the page. Measures are cheap and kept in the page's performance timeline only.

/** Runs `job` and records its duration as the measure `data-explorer:<phase>`. */
export async function timed<T>(phase: string, job: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await job();
  } finally {
    try {
      performance.measure(`data-explorer:${phase}`, { start, end: performance.now() });
    } catch {
      /* no performance timeline (old runtime): nothing to record */
    }
  }
}
