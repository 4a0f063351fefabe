// Kubernetes failures the routes turn into clear HTTP answers (never a 500 with a stack).

/** The API server cannot be reached, timed out, or the server is not configured for one. */
export class KubernetesUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "KubernetesUnavailableError";
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
