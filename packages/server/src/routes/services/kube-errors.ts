// Kubernetes failures as HTTP problems: unreachable → 503 with the cause, API refusals → 502
// (the server's own identity is misconfigured), a missing object → 404.
import { HttpProblem } from "../../http/problem.ts";
import { KubernetesApiError, KubernetesUnavailableError } from "../../kubernetes/index.ts";

export function toHttpProblem(error: unknown, what: string): unknown {
  if (error instanceof KubernetesUnavailableError) return new HttpProblem(503, `${what}: ${error.message}`);
  if (error instanceof KubernetesApiError) {
    if (error.status === 404) return new HttpProblem(404, `${what}: ${error.message}`);
    if (error.status === 400) return new HttpProblem(400, `${what}: ${error.message}`);
    return new HttpProblem(502, `${what}: ${error.message}`);
  }
  return error;
}

/** Runs `fn`, turning Kubernetes errors into problems. */
export async function kubeCall<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toHttpProblem(error, what);
  }
}
