// Shareable launcher links, in Onyxia's exact URL format (see reference §5.1).
export type { HelmValuesPatchEntry, HelmValuesPatchValue, LauncherLink } from "./types.ts";
export { LauncherLinkError } from "./errors.ts";
export { encodeLauncherLink, decodeLauncherLink } from "./launcher-link.ts";
export { encodePatchPath, decodePatchPath } from "./patch-path.ts";
export { encodePatchValue, decodePatchValue } from "./patch-value.ts";
