// Secret keys become environment variables in services (`$KEY`, reference §8): Onyxia upper-cases
// them and accepts `^[A-Za-z0-9_]+$`, not starting with a digit, not made of "_" only.
import { VaultInputError, type VaultInputProblem } from "./errors.ts";

/** What the editor stores for a typed key: upper case, surrounding spaces dropped. */
export function normalizeSecretKey(key: string): string {
  return key.trim().toUpperCase();
}

/** Undefined when `key` (already normalized or not) is a valid environment variable name. */
export function secretKeyProblem(key: string): VaultInputProblem | undefined {
  if (key === "") return { kind: "empty-key" };
  if (!/^[A-Za-z0-9_]+$/.test(key)) return { kind: "key-invalid-characters", key };
  if (/^[0-9]/.test(key)) return { kind: "key-starts-with-digit", key };
  if (/^_+$/.test(key)) return { kind: "key-only-underscores", key };
  return undefined;
}

export function isValidSecretKey(key: string): boolean {
  return secretKeyProblem(key) === undefined;
}

/**
 * Checks every key of a secret about to be written (the editor's rows), before any call to
 * Vault: normalized keys must be valid and distinct. Returns the secret with normalized keys.
 */
export function validateSecretEntries(
  entries: readonly (readonly [key: string, value: string])[],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [raw, value] of entries) {
    const key = normalizeSecretKey(raw);
    const problem = secretKeyProblem(key);
    if (problem) throw new VaultInputError(problem);
    if (Object.hasOwn(out, key)) throw new VaultInputError({ kind: "duplicate-key", key });
    out[key] = value;
  }
  return out;
}
