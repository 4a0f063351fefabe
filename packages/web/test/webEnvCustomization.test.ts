// The customisation variables the web applies beyond branding (reference §10): link icons,
// FONT, the splash screen logo, the social card, CUSTOM_RESOURCES and DISABLE_HOMEPAGE.
import { describe, expect, it } from "vitest";
import { fontFaceCss, socialMetaTags } from "../src/config/documentHead.ts";
import { iconImageUrl, resolveWebCustomization } from "../src/config/webEnv.ts";

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
});
