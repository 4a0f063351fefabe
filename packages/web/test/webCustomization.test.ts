import { describe, expect, it } from "vitest";
import { linkTarget, parseInjected, resolveWebCustomization } from "../src/config/webEnv.ts";
import { darkPalette, lightPalette } from "../src/theme/palette.ts";
import { mergePalette } from "../src/theme/paletteOverride.ts";

describe("web customization", () => {
  it("reads the server's JSON block and ignores an unreadable one", () => {
    expect(parseInjected('{"HEADER_TEXT_FOCUS":"MyLab"}')).toEqual({ HEADER_TEXT_FOCUS: "MyLab" });
    expect(parseInjected("{broken")).toEqual({});
    expect(parseInjected('["not", "an object"]')).toEqual({});
    expect(parseInjected(null)).toEqual({});
  });

  it("has Onyxia's defaults when nothing is configured", () => {
    const c = resolveWebCustomization({}, {});
    expect(c).toMatchObject({
      headerTextFocus: "Datalab",
      tabTitle: "Datalab",
      quotaWarningThreshold: 0.75,
      quotaCriticalThreshold: 0.95,
      runningTimeThresholdHours: 168,
      disableAutoLaunch: false,
      headerLinks: [],
    });
    expect(c.forcedDarkMode).toBeUndefined();
    expect(c.globalAlert).toBeUndefined();
  });

  it("prefers injected values over build-time ones, and reads build-time strings", () => {
    const c = resolveWebCustomization(
      { HEADER_TEXT_FOCUS: "Injected", DARK_MODE: true, QUOTA_WARNING_THRESHOLD: 0.5 },
      {
        HEADER_TEXT_FOCUS: "Built",
        TAB_TITLE: "Built tab",
        DISABLE_AUTO_LAUNCH: "true",
        ENABLED_LANGUAGES: "fr, en",
      },
    );
    expect(c.headerTextFocus).toBe("Injected");
    expect(c.tabTitle).toBe("Built tab");
    expect(c.forcedDarkMode).toBe(true);
    expect(c.quotaWarningThreshold).toBe(0.5);
    expect(c.disableAutoLaunch).toBe(true);
    expect(c.enabledLanguages).toEqual(["fr", "en"]);
  });

  it("turns a plain GLOBAL_ALERT into an info alert and drops an unknown severity", () => {
    expect(
      resolveWebCustomization({ GLOBAL_ALERT: { en: "Hi", fr: "Salut" } }, {}).globalAlert,
    ).toEqual({
      severity: "info",
      message: { en: "Hi", fr: "Salut" },
    });
    expect(
      resolveWebCustomization({ GLOBAL_ALERT: { severity: "error", message: "Down" } }, {})
        .globalAlert,
    ).toEqual({
      severity: "error",
      message: "Down",
    });
    expect(
      resolveWebCustomization({ GLOBAL_ALERT: { severity: "panic", message: "x" } }, {})
        .globalAlert,
    ).toBeUndefined();
  });

  it("keeps only well-formed links and cards, and gives HEADER_LOGO both themes", () => {
    const c = resolveWebCustomization(
      {
        HEADER_LINKS: [{ label: { en: "Docs" }, url: "https://docs.example" }, { label: "no url" }],
        HOMEPAGE_CARDS: [{ title: "T", description: "D" }, { title: "no description" }],
        HEADER_LOGO: "/logo.svg",
      },
      {},
    );
    expect(c.headerLinks).toEqual([{ label: { en: "Docs" }, url: "https://docs.example" }]);
    expect(c.homepageCards).toHaveLength(1);
    expect(c.headerLogo).toEqual({ light: "/logo.svg", dark: "/logo.svg" });
  });

  it("makes links of in-app paths and http(s) URLs only", () => {
    expect(linkTarget("/catalog/ide")).toEqual({ internal: "/catalog/ide" });
    expect(linkTarget("https://x.example/a")).toEqual({ external: "https://x.example/a" });
    expect(linkTarget("javascript:alert(1)")).toBeUndefined();
    expect(linkTarget("//evil.example")).toBeUndefined();
  });
});

describe("mergePalette", () => {
  it("applies PALETTE_OVERRIDE then the mode's own override, reading Onyxia's focus as primary", () => {
    const light = mergePalette(lightPalette, {
      both: { focus: { main: "#ff0000" }, secondary: { main: "#00ff00" } },
      forMode: { background: { default: "#fafafa" }, mode: "dark" },
    });
    expect(light.primary).toMatchObject({ main: "#ff0000", light: "#7d89f2" });
    expect(light.secondary).toEqual({ main: "#00ff00" });
    expect(light.background).toEqual({ default: "#fafafa", paper: "#ffffff" });
    // An override cannot flip the theme mode.
    expect(light.mode).toBe("light");
    const dark = mergePalette(darkPalette, { forMode: { primary: { main: "#123456" } } });
    expect(dark.primary).toMatchObject({ main: "#123456", contrastText: "#0f1220" });
    expect(lightPalette.primary).toMatchObject({ main: "#4f5fe8" });
  });
});
