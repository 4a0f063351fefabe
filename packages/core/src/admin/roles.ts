// Who is a platform admin (`admin.roles`), and what an admin must say when acting on a service.
import { ADMIN_REASON_MAX } from "../api/admin.ts";

/** True when one of the user's roles or groups is an admin role. */
export function isPlatformAdmin(
  user: { roles: readonly string[]; groups: readonly string[] },
  adminRoles: readonly string[],
): boolean {
  if (adminRoles.length === 0) return false;
  return (
    user.roles.some((r) => adminRoles.includes(r)) ||
    user.groups.some((g) => adminRoles.includes(g))
  );
}

// eslint-disable-next-line no-control-regex -- control characters (a newline is allowed) are refused
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** The reason, trimmed; an error message when it is missing, too long or has control characters. */
export function checkAdminReason(
  value: unknown,
): { ok: true; reason: string } | { ok: false; error: string } {
  if (typeof value !== "string" || value.trim().length < 3)
    return {
      ok: false,
      error: "A reason of at least 3 characters is required: the owner is told why",
    };
  const reason = value.trim();
  if (reason.length > ADMIN_REASON_MAX)
    return { ok: false, error: `The reason is longer than ${ADMIN_REASON_MAX} characters` };
  if (CONTROL.test(reason))
    return { ok: false, error: "The reason contains control or bidirectional characters" };
  return { ok: true, reason };
}
