// A user's temporary S3 credentials from MinIO's STS (AssumeRoleWithWebIdentity), the way
// Onyxia's web app gets them: unsigned call, the OIDC access token as WebIdentityToken.
import { S3Client } from "@aws-sdk/client-s3";
import { AssumeRoleWithWebIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { S3_ENDPOINT, S3_REGION } from "./config.ts";

export interface TemporaryCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration?: Date;
}

export async function assumeRoleWithWebIdentity(
  token: string,
  durationSeconds = 3600,
): Promise<TemporaryCredentials> {
  const sts = new STSClient({ endpoint: S3_ENDPOINT, region: S3_REGION });
  try {
    const { Credentials } = await sts.send(
      // No RoleArn: MinIO maps policies from the token's `policy` claim.
      new AssumeRoleWithWebIdentityCommand({
        WebIdentityToken: token,
        DurationSeconds: durationSeconds,
      } as never),
    );
    if (!Credentials?.AccessKeyId || !Credentials.SecretAccessKey || !Credentials.SessionToken) {
      throw new Error("MinIO STS answered without credentials");
    }
    return {
      accessKeyId: Credentials.AccessKeyId,
      secretAccessKey: Credentials.SecretAccessKey,
      sessionToken: Credentials.SessionToken,
      expiration: Credentials.Expiration,
    };
  } finally {
    sts.destroy();
  }
}

export function s3ClientFor(credentials: TemporaryCredentials): S3Client {
  return new S3Client({
    endpoint: S3_ENDPOINT,
    region: S3_REGION,
    forcePathStyle: true,
    credentials,
  });
}
