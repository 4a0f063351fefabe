// One error type for every API failure, so pages can render a precise panel instead of a blank page.
export type ApiErrorKind = "network" | "http" | "invalid-response";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly kind: ApiErrorKind,
    /** The API path that failed, e.g. "/my-lab/catalogs". */
    readonly path: string,
    message: string,
    readonly status?: number,
    /** The server's own error message, when it sent one. */
    readonly serverMessage?: string,
    /** Individual validation messages (400 "Validation failed": `errors: string[]`). */
    readonly errors?: string[],
  ) {
    super(message);
  }
}

/** Extracts a human message from a JSON or text error body (Fastify: {message}, Spring: {error}). */
export function extractServerMessage(body: string): string | undefined {
  const trimmed = body.trim();
  if (trimmed === "") return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    if (parsed && typeof parsed === "object") {
      const record = parsed as Record<string, unknown>;
      for (const key of ["message", "error", "detail"]) {
        const value = record[key];
        if (typeof value === "string" && value !== "") return value;
      }
    }
    return undefined;
  } catch {
    // Plain-text bodies are shown as-is, cut so an HTML error page doesn't flood the panel.
    return trimmed.startsWith("<") ? undefined : trimmed.slice(0, 300);
  }
}

/** The `errors: string[]` of a problem+json body, when present. */
export function extractServerErrors(body: string): string[] | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const errors =
      parsed && typeof parsed === "object" ? (parsed as { errors?: unknown }).errors : undefined;
    return Array.isArray(errors) && errors.every((e) => typeof e === "string") ? errors : undefined;
  } catch {
    return undefined;
  }
}
