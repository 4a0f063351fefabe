// Uninstall (one or bulk), suspend/resume, rename and share; the record-level forms for callers
// that checked the right to act themselves (the admin view).
export {
  setSuspended,
  suspendRecord,
  uninstall,
  uninstallAll,
  uninstallRecord,
  updateMeta,
} from "./release-actions.ts";
