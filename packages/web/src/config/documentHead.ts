// What the web customisation changes in the document itself, outside React: the font faces
// (FONT) and the link preview (SOCIAL_MEDIA_*). Pure builders, tested; `applyDocumentHead`
// writes them once at start (main.tsx).
import type { FontFace, WebCustomization } from "./webEnv.ts";

/** CSS-escaped for a quoted string: the family and URLs are admin data, kept inert. */
export const cssString = (value: string) =>
  `"${value.replace(/["\\\n\r]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

export function fontFaceCss(font: FontFace): string {
  return font.files
    .map(
      (file) =>
        `@font-face{font-family:${cssString(font.fontFamily)};src:url(${cssString(file.url)});` +
        `font-weight:${file.weight};font-style:${file.style};font-display:swap}`,
    )
    .join("\n");
}

/** The Open Graph and Twitter tags of the link preview; none for what is not configured. */
export function socialMetaTags(
  card: WebCustomization["socialCard"],
): { attribute: "property" | "name"; key: string; content: string }[] {
  const tags: { attribute: "property" | "name"; key: string; content: string }[] = [];
  if (card.title) {
    tags.push({ attribute: "property", key: "og:title", content: card.title });
    tags.push({ attribute: "name", key: "twitter:title", content: card.title });
  }
  if (card.description) {
    tags.push({ attribute: "property", key: "og:description", content: card.description });
    tags.push({ attribute: "name", key: "twitter:description", content: card.description });
  }
  if (card.image) {
    tags.push({ attribute: "property", key: "og:image", content: card.image });
    tags.push({ attribute: "name", key: "twitter:image", content: card.image });
    tags.push({ attribute: "name", key: "twitter:card", content: "summary_large_image" });
  }
  return tags;
}

export function applyDocumentHead(doc: Document, branding: WebCustomization): void {
  if (branding.font) {
    const style = doc.createElement("style");
    style.dataset.onyxia = "font";
    style.textContent = fontFaceCss(branding.font);
    doc.head.appendChild(style);
  }
  for (const tag of socialMetaTags(branding.socialCard)) {
    const meta = doc.createElement("meta");
    meta.setAttribute(tag.attribute, tag.key);
    meta.setAttribute("content", tag.content);
    doc.head.appendChild(meta);
  }
}
