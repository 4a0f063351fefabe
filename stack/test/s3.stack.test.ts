// MinIO with OpenID STS: a user's OIDC access token becomes temporary S3 credentials limited
// to `user-<username>` and `projet-<group>` buckets; forged tokens get nothing.
// @stack-components minio
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import minio from "../components/minio/index.ts";
import { S3_ENDPOINT } from "../components/minio/config.ts";
import { assumeRoleWithWebIdentity, s3ClientFor } from "../components/minio/sts.ts";
import { getToken } from "../components/oidc/index.ts";
import { forgeToken } from "../components/oidc/forge.ts";
import { createContext } from "../lib/context.ts";

const ctx = createContext();
const runId = `smoke-${Date.now()}`;

async function errorName(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "no error";
  } catch (error) {
    return (error as { name?: string; Code?: string }).Code ?? (error as Error).name;
  }
}

async function roundTrip(s3: S3Client, bucket: string): Promise<string[]> {
  const key = `${runId}/hello.txt`;
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: `hello ${bucket}` }));
  const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  expect(await object.Body!.transformToString()).toBe(`hello ${bucket}`);
  const listing = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: `${runId}/` }));
  return (listing.Contents ?? []).map((o) => o.Key!);
}

describe("S3 (MinIO) with OIDC STS", () => {
  let alice: S3Client;
  let carol: S3Client;
  let aliceToken: string;

  beforeAll(async () => {
    expect(await minio.healthy(ctx)).toBe(true);
    aliceToken = await getToken("alice");
    alice = s3ClientFor(await assumeRoleWithWebIdentity(aliceToken));
    carol = s3ClientFor(await assumeRoleWithWebIdentity(await getToken("carol")));
  });
  afterAll(() => {
    alice?.destroy();
    carol?.destroy();
  });

  it("gives alice temporary credentials that expire", async () => {
    const credentials = await assumeRoleWithWebIdentity(aliceToken, 900);
    expect(credentials.sessionToken.length).toBeGreaterThan(20);
    expect(credentials.expiration!.getTime()).toBeGreaterThan(Date.now());
    expect(credentials.expiration!.getTime()).toBeLessThanOrEqual(Date.now() + 3600_000);
  });

  it("lets alice put, get and list in her own bucket", async () => {
    expect(await roundTrip(alice, "user-alice")).toEqual([`${runId}/hello.txt`]);
  });

  it("lets alice use both of her groups' buckets (several groups in one token)", async () => {
    expect(await roundTrip(alice, "projet-team-a")).toEqual([`${runId}/hello.txt`]);
    expect(await roundTrip(alice, "projet-admins")).toEqual([`${runId}/hello.txt`]);
  });

  it("refuses alice in bob's bucket", async () => {
    expect(await errorName(alice.send(new ListObjectsV2Command({ Bucket: "user-bob" })))).toBe(
      "AccessDenied",
    );
    expect(
      await errorName(
        alice.send(new PutObjectCommand({ Bucket: "user-bob", Key: "x", Body: "x" })),
      ),
    ).toBe("AccessDenied");
  });

  it("refuses carol, who has no group, in projet-team-a but not in her own bucket", async () => {
    expect(await errorName(carol.send(new ListObjectsV2Command({ Bucket: "projet-team-a" })))).toBe(
      "AccessDenied",
    );
    expect(
      await errorName(
        carol.send(new GetObjectCommand({ Bucket: "projet-team-a", Key: `${runId}/hello.txt` })),
      ),
    ).toBe("AccessDenied");
    expect(await roundTrip(carol, "user-carol")).toEqual([`${runId}/hello.txt`]);
  });

  it("refuses STS credentials for a token signed by another key", async () => {
    const forged = await forgeToken("alice", decodeProtectedHeader(aliceToken).kid!);
    await expect(assumeRoleWithWebIdentity(forged)).rejects.toThrow();
  });

  it("refuses a real token issued to another client (MinIO checks azp/aud against its client id)", async () => {
    await expect(
      assumeRoleWithWebIdentity(await getToken("alice", { clientId: "onyxia-minio" })),
    ).rejects.toThrow(/azp|aud/);
  });

  it("answers CORS preflights from the web app's origins only", async () => {
    const preflight = (origin: string) =>
      fetch(`${S3_ENDPOINT}/user-alice/x`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "PUT",
          "access-control-request-headers": "authorization,x-amz-date",
        },
      });
    const allowed = await preflight("http://localhost:5173");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("http://localhost:5173");
    const other = await preflight("http://evil.example");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
