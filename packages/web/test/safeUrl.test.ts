import { describe, expect, it } from "vitest";
import { safeHttpUrl } from "../src/config/safeUrl.ts";

describe("safeHttpUrl", () => {
  it("keeps http and https URLs", () => {
    expect(safeHttpUrl("https://github.com/InseeFrLab/helm-charts-databases")).toBe(
      "https://github.com/InseeFrLab/helm-charts-databases",
    );
    expect(safeHttpUrl("http://example.org/x?y=1")).toBe("http://example.org/x?y=1");
  });

  it("drops script, data and relative URLs and non-strings", () => {
    expect(safeHttpUrl("javascript:alert(1)")).toBeUndefined();
    expect(safeHttpUrl(" JavaScript:alert(1)")).toBeUndefined();
    expect(safeHttpUrl("data:text/html,<script>alert(1)</script>")).toBeUndefined();
    expect(safeHttpUrl("/relative/path")).toBeUndefined();
    expect(safeHttpUrl(undefined)).toBeUndefined();
    expect(safeHttpUrl(42)).toBeUndefined();
  });
});
