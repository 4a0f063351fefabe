// Where the S3 feature plugs in the credentials for s3:// sources (region `data.S3`, STS
// AssumeRoleWithWebIdentity with the user's OIDC token). Until one is registered, s3:// sources
// fail with an "access-denied" error that says so.
import type { S3AccessProvider } from "./source.ts";

let provider: S3AccessProvider | undefined;

export function registerS3AccessProvider(next: S3AccessProvider | undefined): void {
  provider = next;
}

export function currentS3AccessProvider(): S3AccessProvider | undefined {
  return provider;
}
