// Kubernetes failures the routes turn into clear HTTP answers (never a 500 with a stack).

/** The API server cannot be reached, timed out, or the server is not configured for one. */
export class KubernetesUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubernetesUnavailableError";
  }
}

/**
 * Kubernetes refuses the server's own identity what a feature needs (RBAC): the feature is
 * unavailable until an operator grants it (the message names the missing permission).
 */
export class KubernetesPermissionError extends KubernetesUnavailableError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubernetesPermissionError";
  }
}

/** The API server answered with an error status. */
export class KubernetesApiError extends Error {
  constructor(
    readonly status: number,
    readonly path: string,
    message: string,
  ) {
    super(`Kubernetes API ${status} on ${path}: ${message}`);
    this.name = "KubernetesApiError";
  }
}
