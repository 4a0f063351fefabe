// The customisation variables the web applies beyond branding (reference §10): link icons,
// FONT, the splash screen logo, the social card, CUSTOM_RESOURCES and DISABLE_HOMEPAGE.
import { describe, expect, it } from "vitest";
import { cssString, fontFaceCss, socialMetaTags } from "../src/config/documentHead.ts";
import { iconImageUrl, resolveWebCustomization, withFirstName } from "../src/config/webEnv.ts";
import { fontFamily } from "../src/theme/createDatalabTheme.ts";

const resolve = (injected: Record<string, unknown>) => resolveWebCustomization(injected, {});

describe("web customisation: the rest of Onyxia's variables", () => {
  it("keeps link icons, and draws only the ones that are image URLs", () => {
    const { leftbarLinks, headerLinks } = resolve({
      LEFTBAR_LINKS: [
        { label: "Docs", url: "https://docs.example", icon: "%PUBLIC_URL%/docs.svg" },
      ],
      HEADER_LINKS: [
        { label: "Chat", url: "/chat", startIcon: "Forum", endIcon: "https://x.example/e.svg" },
      ],
    });
    expect(leftbarLinks[0]!.icon).toBe("/docs.svg");
    expect(iconImageUrl(leftbarLinks[0]!.icon)).toBe("/docs.svg");
    expect(iconImageUrl(headerLinks[0]!.startIcon)).toBeUndefined();
    expect(iconImageUrl(headerLinks[0]!.endIcon)).toBe("https://x.example/e.svg");
    expect(iconImageUrl("javascript:alert(1)")).toBeUndefined();
  });

  it("turns FONT into one @font-face per weight, with files kept inside dirUrl", () => {
    const { font } = resolve({
      FONT: {
        fontFamily: "Marianne",
        dirUrl: "%PUBLIC_URL%/fonts/",
        "400": "Marianne-Regular.woff2",
        "700-italic": "Marianne-BoldItalic.woff2",
        "500": "../../evil.woff2",
      },
    });
    expect(font).toEqual({
      fontFamily: "Marianne",
      files: [
        { weight: 400, style: "normal", url: "/fonts/Marianne-Regular.woff2" },
        { weight: 700, style: "italic", url: "/fonts/Marianne-BoldItalic.woff2" },
      ],
    });
    const css = fontFaceCss(font!);
    expect(css.match(/@font-face/g)).toHaveLength(2);
    expect(css).toContain('font-family:"Marianne";src:url("/fonts/Marianne-Regular.woff2")');
    expect(fontFaceCss({ fontFamily: 'x";}body{color:red', files: font!.files })).not.toContain(
      '";}',
    );
  });

  it("builds the social card tags from SOCIAL_MEDIA_*, none when unset", () => {
    const { socialCard } = resolve({
      SOCIAL_MEDIA_TITLE: "Our lab",
      SOCIAL_MEDIA_IMAGE: "https://lab.example/card.png",
    });
    expect(socialMetaTags(socialCard)).toEqual([
      { attribute: "property", key: "og:title", content: "Our lab" },
      { attribute: "name", key: "twitter:title", content: "Our lab" },
      { attribute: "property", key: "og:image", content: "https://lab.example/card.png" },
      { attribute: "name", key: "twitter:image", content: "https://lab.example/card.png" },
      { attribute: "name", key: "twitter:card", content: "summary_large_image" },
    ]);
    expect(socialMetaTags(resolve({}).socialCard)).toEqual([]);
  });

  it("reads DISABLE_HOMEPAGE, the splash screen logo and CUSTOM_RESOURCES", () => {
    const c = resolve({
      DISABLE_HOMEPAGE: true,
      SPLASHSCREEN_LOGO: "/logo.svg",
      SPLASHSCREEN_LOGO_SCALE_FACTOR: 0.5,
      CUSTOM_RESOURCES: "https://lab.example/resources.zip",
    });
    expect(c.disableHomepage).toBe(true);
    expect(c.splashscreenLogo).toEqual({ light: "/logo.svg", dark: "/logo.svg" });
    expect(c.splashscreenLogoScaleFactor).toBe(0.5);
    expect(c.customResources).toBe("https://lab.example/resources.zip");
    const defaults = resolve({});
    expect(defaults.disableHomepage).toBe(false);
    expect(defaults.splashscreenLogo).toBeUndefined();
    expect(defaults.splashscreenLogoScaleFactor).toBe(1);
  });

  it("reads the home page's logo, main asset (placed, scaled) and authenticated texts", () => {
    const c = resolve({
      HOMEPAGE_LOGO: "%PUBLIC_URL%/custom-resources/logo.svg",
      HOMEPAGE_MAIN_ASSET: { light: "/a-light.png", dark: "/a-dark.png" },
      HOMEPAGE_MAIN_ASSET_X_OFFSET: "-10%",
      HOMEPAGE_MAIN_ASSET_Y_OFFSET: "3rem;}body{",
      HOMEPAGE_MAIN_ASSET_SCALE_FACTOR: 0.8,
      HOMEPAGE_HERO_TEXT_AUTHENTICATED: { en: "Welcome %USER_FIRSTNAME%!", no: "Velkommen" },
    });
    expect(c.homepageLogo).toEqual({
      light: "/custom-resources/logo.svg",
      dark: "/custom-resources/logo.svg",
    });
    // An offset that is not a plain CSS length is dropped, not injected into the style.
    expect(c.homepageMainAsset).toEqual({
      url: { light: "/a-light.png", dark: "/a-dark.png" },
      xOffset: "-10%",
      yOffset: undefined,
      scale: 0.8,
    });
    expect(c.homepageHeroTextAuthenticated).toEqual({
      en: "Welcome %USER_FIRSTNAME%!",
      no: "Velkommen",
    });
    expect(withFirstName("Welcome %USER_FIRSTNAME%!", "Alice")).toBe("Welcome Alice!");
    expect(resolve({ HOMEPAGE_MAIN_ASSET: false }).homepageMainAsset).toBeUndefined();
  });

  it("reads the call-to-action buttons (false hides one) and HEADER_HIDE_ONYXIA", () => {
    const c = resolve({
      HOMEPAGE_CALL_TO_ACTION_BUTTON: {
        label: { en: "Start", fr: "Démarrer" },
        url: "/catalog/ide",
        startIcon: "%PUBLIC_URL%/go.svg",
      },
      HOMEPAGE_CALL_TO_ACTION_BUTTON_AUTHENTICATED: false,
      HEADER_HIDE_ONYXIA: "true",
    });
    expect(c.homepageCallToAction).toEqual({
      label: { en: "Start", fr: "Démarrer" },
      url: "/catalog/ide",
      startIcon: "/go.svg",
    });
    expect(c.homepageCallToActionAuthenticated).toBe(false);
    expect(c.headerHideOnyxia).toBe(true);
    const defaults = resolve({ HOMEPAGE_CALL_TO_ACTION_BUTTON: { label: "no url" } });
    expect(defaults.homepageCallToAction).toBeUndefined();
    expect(defaults.headerHideOnyxia).toBe(false);
  });

  it("puts FONT's family first in the theme, quoted, before the built-in stack", () => {
    expect(fontFamily({ fontFamily: "Geist" })).toMatch(/^"Geist", "Inter"/);
    expect(fontFamily({ fontFamily: 'Bad"Name' })).toMatch(/^"BadName", /);
    expect(fontFamily(undefined)).toMatch(/^"Inter"/);
  });

  it("reads BACKGROUND_ASSET (false or a non-http URL is none), the login requirement and the links", () => {
    const c = resolve({
      BACKGROUND_ASSET: {
        light: "%PUBLIC_URL%/custom-resources/bg.svg",
        dark: "https://cdn.example/d.svg",
      },
      AUTHENTICATION_GLOBALLY_REQUIRED: "true",
      VAULT_DOCUMENTATION_LINK: "https://docs.example/vault",
      SAMPLE_DATASET_URL: "https://data.example/sample.parquet",
      SAMPLE_DATA_COLLECTION_URL: "javascript:alert(1)",
    });
    expect(c.backgroundAsset).toEqual({
      light: "/custom-resources/bg.svg",
      dark: "https://cdn.example/d.svg",
    });
    expect(c.authenticationGloballyRequired).toBe(true);
    expect(resolve({ DISABLE_DISPLAY_ALL_CATALOG: "true" }).disableDisplayAllCatalog).toBe(true);
    expect(c.vaultDocumentationLink).toBe("https://docs.example/vault");
    expect(c.sampleDatasetUrl).toBe("https://data.example/sample.parquet");
    expect(c.sampleDataCollectionUrl).toBeUndefined();
    expect(resolve({ BACKGROUND_ASSET: "false" }).backgroundAsset).toBeUndefined();
    expect(resolve({ BACKGROUND_ASSET: false }).backgroundAsset).toBeUndefined();
    expect(resolve({ BACKGROUND_ASSET: "data:image/svg+xml,x" }).backgroundAsset).toBeUndefined();
    const defaults = resolve({});
    expect(defaults.backgroundAsset).toBeUndefined();
    expect(defaults.authenticationGloballyRequired).toBe(false);
    expect(defaults.disableDisplayAllCatalog).toBe(false);
    expect(defaults.vaultDocumentationLink).toBeUndefined();
    // A URL in the background's CSS cannot close its string.
    expect(cssString('/a".png')).toBe('"/a\\22 .png"');
  });
});
