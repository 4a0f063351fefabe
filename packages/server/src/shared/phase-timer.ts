// Launch phases timed on the server, sent as a standard Server-Timing header.

export class PhaseTimer {
  readonly phases: Record<string, number> = {};
  private readonly started = performance.now();

  async time<T>(phase: string, work: () => Promise<T> | T): Promise<T> {
    const t0 = performance.now();
    try {
      return await work();
    } finally {
      this.phases[phase] = (this.phases[phase] ?? 0) + (performance.now() - t0);
    }
  }

  /** Moves `ms` of `from` into `to` (e.g. the wait for a helm slot out of "install"). */
  move(from: string, to: string, ms: number): void {
    const moved = Math.min(ms, this.phases[from] ?? 0);
    if (moved <= 0) return;
    this.phases[from] = (this.phases[from] ?? 0) - moved;
    this.phases[to] = (this.phases[to] ?? 0) + moved;
  }

  get totalMs(): number {
    return performance.now() - this.started;
  }

  header(): string {
    return [...Object.entries(this.phases), ["total", this.totalMs] as const]
      .map(([name, ms]) => `${name};dur=${ms.toFixed(1)}`)
      .join(", ");
  }
}

/** Parses a Server-Timing header back (tests, benchmark). */
export function parseServerTiming(header: string | undefined): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of (header ?? "").split(",")) {
    const m = /^\s*([\w-]+);dur=([\d.]+)/.exec(part);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}
