// What can go wrong in a feature, said without HTTP: features throw these, and one handler
// (http/error-handler.ts) turns each kind into a status and a problem+json body. The detail is
// the message a user reads; `title` (optional) names the failure more precisely than the kind.

export type DomainErrorKind =
  | "invalid"
  | "unauthenticated"
  | "forbidden"
  | "not-found"
  | "conflict"
  | "too-many-requests"
  | "internal"
  | "upstream"
  | "unavailable"
  | "timeout";

export interface DomainErrorOptions {
  /** A short name for the failure ("Quota exceeded"); default: the kind's generic name. */
  title?: string;
  /** One message per problem (validation, quota). */
  errors?: string[];
  cause?: unknown;
}

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  readonly title: string | undefined;
  readonly errors: string[] | undefined;

  constructor(detail: string, options: DomainErrorOptions = {}) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.title = options.title;
    this.errors = options.errors;
  }
}

/** The request names something malformed or values that break the rules. */
export class InvalidError extends DomainError {
  readonly kind = "invalid";
  override readonly name = "InvalidError";
}

/** No (valid) credential. */
export class UnauthenticatedError extends DomainError {
  readonly kind = "unauthenticated";
  override readonly name = "UnauthenticatedError";
}

/** The caller may not do this. */
export class ForbiddenError extends DomainError {
  readonly kind = "forbidden";
  override readonly name = "ForbiddenError";
}

/** What the request names does not exist (or is not visible to the caller). */
export class NotFoundError extends DomainError {
  readonly kind = "not-found";
  override readonly name = "NotFoundError";
}

/** The current state refuses the change (name taken, quota exceeded, chart gone). */
export class ConflictError extends DomainError {
  readonly kind = "conflict";
  override readonly name = "ConflictError";
}

export class TooManyRequestsError extends DomainError {
  readonly kind = "too-many-requests";
  override readonly name = "TooManyRequestsError";
}

/** A failure of ours the user should read about (not a crash: those stay plain Errors). */
export class InternalError extends DomainError {
  readonly kind = "internal";
  override readonly name = "InternalError";
}

/** A dependency (Kubernetes) answered with an error that is not the caller's doing. */
export class UpstreamError extends DomainError {
  readonly kind = "upstream";
  override readonly name = "UpstreamError";
}

/** A dependency cannot be reached, or is not ready yet (a catalog still loading). */
export class UnavailableError extends DomainError {
  readonly kind = "unavailable";
  override readonly name = "UnavailableError";
}

/** A dependency did not finish in time (helm). */
export class TimeoutError extends DomainError {
  readonly kind = "timeout";
  override readonly name = "TimeoutError";
}
