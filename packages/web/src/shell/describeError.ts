import { ApiError } from "../core/ports/apiError.ts";
import type { Messages } from "../i18n/messages.ts";

/** One sentence for the error panel: what failed, where, and the server's own words when it sent some. */
export function describeError(error: unknown, t: Messages): string {
  if (error instanceof ApiError) {
    const url = `/api${error.path}`;
    switch (error.kind) {
      case "network":
        return t.errors.network;
      case "invalid-response":
        return t.errors.invalidResponse({ url });
      case "http":
        return [t.errors.http({ status: error.status ?? 0, url }), error.serverMessage]
          .filter(Boolean)
          .join(" ");
    }
  }
  return error instanceof Error ? error.message : String(error);
}
