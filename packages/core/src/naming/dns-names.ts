import { invalid, valid, type NameValidation } from "./validation.ts";

// Kubernetes/Helm name shapes (RFC 1123). These checks also keep user input off the helm
// command line as flags or shell syntax: no leading "-", no spaces, no metacharacters.

export interface CharacterRule {
  maxLength: number;
  /** One allowed character. */
  allowed: RegExp;
  /** Human wording of `allowed`, used in reasons. */
  allowedDescription: string;
  /** First and last character. */
  edge: RegExp;
  edgeDescription: string;
  /** Optional: a whole valid value (a fast path; the checks below still explain a failure). */
  whole?: RegExp;
}

export function describeCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f)
    return `control character U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (char === " ") return "a space";
  return `"${char}"`;
}

/** Length, allowed characters, first and last character; the first failure is reported. */
export function checkCharacters(value: unknown, rule: CharacterRule): NameValidation {
  if (typeof value !== "string")
    return invalid(`must be a string, got ${value === null ? "null" : typeof value}`);
  if (value === "") return invalid("must not be empty");
  if (rule.whole && value.length <= rule.maxLength && rule.whole.test(value)) return valid;
  const length = [...value].length;
  if (length > rule.maxLength)
    return invalid(`is ${length} characters long, the maximum is ${rule.maxLength}`);
  if (value.startsWith("-"))
    return invalid('must not start with "-" (it would read as a command-line flag)');
  for (const char of value) {
    if (!rule.allowed.test(char)) {
      const hint = /[A-Z]/.test(char) ? " (uppercase letters are not allowed)" : "";
      return invalid(
        `contains ${describeCharacter(char)}${hint}; allowed: ${rule.allowedDescription}`,
      );
    }
  }
  const first = value[0] as string;
  const last = value[value.length - 1] as string;
  if (!rule.edge.test(first))
    return invalid(`must start with ${rule.edgeDescription}, not ${describeCharacter(first)}`);
  if (!rule.edge.test(last))
    return invalid(`must end with ${rule.edgeDescription}, not ${describeCharacter(last)}`);
  return valid;
}

const LOWER_ALPHANUMERIC = /^[a-z0-9]$/;
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

const labelRule = (maxLength: number): CharacterRule => ({
  maxLength,
  allowed: /^[a-z0-9-]$/,
  allowedDescription: 'lowercase letters, digits and "-"',
  edge: LOWER_ALPHANUMERIC,
  edgeDescription: "a lowercase letter or a digit",
  whole: DNS_LABEL,
});

/** RFC 1123 label: lowercase alphanumerics and "-", alphanumeric at both ends. */
export function checkDnsLabel(value: unknown, maxLength = 63): NameValidation {
  return checkCharacters(value, labelRule(maxLength));
}

/** RFC 1123 subdomain: dot-separated labels of at most 63 characters. */
export function checkDnsSubdomain(value: unknown, maxLength = 253): NameValidation {
  const whole = checkCharacters(value, {
    ...labelRule(maxLength),
    allowed: /^[a-z0-9.-]$/,
    allowedDescription: 'lowercase letters, digits, "-" and "."',
  });
  if (!whole.ok) return whole;
  for (const label of (value as string).split(".")) {
    if (label === "") return invalid('has an empty part between dots ("..")');
    const result = checkDnsLabel(label);
    if (!result.ok) return invalid(`part "${label}" ${result.reason}`);
  }
  return valid;
}
