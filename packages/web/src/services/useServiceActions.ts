// The actions of a service card or page, with their pending state and the last error.
import { useState } from "react";
import { api } from "../api/endpoints.ts";

export type ServiceAction = "suspend" | "resume" | "delete" | "rename" | "share";

export function useServiceActions(onDone: () => void) {
  const [pending, setPending] = useState<Record<string, ServiceAction | undefined>>({});
  const [error, setError] = useState<unknown>();

  const run = async (release: string, action: ServiceAction, work: () => Promise<unknown>) => {
    setPending((p) => ({ ...p, [release]: action }));
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setPending((p) => ({ ...p, [release]: undefined }));
      onDone();
    }
  };

  return {
    pending,
    error,
    clearError: () => setError(undefined),
    suspend: (release: string) => run(release, "suspend", () => api.suspend(release)),
    resume: (release: string) => run(release, "resume", () => api.resume(release)),
    remove: (release: string) => run(release, "delete", () => api.uninstall(release)),
    rename: (release: string, name: string) =>
      run(release, "rename", () => api.rename(release, name)),
    share: (release: string, share: boolean) =>
      run(release, "share", () => api.share(release, share)),
  };
}

/** Copies the password (if any) before opening, as Onyxia's Open button does; returns whether it was copied. */
export async function copyThenOpen(url: string, password: string | undefined): Promise<boolean> {
  let copied = false;
  if (password) {
    try {
      await navigator.clipboard.writeText(password);
      copied = true;
    } catch {
      /* the page shows the password next to the button anyway */
    }
  }
  window.open(url, "_blank", "noopener,noreferrer");
  return copied;
}
