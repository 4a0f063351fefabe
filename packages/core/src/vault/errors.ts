// Errors of the pure Vault rules: each names what is wrong, so a page can say it as is.

export type VaultInputProblem =
  | { kind: "empty-key" }
  | { kind: "key-starts-with-digit"; key: string }
  | { kind: "key-invalid-characters"; key: string }
  | { kind: "key-only-underscores"; key: string }
  | { kind: "duplicate-key"; key: string }
  | { kind: "bad-path"; path: string; reason: string }
  | { kind: "outside-top-dir"; path: string; topDir: string };

export class VaultInputError extends Error {
  readonly problem: VaultInputProblem;
  constructor(problem: VaultInputProblem) {
    super(describeVaultInputProblem(problem));
    this.name = "VaultInputError";
    this.problem = problem;
  }
}

export function describeVaultInputProblem(problem: VaultInputProblem): string {
  switch (problem.kind) {
    case "empty-key":
      return "A secret key cannot be empty";
    case "key-starts-with-digit":
      return `Secret key "${problem.key}" starts with a digit: it must be a valid environment variable name`;
    case "key-invalid-characters":
      return `Secret key "${problem.key}" may only contain letters, digits and "_" (an environment variable name)`;
    case "key-only-underscores":
      return `Secret key "${problem.key}" cannot be made of "_" only`;
    case "duplicate-key":
      return `Secret key "${problem.key}" appears twice`;
    case "bad-path":
      return `Invalid secret path "${problem.path}": ${problem.reason}`;
    case "outside-top-dir":
      return `Secret path "${problem.path}" is outside your directory "${problem.topDir}"`;
  }
}
