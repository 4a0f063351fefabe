/** The outcome of a naming rule: when invalid, `reason` says what is wrong in plain words. */
export type NameValidation = { ok: true } | { ok: false; reason: string };

/** A value refused by a naming rule; the message names the kind of value and the reason. */
export class InvalidNameError extends Error {
  override readonly name = "InvalidNameError";
  constructor(
    readonly kind: string,
    readonly value: string,
    readonly reason: string,
  ) {
    super(`invalid ${kind} ${JSON.stringify(value)}: ${reason}`);
  }
}

export const valid: NameValidation = { ok: true };

export function invalid(reason: string): NameValidation {
  return { ok: false, reason };
}

/** Throws InvalidNameError unless the validation passed; for code paths that must not go on. */
export function assertValidName(
  kind: string,
  value: string,
  validate: (value: string) => NameValidation,
): void {
  const result = validate(value);
  if (!result.ok) throw new InvalidNameError(kind, value, result.reason);
}
