// The one translator from Kubernetes and helm failures to domain errors. It replaces two that
// disagreed (the write side's lifecycle/errors.ts and the read side's routes/services/kube-errors.ts):
//
// | Kubernetes answer        | write side (before) | read side (before)           | now                          |
// | ------------------------ | ------------------- | ---------------------------- | ---------------------------- |
// | unreachable              | 503 "Kubernetes unavailable" | 503 "Service Unavailable" | 503 "Kubernetes unavailable" |
// | 400                      | 502                 | 400                          | 400 (invalid)                |
// | 422                      | 422                 | 502                          | 400 (invalid)                |
// | 404                      | 404                 | 404                          | 404                          |
// | 409                      | 409                 | 502                          | 409 (conflict)               |
// | 403                      | 403                 | 403 as caller, else 502      | 403 unless `asCaller: false` |
// | 401                      | 502                 | 403 as caller, else 502      | 403 only with `asCaller: true` |
// | other                    | 502                 | 502                          | 502 (upstream)               |
//
// `what` (read side) prefixes the detail with what was being done. `asCaller` says whose identity
// the call carried: true, the caller's (their refusal is a 403); false, the server's (a refusal
// means the server is misconfigured: 502); unset (the error handler's fallback for the write
// side), a 403 is kept and a 401 is the server's. Helm failures keep the write side's rules.
import {
  ConflictError,
  DomainError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  TimeoutError,
  UnavailableError,
  UpstreamError,
} from "../domain/errors.ts";
import { HelmArgumentError, HelmError } from "../helm/index.ts";
import {
  KubernetesApiError,
  KubernetesPermissionError,
  KubernetesUnavailableError,
} from "../kubernetes/index.ts";

export interface TranslationContext {
  /** What was being done, prefixed to the detail ("Cannot read the events of namespace x"). */
  what?: string;
  /** Whose identity the call carried (see above). */
  asCaller?: boolean;
}

const prefixed = (what: string | undefined, message: string) =>
  what === undefined ? message : `${what}: ${message}`;

/** The domain error for a Kubernetes or helm failure; anything else is returned unchanged. */
export function toDomainError(error: unknown, context: TranslationContext = {}): unknown {
  if (error instanceof DomainError) return error;
  const { what, asCaller } = context;
  if (error instanceof HelmArgumentError)
    return new InvalidError(error.message, { title: "Invalid name" });
  if (error instanceof HelmError) {
    if (error.timedOut) return new TimeoutError(error.message, { title: "Helm timed out" });
    if (/Kubernetes cluster unreachable|connection refused/i.test(error.helmMessage))
      return new UnavailableError(error.message, { title: "Kubernetes unavailable" });
    if (/cannot re-use a name that is still in use/.test(error.helmMessage))
      return new ConflictError(error.message, { title: "Release name in use" });
    if (/forbidden/i.test(error.helmMessage))
      return new ForbiddenError(error.message, { title: "Forbidden by Kubernetes" });
    return new InvalidError(error.message, { title: "Helm failed" });
  }
  if (error instanceof KubernetesPermissionError)
    return new UnavailableError(prefixed(what, error.message), {
      title: "Not permitted by the server's Kubernetes RBAC",
    });
  if (error instanceof KubernetesUnavailableError)
    return new UnavailableError(prefixed(what, error.message), { title: "Kubernetes unavailable" });
  if (error instanceof KubernetesApiError) {
    const detail = prefixed(what, error.message);
    switch (error.status) {
      case 400:
      case 422:
        return new InvalidError(detail);
      case 404:
        return new NotFoundError(detail);
      case 409:
        return new ConflictError(detail);
      case 401:
      case 403:
        if (asCaller === true)
          return new ForbiddenError(
            what === undefined
              ? error.message
              : `${what}: Kubernetes refused the caller (${error.message})`,
          );
        if (asCaller === undefined && error.status === 403) return new ForbiddenError(detail);
        return new UpstreamError(detail);
      default:
        return new UpstreamError(detail);
    }
  }
  return error;
}

/** Runs `work`, translating its Kubernetes and helm failures. */
export async function translated<T>(
  work: () => Promise<T>,
  context: TranslationContext = {},
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toDomainError(error, context);
  }
}
