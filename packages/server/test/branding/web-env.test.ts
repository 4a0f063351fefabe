import { describe, expect, it } from "vitest";
import { injectIntoIndexHtml, parseJsonish, readWebEnv } from "../../src/config/web-env.ts";

function read(env: Record<string, string>) {
  const warnings: string[] = [];
  const webEnv = readWebEnv(env, (m) => warnings.push(m));
  return { webEnv, warnings };
}

describe("readWebEnv", () => {
  it("types Onyxia's variables: texts, booleans, numbers, languages, JSON structures", () => {
    const { webEnv, warnings } = read({
      HEADER_TEXT_FOCUS: " MyLab ",
      DARK_MODE: "false",
      QUOTA_WARNING_THRESHOLD: "0.6",
      ENABLED_LANGUAGES: "fr, en",
      HEADER_LINKS:
        '[{"label": {"en": "Docs", "fr": "Doc"}, "url": "https://docs.example", "icon": "MenuBook"}]',
      GLOBAL_ALERT: '{"severity": "warning", "message": {"en": "Maintenance tonight"}}',
      HOMEPAGE_HERO_TEXT: "Welcome!",
      UNRELATED: "x",
    });
    expect(warnings).toEqual([]);
    expect(webEnv).toEqual({
      HEADER_TEXT_FOCUS: "MyLab",
      DARK_MODE: false,
      QUOTA_WARNING_THRESHOLD: 0.6,
      ENABLED_LANGUAGES: ["fr", "en"],
      HEADER_LINKS: [
        { label: { en: "Docs", fr: "Doc" }, url: "https://docs.example", icon: "MenuBook" },
      ],
      GLOBAL_ALERT: { severity: "warning", message: { en: "Maintenance tonight" } },
      HOMEPAGE_HERO_TEXT: "Welcome!",
    });
  });

  it("accepts JSON5-style values: unquoted keys, single quotes, trailing commas", () => {
    expect(parseJsonish("{focus: {main: '#ff0000',},}")).toEqual({ focus: { main: "#ff0000" } });
    const { webEnv, warnings } = read({
      PALETTE_OVERRIDE_DARK: "{ primary: { main: '#00ff00' }, }",
    });
    expect(warnings).toEqual([]);
    expect(webEnv["PALETTE_OVERRIDE_DARK"]).toEqual({ primary: { main: "#00ff00" } });
  });

  it("warns once per malformed variable, naming it, and ignores only that one", () => {
    const { webEnv, warnings } = read({
      PALETTE_OVERRIDE: "{ primary: ",
      DARK_MODE: "yes",
      QUOTA_CRITICAL_THRESHOLD: "high",
      FOOTER_LINKS: '[{"url": "https://x"}]',
      GLOBAL_ALERT: '{"severity": "panic", "message": "x"}',
      TAB_TITLE: "Still read",
    });
    expect(webEnv).toEqual({ TAB_TITLE: "Still read" });
    expect(warnings).toHaveLength(5);
    for (const name of [
      "PALETTE_OVERRIDE",
      "DARK_MODE",
      "QUOTA_CRITICAL_THRESHOLD",
      "FOOTER_LINKS",
      "GLOBAL_ALERT",
    ]) {
      expect(warnings.some((w) => w.includes(`${name} is ignored`))).toBe(true);
    }
  });
});

describe("injectIntoIndexHtml", () => {
  it("adds the data block and the custom head before </head>, escaping < so no value can close the script", () => {
    const html = injectIntoIndexHtml(
      "<html><head><title>x</title></head><body></body></html>",
      { HEADER_TEXT_FOCUS: "</script><script>alert(1)</script>" },
      '<link rel="stylesheet" href="/custom.css">',
    );
    expect(html).toContain(
      '<script type="application/json" id="onyxia-web-env">{"HEADER_TEXT_FOCUS":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>"}</script><link rel="stylesheet" href="/custom.css"></head>',
    );
    expect(html.match(/<script/g)).toHaveLength(1);
  });
});
