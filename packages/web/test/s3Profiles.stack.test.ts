// User-created S3 profiles in the stack's Vault, as Onyxia keeps them: alice saves a profile in
// a team-a project's `.onyxia/s3Profiles` through the web's store (her Vault token, JWT login);
// the raw KV v2 secret is Onyxia's `{ valueAsJson }`; bob, a member, reads it back and the profile
// works against the stack's MinIO; carol, not a member, is refused. Every path is below a
// run-specific project home, removed at the end.
// @stack-components openbao minio
import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { S3_ENDPOINT, S3_REGION } from "../../../stack/components/minio/config.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  JWT_MOUNT,
  KV_MOUNT,
  USER_ROLE,
  VAULT_ADDR,
} from "../../../stack/components/openbao/config.ts";
import { s3Adapter } from "../src/core/adapters/s3Client.ts";
import { createHttpVault } from "../src/core/adapters/vault/httpVault.ts";
import { MemoryStorage } from "../src/core/adapters/vault/localVault.ts";
import type { VaultPort } from "../src/core/ports/vault.ts";
import { listAll } from "../src/core/usecases/s3/explorerActions.ts";
import { openProfileSession, regionS3Profiles } from "../src/core/usecases/s3/profiles.ts";
import { toUserProfile } from "../src/core/usecases/s3/s3UseCase.ts";
import { vaultS3Profiles } from "../src/core/usecases/s3/userProfilesStorage.ts";
import { createUserS3Store } from "../src/core/usecases/s3/userStore.ts";
import { collectSecrets } from "../src/core/usecases/secrets/secretsExplorer.ts";
import { memoryBookmarks } from "../src/core/usecases/s3/fakeS3.ts";

const run = `s3-profiles-${randomBytes(3).toString("hex")}`;
/** A group project's home below team-a's (the stack's policies give its members projet-team-a/*). */
const topDir = `projet-team-a/${run}`;

const vaultFor = (user: string): VaultPort =>
  createHttpVault({
    url: VAULT_ADDR,
    kvEngine: KV_MOUNT,
    role: USER_ROLE,
    authPath: JWT_MOUNT,
    getAccessToken: () => getToken(user),
    userKey: user,
    storage: new MemoryStorage(),
  });

const storeOf = (vault: VaultPort) =>
  createUserS3Store({
    bookmarks: memoryBookmarks(),
    profiles: vaultS3Profiles(vault, topDir, () => "team-password"),
  });

const alice = vaultFor("alice");

afterAll(async () => {
  for (const p of await collectSecrets({ vault: alice, topDir }, topDir).catch(() => []))
    await alice.delete(p);
});

/** Alice's STS credentials from the stack's MinIO: what she saves as a profile's static keys. */
async function aliceStsCredentials() {
  const token = await getToken("alice");
  const { profiles } = regionS3Profiles(
    {
      S3: {
        URL: S3_ENDPOINT,
        region: S3_REGION,
        sts: { role: { profileName: "default", roleARN: "", roleSessionName: "onyxia" } },
      },
    },
    { preferred_username: "alice" },
  );
  const { client } = openProfileSession(profiles[0]!, {
    getAccessToken: async () => token,
    adapter: s3Adapter,
  });
  return (await client.currentCredentials())!;
}

describe("user S3 profiles in the stack's Vault", () => {
  it("alice saves a profile in team-a's .onyxia; Vault holds Onyxia's format", async () => {
    const credentials = await aliceStsCredentials();
    const store = storeOf(alice);
    await store.ready();
    expect(store.getSnapshot()).toMatchObject({ profilesStatus: "ready", profiles: [] });
    await store.saveProfile({
      profileName: "alice-keys",
      url: S3_ENDPOINT,
      region: S3_REGION,
      pathStyleAccess: true,
      credentials: {
        accessKeyId: credentials.accessKeyId,
        secretAccessKey: credentials.secretAccessKey,
        ...(credentials.sessionToken ? { sessionToken: credentials.sessionToken } : {}),
      },
    });
    // The raw KV v2 read Onyxia's web makes.
    const { token } = await alice.getToken();
    const response = await fetch(`${VAULT_ADDR}/v1/${KV_MOUNT}/data/${topDir}/.onyxia/s3Profiles`, {
      headers: { "x-vault-token": token },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data: { data: Record<string, string> } };
    expect(Object.keys(body.data.data)).toEqual(["valueAsJson"]);
    const [stored] = JSON.parse(body.data.data["valueAsJson"]!) as Record<string, unknown>[];
    expect(Object.keys(stored!)).toEqual([
      "profileName",
      "creationTime",
      "url",
      "region",
      "pathStyleAccess",
      "credentials",
    ]);
    expect(stored).toMatchObject({
      profileName: "alice-keys",
      url: S3_ENDPOINT,
      pathStyleAccess: true,
      credentials: { accessKeyId: credentials.accessKeyId },
    });
  }, 60_000);

  it("bob, in team-a, reads it back and the profile lists alice's bucket on MinIO", async () => {
    const store = storeOf(vaultFor("bob"));
    await store.ready();
    const [stored] = store.getSnapshot().profiles;
    expect(stored?.profileName).toBe("alice-keys");
    const { client } = openProfileSession(toUserProfile(stored!), {
      getAccessToken: () => getToken("bob"),
      adapter: s3Adapter,
    });
    // Alice's keys, saved in the profile, open her bucket (an AccessDenied would reject).
    await expect(
      listAll({ s3: client }, "user-alice", "", { recursive: false, log: false }),
    ).resolves.toMatchObject({ objects: expect.any(Array) as unknown });
  }, 60_000);

  it("carol, not in team-a, is refused: the store says the profiles could not be read", async () => {
    const store = storeOf(vaultFor("carol"));
    await store.ready();
    expect(store.getSnapshot().profilesStatus).toBe("error");
    expect(store.getSnapshot().profilesError).toMatch(/is not allowed by your Vault policies/);
    expect(store.getSnapshot().profiles).toEqual([]);
  }, 60_000);
});
