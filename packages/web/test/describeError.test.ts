import { describe, expect, it } from "vitest";
import { ApiError } from "../src/core/ports/apiError.ts";
import { en } from "../src/i18n/en.ts";
import { fr } from "../src/i18n/fr.ts";
import { describeError } from "../src/shell/describeError.ts";

describe("describeError", () => {
  it("names the status, the API URL and the server's message for HTTP errors", () => {
    const error = new ApiError(
      "http",
      "/my-lab/catalogs/ide/charts/x",
      "…",
      404,
      "Chart x not found in catalog ide",
    );
    expect(describeError(error, en)).toBe(
      "The server answered 404 for /api/my-lab/catalogs/ide/charts/x. Chart x not found in catalog ide",
    );
    expect(describeError(error, fr)).toContain(
      "Le serveur a répondu 404 pour /api/my-lab/catalogs/ide/charts/x.",
    );
  });

  it("explains network failures and unreadable answers", () => {
    expect(describeError(new ApiError("network", "/user/info", "…"), en)).toBe(en.errors.network);
    expect(
      describeError(new ApiError("invalid-response", "/public/catalogs", "…", 200), en),
    ).toContain("/api/public/catalogs");
  });

  it("falls back to the message of any other error", () => {
    expect(describeError(new Error('There is no catalog "x"'), en)).toBe('There is no catalog "x"');
    expect(describeError("plain", en)).toBe("plain");
  });
});
