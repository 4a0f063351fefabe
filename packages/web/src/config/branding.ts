// The web customization in effect (reference §10): injected by the server at start, under Onyxia's
// variable names, or else Vite's build-time env (see envPrefix in vite.config.ts).
import { parseInjected, resolveWebCustomization } from "./webEnv.ts";

const injectedText =
  typeof document === "undefined" ? null : document.getElementById("onyxia-web-env")?.textContent;

export const branding = resolveWebCustomization(
  parseInjected(injectedText),
  import.meta.env as Record<string, unknown>,
);

export const brandName = [branding.headerTextBold, branding.headerTextFocus]
  .filter(Boolean)
  .join(" ");
