// MinIO policies given through the `policy` claim. The user policy uses `${jwt:preferred_username}`.
// Groups get one policy each: MinIO substitutes only the FIRST value of a multi-valued claim in a
// resource (minio/pkg policy/resource.go), so `projet-${jwt:groups}` would miss every other group.
type PolicyDocument = { Version: string; Statement: Array<Record<string, unknown>> };

const bucketAccess = (bucket: string) => ({
  Effect: "Allow",
  Action: ["s3:*"],
  Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
});

export const USER_POLICY_NAME = "onyxia-user";

export function userPolicy(): PolicyDocument {
  return { Version: "2012-10-17", Statement: [bucketAccess("user-${jwt:preferred_username}")] };
}

export const groupPolicyName = (group: string) => `projet-${group}`;

export function groupPolicy(group: string): PolicyDocument {
  return { Version: "2012-10-17", Statement: [bucketAccess(`projet-${group}`)] };
}
