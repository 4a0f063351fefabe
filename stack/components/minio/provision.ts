// Idempotent setup with the root credentials: policies (admin API) and the test buckets.
// MinIO's admin API is not S3, so no SDK client covers it: its requests are signed with the SDK's
// own SigV4 signer (@smithy/signature-v4), the one every AWS SDK v3 client uses.
import { BucketAlreadyOwnedByYou, CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import { TEST_GROUPS, TEST_USERS } from "../oidc/users.ts";
import { MINIO_ROOT_PASSWORD, MINIO_ROOT_USER, S3_ENDPOINT, S3_REGION } from "./config.ts";
import { groupPolicy, groupPolicyName, USER_POLICY_NAME, userPolicy } from "./policies.ts";
import { Hash } from "@smithy/hash-node";
import { SignatureV4 } from "@smithy/signature-v4";
import type { HttpRequest } from "@smithy/types";

const rootCredentials = { accessKeyId: MINIO_ROOT_USER, secretAccessKey: MINIO_ROOT_PASSWORD };

export function rootS3Client(): S3Client {
  return new S3Client({
    endpoint: S3_ENDPOINT,
    region: S3_REGION,
    forcePathStyle: true,
    credentials: rootCredentials,
  });
}

const adminSigner = new SignatureV4({
  credentials: rootCredentials,
  region: S3_REGION,
  service: "s3",
  sha256: Hash.bind(null, "sha256"),
});

async function putPolicy(name: string, document: unknown): Promise<void> {
  const url = new URL(S3_ENDPOINT);
  const body = JSON.stringify(document);
  const request: HttpRequest = {
    method: "PUT",
    protocol: url.protocol,
    hostname: url.hostname,
    port: Number(url.port),
    path: "/minio/admin/v3/add-canned-policy",
    query: { name },
    headers: { host: url.host, "content-type": "application/json" },
    body,
  };
  const signed = await adminSigner.sign(request);
  const target = new URL(`${S3_ENDPOINT}${signed.path}`);
  target.searchParams.set("name", name);
  const response = await fetch(target, {
    method: "PUT",
    headers: signed.headers,
    body,
  });
  if (!response.ok)
    throw new Error(`MinIO refused policy ${name}: ${response.status} ${await response.text()}`);
}

async function ensureBucket(s3: S3Client, bucket: string): Promise<void> {
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (!(error instanceof BucketAlreadyOwnedByYou)) throw error;
  }
}

/** Returns the buckets it ensured. */
export async function provisionMinio(): Promise<string[]> {
  await putPolicy(USER_POLICY_NAME, userPolicy());
  for (const group of TEST_GROUPS) await putPolicy(groupPolicyName(group), groupPolicy(group));
  const buckets = [
    ...TEST_USERS.map((user) => `user-${user.username}`),
    ...TEST_GROUPS.map((group) => `projet-${group}`),
  ];
  const s3 = rootS3Client();
  try {
    for (const bucket of buckets) await ensureBucket(s3, bucket);
  } finally {
    s3.destroy();
  }
  return buckets;
}
