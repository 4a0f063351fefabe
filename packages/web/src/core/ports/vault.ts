// The Vault port: what the application needs from a secrets store (KV v2 semantics), so use cases
// are tested against an in-memory fake and the browser uses the HTTP adapter (httpVault.ts).
// Paths are engine paths ("user-alice/db"), without the engine name.

export type SecretData = Record<string, unknown>;

export interface SecretVersion {
  data: SecretData;
  /** KV v2 version of what was read: the check-and-set token of the next write. */
  version: number;
  /** RFC 3339, when this version was written. */
  createdTime: string;
}

export interface SecretMetadata {
  currentVersion: number;
  updatedTime: string;
}

export interface VaultToken {
  token: string;
  /** ms since the epoch */
  acquiredAt: number;
  expiresAt: number;
}

export interface VaultPort {
  /** Folders (without the trailing "/") and secrets of a folder; an absent folder is empty. */
  list(path: string): Promise<{ directories: string[]; files: string[] }>;
  /** The current version; undefined when there is none. */
  get(path: string): Promise<SecretVersion | undefined>;
  /**
   * Writes a new version. `cas` is check-and-set: 0 = only if the secret does not exist, n = only
   * if the current version is n; a mismatch is a VaultError "cas-conflict".
   */
  put(path: string, data: SecretData, options?: { cas?: number }): Promise<{ version: number }>;
  /** Removes the secret and all its versions (KV v2 metadata delete). */
  delete(path: string): Promise<void>;
  metadata(path: string): Promise<SecretMetadata | undefined>;
  /** The current Vault token (logs in or renews when needed). */
  getToken(options?: { forceRenew?: boolean }): Promise<VaultToken>;
}

export type VaultErrorKind =
  /** The server could not be reached (network, CORS, DNS). */
  | "unreachable"
  /** The server answered but is not serving (sealed, standby, 5xx). */
  | "unavailable"
  /** The JWT login was refused (role, audience, expired OIDC token). */
  | "login-refused"
  /** The path is outside the user's policies. */
  | "forbidden"
  /** Check-and-set failed: someone else wrote a newer version. */
  | "cas-conflict"
  /** A request Vault refused as malformed. */
  | "bad-request";

export class VaultError extends Error {
  readonly kind: VaultErrorKind;
  readonly status: number | undefined;
  /** The engine path concerned, when there is one (never a value). */
  readonly path: string | undefined;
  constructor(
    kind: VaultErrorKind,
    message: string,
    options: { status?: number; path?: string } = {},
  ) {
    super(message);
    this.name = "VaultError";
    this.kind = kind;
    this.status = options.status;
    this.path = options.path;
  }
}

export function isVaultError(error: unknown, kind?: VaultErrorKind): error is VaultError {
  return error instanceof VaultError && (kind === undefined || error.kind === kind);
}
