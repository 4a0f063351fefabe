// RFC 7807 problem details, shaped like Spring's ProblemDetail (what onyxia-api answers).

export interface ProblemBody {
  type?: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  /** Individual validation messages (Onyxia: "Validation failed" + errors[]). */
  errors?: string[];
  /**
   * onyxia-api's own validation answer is `{status, message: "Validation failed", errors}`
   * (its RestExceptionHandler), not a ProblemDetail: validation failures carry both shapes.
   */
  message?: string;
  /** The request's id (X-Request-Id), to find its log lines and audit entry. */
  requestId?: string;
}

export const VALIDATION_FAILED = "Validation failed";

const TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? "Error";
}

/** Throw it from a route: the error handler turns it into a problem+json response. */
export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: string[] | undefined;

  constructor(status: number, detail: string, options: { title?: string; errors?: string[] } = {}) {
    super(detail);
    this.name = "HttpProblem";
    this.status = status;
    this.title = options.title ?? statusTitle(status);
    this.errors = options.errors;
  }

  toBody(instance?: string): ProblemBody {
    return {
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

export const badRequest = (detail: string) => new HttpProblem(400, detail);
export const unauthorized = (detail: string) => new HttpProblem(401, detail);
export const forbidden = (detail: string) => new HttpProblem(403, detail);
export const notFound = (detail: string) => new HttpProblem(404, detail);

export const PROBLEM_CONTENT_TYPE = "application/problem+json";
