// Onyxia's suspend convention (reference §6.1, onyxia#793): a release is suspendable when its
// user values carry `global.suspend`; suspending sets it to true with --reuse-values.

export function isSuspendable(userValues: unknown): boolean {
  if (typeof userValues !== "object" || userValues === null) return false;
  const global = (userValues as Record<string, unknown>).global;
  return typeof global === "object" && global !== null && Object.hasOwn(global, "suspend");
}

export function isSuspended(userValues: unknown): boolean {
  if (!isSuspendable(userValues)) return false;
  return (userValues as { global: Record<string, unknown> }).global.suspend === true;
}
