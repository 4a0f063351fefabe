// Kubernetes failures as HTTP problems: unreachable → 503 with the cause, a missing object → 404.
// API refusals: 502 for calls made with the server's own identity (it is misconfigured), 403 for
// calls made with the caller's (Kubernetes RBAC said no to them).
import { HttpProblem } from "../../http/problem.ts";
import { KubernetesApiError, KubernetesUnavailableError } from "../../kubernetes/index.ts";

export interface KubeCallOptions {
  /** The call carried the caller's identity: 401/403 are the caller's refusal. */
  asCaller?: boolean;
}

export function toHttpProblem(
  error: unknown,
  what: string,
  options: KubeCallOptions = {},
): unknown {
  if (error instanceof KubernetesUnavailableError)
    return new HttpProblem(503, `${what}: ${error.message}`);
  if (error instanceof KubernetesApiError) {
    if (error.status === 404) return new HttpProblem(404, `${what}: ${error.message}`);
    if (error.status === 400) return new HttpProblem(400, `${what}: ${error.message}`);
    if (options.asCaller && (error.status === 401 || error.status === 403))
      return new HttpProblem(403, `${what}: Kubernetes refused the caller (${error.message})`);
    return new HttpProblem(502, `${what}: ${error.message}`);
  }
  return error;
}

/** Runs `fn`, turning Kubernetes errors into problems. */
export async function kubeCall<T>(
  what: string,
  fn: () => Promise<T>,
  options: KubeCallOptions = {},
): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw toHttpProblem(error, what, options);
  }
}
