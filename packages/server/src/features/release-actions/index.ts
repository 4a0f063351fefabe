// Uninstall (one or bulk), suspend/resume, rename and share.
export { setSuspended, uninstall, uninstallAll, updateMeta } from "./release-actions.ts";
