// How Onyxia stores one setting as one KV secret (reference §5.3.1): null, strings, numbers and
// booleans as {value}, objects and arrays as {valueAsJson: "<JSON>"}, undefined as {}. Anything
// else in a secret is refused on read, as Onyxia does.

export type SettingSecret =
  { value: string | number | boolean | null } | { valueAsJson: string } | Record<string, never>;

export class SettingFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SettingFormatError";
  }
}

export function valueToSecret(value: unknown): SettingSecret {
  if (value === undefined) return {};
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    return { value };
  }
  if (typeof value === "object") return { valueAsJson: JSON.stringify(value) };
  throw new SettingFormatError(`A ${typeof value} cannot be stored as a setting`);
}

export function secretToValue(secret: Record<string, unknown>): unknown {
  const keys = Object.keys(secret);
  if (keys.length === 0) return undefined;
  if (keys.length > 1 || (keys[0] !== "value" && keys[0] !== "valueAsJson")) {
    throw new SettingFormatError(
      `A setting secret holds exactly one key, "value" or "valueAsJson"; got ${keys.map((k) => JSON.stringify(k)).join(", ")}`,
    );
  }
  if (keys[0] === "value") return secret["value"];
  const json = secret["valueAsJson"];
  if (typeof json !== "string") throw new SettingFormatError('"valueAsJson" must be a string');
  try {
    return JSON.parse(json) as unknown;
  } catch {
    throw new SettingFormatError('"valueAsJson" is not valid JSON');
  }
}
