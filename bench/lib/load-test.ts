// One bounded autocannon run against 127.0.0.1, with exact p50/p95/p99 from every response time
// (autocannon's own histogram reports p97.5, not p95).
import autocannon from "autocannon";

export interface LoadResult {
  name: string;
  requests: number;
  non2xx: number;
  errors: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  bodyBytes: number;
}

export async function loadTest(
  name: string,
  url: string,
  options: { durationSeconds: number; connections: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  if (!/^http:\/\/127\.0\.0\.1:/.test(url))
    throw new Error(`load tests only target 127.0.0.1, not ${url}`);
  const times: number[] = [];
  let bodyBytes = 0;
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: options.connections,
        duration: options.durationSeconds,
        headers: options.headers ?? {},
      },
      (error, res) => (error ? reject(error) : resolve(res)),
    );
    instance.on("response", (_client, _status, resBytes, responseTime) => {
      times.push(responseTime);
      bodyBytes = resBytes;
    });
  });
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  return {
    name,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    reqPerSec: result.requests.total / options.durationSeconds,
    p50: at(0.5),
    p95: at(0.95),
    p99: at(0.99),
    bodyBytes,
  };
}
