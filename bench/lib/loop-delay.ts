// Event-loop delay of a process during a phase of a bench (perf_hooks.monitorEventLoopDelay):
// how long a ready callback (a socket's data, a child's exit) waited for the loop. A bench's
// child process answers {probe: "loop", reset} messages with the figures since the last reset.
import { monitorEventLoopDelay } from "node:perf_hooks";
import type { ChildProcess } from "node:child_process";

export interface LoopDelay {
  /** Milliseconds. */
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export function startLoopDelay(): { read(reset?: boolean): LoopDelay } {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  return {
    read(reset = true) {
      const ms = (ns: number) => ns / 1e6;
      const figures = {
        p50: ms(h.percentile(50)),
        p99: ms(h.percentile(99)),
        max: ms(h.max),
        mean: ms(h.mean),
      };
      if (reset) h.reset();
      return figures;
    },
  };
}

/** In a bench's child process: answers the parent's {probe: "loop"} messages. */
export function answerLoopProbes(): void {
  const loop = startLoopDelay();
  process.on("message", (m: { probe?: string }) => {
    if (m.probe === "loop") process.send?.({ loop: loop.read() });
  });
}

/** In the parent: the child's loop delay since the last probe (and resets it). */
export function probeLoopDelay(child: ChildProcess): Promise<LoopDelay> {
  return new Promise((resolve) => {
    const onMessage = (m: { loop?: LoopDelay }) => {
      if (!m.loop) return;
      child.off("message", onMessage);
      resolve(m.loop);
    };
    child.on("message", onMessage);
    child.send({ probe: "loop" });
  });
}
