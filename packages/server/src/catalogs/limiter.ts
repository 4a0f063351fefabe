/** Runs at most `max` tasks at once (chart downloads), the rest wait in order. */
export function createLimiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  checkConcurrency(max);
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}

export function checkConcurrency(max: number): void {
  if (!Number.isInteger(max) || max < 1)
    throw new Error(`concurrency limit must be a positive integer, got ${max}`);
}
