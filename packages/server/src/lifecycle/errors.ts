// Helm and Kubernetes failures as problem+json answers that say what went wrong.
import { HttpProblem } from "../http/problem.ts";
import { HelmArgumentError, HelmError } from "../helm/index.ts";
import { KubernetesApiError, KubernetesUnavailableError } from "../kubernetes/index.ts";

export function toProblem(error: unknown): unknown {
  if (error instanceof HttpProblem) return error;
  if (error instanceof HelmArgumentError)
    return new HttpProblem(400, error.message, { title: "Invalid name" });
  if (error instanceof HelmError) {
    if (error.timedOut) return new HttpProblem(504, error.message, { title: "Helm timed out" });
    if (/Kubernetes cluster unreachable|connection refused/i.test(error.helmMessage))
      return new HttpProblem(503, error.message, { title: "Kubernetes unavailable" });
    if (/cannot re-use a name that is still in use/.test(error.helmMessage))
      return new HttpProblem(409, error.message, { title: "Release name in use" });
    if (/forbidden/i.test(error.helmMessage))
      return new HttpProblem(403, error.message, { title: "Forbidden by Kubernetes" });
    return new HttpProblem(400, error.message, { title: "Helm failed" });
  }
  if (error instanceof KubernetesUnavailableError)
    return new HttpProblem(503, error.message, { title: "Kubernetes unavailable" });
  if (error instanceof KubernetesApiError) {
    const status = [403, 404, 409, 422].includes(error.status) ? error.status : 502;
    return new HttpProblem(status, error.message);
  }
  return error;
}

/** Runs a route body and converts the failures above. */
export async function problems<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toProblem(error);
  }
}
