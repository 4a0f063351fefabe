// The stack's test identities and OIDC clients. Other components read the groups from here
// to create the matching buckets and policies.

export interface TestUser {
  username: string;
  /** Stable subject, shaped like Keycloak's UUID subjects. */
  sub: string;
  password: string;
  email: string;
  name: string;
  groups: string[];
  roles: string[];
}

export const TEST_USERS: readonly TestUser[] = [
  {
    username: "alice",
    sub: "0a11ce00-0000-4000-8000-000000000001",
    password: "alice-password",
    email: "alice@example.test",
    name: "Alice Martin",
    groups: ["team-a", "admins"],
    roles: ["admin"],
  },
  {
    username: "bob",
    sub: "0b0b0000-0000-4000-8000-000000000002",
    password: "bob-password",
    email: "bob@example.test",
    name: "Bob Durand",
    groups: ["team-a"],
    roles: [],
  },
  {
    username: "carol",
    sub: "0ca20100-0000-4000-8000-000000000003",
    password: "carol-password",
    email: "carol@example.test",
    name: "Carol Petit",
    groups: [],
    roles: [],
  },
];

export const findUserByName = (username: string) =>
  TEST_USERS.find((user) => user.username === username);
export const findUserBySub = (sub: string) => TEST_USERS.find((user) => user.sub === sub);

/** Every group some test user belongs to (buckets `projet-<group>` are created for these). */
export const TEST_GROUPS: readonly string[] = [
  ...new Set(TEST_USERS.flatMap((user) => user.groups)),
].sort();

/**
 * Public clients (authorization code + PKCE). `onyxia` is the web app's; the others exist so
 * a deployment can use a separate client per service, as Onyxia's `oidcConfiguration` allows.
 * Access tokens carry `aud` = the client id.
 */
export const PUBLIC_CLIENT_IDS = ["onyxia", "onyxia-minio", "onyxia-vault", "kubernetes"] as const;
export const DEFAULT_CLIENT_ID = "onyxia";

/** Redirect URI prefixes accepted for every public client (any path below them). */
export const REDIRECT_URI_PREFIXES = [
  "http://127.0.0.1:8080/",
  "http://localhost:8080/",
  "http://localhost:5173/",
  "http://127.0.0.1:5173/",
];

/** The redirect URI the headless login (getToken) uses; never actually served. */
export const HEADLESS_REDIRECT_URI = "http://127.0.0.1:8080/oidc-callback";

/** MinIO policies a user gets through the `policy` claim (see stack/components/minio/policies.ts). */
export function minioPoliciesFor(user: TestUser): string[] {
  return ["onyxia-user", ...user.groups.map((group) => `projet-${group}`)];
}

/** The claims put in both ID tokens and access tokens. */
export function claimsFor(user: TestUser): Record<string, unknown> {
  return {
    sub: user.sub,
    preferred_username: user.username,
    email: user.email,
    email_verified: true,
    name: user.name,
    groups: user.groups,
    roles: user.roles,
    policy: minioPoliciesFor(user),
  };
}
