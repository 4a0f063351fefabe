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

describe("readWebEnv: the rest of Onyxia's variables (an organisation's web.env carries over whole)", () => {
  it("reads link icons, FONT, the splash screen, the social card, CUSTOM_RESOURCES, DISABLE_HOMEPAGE and the home page assets", () => {
    const { webEnv, warnings } = read({
      LEFTBAR_LINKS:
        "[{label: 'Docs', url: 'https://docs.example', icon: 'https://docs.example/icon.svg', endIcon: 'OpenInNew'}]",
      FONT: '{"fontFamily": "Marianne", "dirUrl": "%PUBLIC_URL%/fonts", "400": "Marianne-Regular.woff2", "700-italic": "Marianne-BoldItalic.woff2"}',
      SPLASHSCREEN_LOGO: '{"light": "/l.svg", "dark": "/d.svg"}',
      SPLASHSCREEN_LOGO_SCALE_FACTOR: "0.8",
      SOCIAL_MEDIA_TITLE: "Our lab",
      SOCIAL_MEDIA_DESCRIPTION: "Data science for everyone",
      SOCIAL_MEDIA_IMAGE: "https://lab.example/card.png",
      CUSTOM_RESOURCES: "https://lab.example/resources.zip",
      DISABLE_HOMEPAGE: "true",
      BACKGROUND_ASSET: "false",
      HOMEPAGE_MAIN_ASSET_X_OFFSET: "-10%",
      HOMEPAGE_CALL_TO_ACTION_BUTTON: "false",
      HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED:
        '{"label": {"en": "Start"}, "url": "/catalog/ide", "startIcon": "RocketLaunch"}',
      HOMEPAGE_HERO_TEXT_AUTHENTICATED: "Welcome back %USER_FIRSTNAME%",
      DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: "true",
      VAULT_DOCUMENTATION_LINK: "https://vault.example/docs",
    });
    expect(warnings).toEqual([]);
    expect(webEnv).toEqual({
      LEFTBAR_LINKS: [
        {
          label: "Docs",
          url: "https://docs.example",
          icon: "https://docs.example/icon.svg",
          endIcon: "OpenInNew",
        },
      ],
      FONT: {
        fontFamily: "Marianne",
        dirUrl: "%PUBLIC_URL%/fonts",
        "400": "Marianne-Regular.woff2",
        "700-italic": "Marianne-BoldItalic.woff2",
      },
      SPLASHSCREEN_LOGO: { light: "/l.svg", dark: "/d.svg" },
      SPLASHSCREEN_LOGO_SCALE_FACTOR: 0.8,
      SOCIAL_MEDIA_TITLE: "Our lab",
      SOCIAL_MEDIA_DESCRIPTION: "Data science for everyone",
      SOCIAL_MEDIA_IMAGE: "https://lab.example/card.png",
      CUSTOM_RESOURCES: "https://lab.example/resources.zip",
      DISABLE_HOMEPAGE: true,
      BACKGROUND_ASSET: false,
      HOMEPAGE_MAIN_ASSET_X_OFFSET: "-10%",
      HOMEPAGE_CALL_TO_ACTION_BUTTON: false,
      HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED: {
        label: { en: "Start" },
        url: "/catalog/ide",
        startIcon: "RocketLaunch",
      },
      HOMEPAGE_HERO_TEXT_AUTHENTICATED: "Welcome back %USER_FIRSTNAME%",
      DISABLE_PERSONAL_INFOS_INJECTION_IN_GROUP: true,
      VAULT_DOCUMENTATION_LINK: "https://vault.example/docs",
    });
  });

  it("names what is wrong with each of them", () => {
    const { webEnv, warnings } = read({
      FONT: '{"fontFamily": "Marianne", "dirUrl": "/fonts", "regular": "x.woff2"}',
      CUSTOM_RESOURCES: "file:///etc/passwd",
      HEADER_LINKS: '[{"label": "x", "url": "/", "icon": 3}]',
      HOMEPAGE_MAIN_ASSET_Y_OFFSET: "10vh; color: red",
      DISABLE_HOMEPAGE: "maybe",
      HOMEPAGE_CALL_TO_ACTION_BUTTON: '{"label": "Go"}',
    });
    expect(webEnv).toEqual({});
    expect(warnings).toHaveLength(6);
    expect(warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/FONT is ignored \(unexpected "regular"/),
        expect.stringMatching(/CUSTOM_RESOURCES is ignored \(expected an http\(s\) URL, got file:/),
        expect.stringMatching(/HEADER_LINKS is ignored .*icons: a name or a URL/),
        expect.stringMatching(/HOMEPAGE_MAIN_ASSET_Y_OFFSET is ignored/),
        expect.stringMatching(/DISABLE_HOMEPAGE is ignored \(expected true or false/),
        expect.stringMatching(/HOMEPAGE_CALL_TO_ACTION_BUTTON is ignored \(expected \{label, url/),
      ]),
    );
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
