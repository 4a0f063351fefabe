// Public/private prefixes through the bucket policy, with the statement ids Onyxia uses, so a
// bucket shared by both apps stays consistent. Other statements are left untouched.

export const PUBLIC_GET_OBJECT_SID = "OnyxiaMakePrefixPublicGetObject";
export const PUBLIC_LIST_BUCKET_SID = "OnyxiaMakePrefixPublicListBucket";

export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Principal?: unknown;
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
  [other: string]: unknown;
}

export interface BucketPolicy {
  Version: string;
  Statement: PolicyStatement[];
  [other: string]: unknown;
}

const list = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

const objectArn = (bucket: string, prefix: string) => `arn:aws:s3:::${bucket}/${prefix}*`;

/** Parses a policy document (S3's GetBucketPolicy text); an absent policy is an empty one. */
export function parseBucketPolicy(text: string | undefined): BucketPolicy {
  if (text === undefined || text.trim() === "") return { Version: "2012-10-17", Statement: [] };
  const parsed = JSON.parse(text) as Partial<BucketPolicy>;
  const statements = parsed.Statement;
  return {
    ...parsed,
    Version: parsed.Version ?? "2012-10-17",
    Statement: Array.isArray(statements) ? statements : statements ? [statements] : [],
  };
}

/** The public prefixes Onyxia's statements grant (e.g. "data/" for `bucket/data/*`). */
export function publicPrefixes(policy: BucketPolicy, bucket: string): string[] {
  const head = `arn:aws:s3:::${bucket}/`;
  return policy.Statement.filter((s) => s.Sid === PUBLIC_GET_OBJECT_SID && s.Effect === "Allow")
    .flatMap((s) => list(s.Resource))
    .filter((r) => r.startsWith(head) && r.endsWith("*"))
    .map((r) => r.slice(head.length, -1));
}

/** Whether `key` (object or prefix) is readable anonymously through Onyxia's statements. */
export function isPublic(policy: BucketPolicy, bucket: string, key: string): boolean {
  return publicPrefixes(policy, bucket).some((p) => key.startsWith(p));
}

/** Returns a new policy where `prefix` (ending in "/", or "" for the whole bucket) is public. */
export function makePrefixPublic(
  policy: BucketPolicy,
  bucket: string,
  prefix: string,
): BucketPolicy {
  const resource = objectArn(bucket, prefix);
  const others = policy.Statement.filter(
    (s) => s.Sid !== PUBLIC_GET_OBJECT_SID && s.Sid !== PUBLIC_LIST_BUCKET_SID,
  );
  const get = policy.Statement.find((s) => s.Sid === PUBLIC_GET_OBJECT_SID);
  const listing = policy.Statement.find((s) => s.Sid === PUBLIC_LIST_BUCKET_SID);
  const resources = [...new Set([...list(get?.Resource), resource])].sort();
  const prefixes = [
    ...new Set([...list(listing?.Condition?.StringLike?.["s3:prefix"]), `${prefix}*`]),
  ].sort();
  return {
    ...policy,
    Statement: [
      ...others,
      {
        Sid: PUBLIC_GET_OBJECT_SID,
        Effect: "Allow",
        Principal: { AWS: ["*"] },
        Action: ["s3:GetObject"],
        Resource: resources,
      },
      {
        Sid: PUBLIC_LIST_BUCKET_SID,
        Effect: "Allow",
        Principal: { AWS: ["*"] },
        Action: ["s3:ListBucket"],
        Resource: [`arn:aws:s3:::${bucket}`],
        Condition: { StringLike: { "s3:prefix": prefixes } },
      },
    ],
  };
}

/**
 * Returns a new policy where `prefix` is no longer public through Onyxia's statements; statements
 * left empty are removed. `undefined` means "no statement left": delete the bucket policy.
 */
export function makePrefixPrivate(
  policy: BucketPolicy,
  bucket: string,
  prefix: string,
): BucketPolicy | undefined {
  const resource = objectArn(bucket, prefix);
  const statements: PolicyStatement[] = [];
  for (const s of policy.Statement) {
    if (s.Sid === PUBLIC_GET_OBJECT_SID) {
      const kept = list(s.Resource).filter((r) => r !== resource);
      if (kept.length > 0) statements.push({ ...s, Resource: kept });
    } else if (s.Sid === PUBLIC_LIST_BUCKET_SID) {
      const kept = list(s.Condition?.StringLike?.["s3:prefix"]).filter((p) => p !== `${prefix}*`);
      if (kept.length > 0)
        statements.push({
          ...s,
          Condition: {
            ...s.Condition,
            StringLike: { ...s.Condition?.StringLike, "s3:prefix": kept },
          },
        });
    } else statements.push(s);
  }
  return statements.length === 0 ? undefined : { ...policy, Statement: statements };
}
