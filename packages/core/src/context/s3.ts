// Turns S3 profiles into the `s3` / `s3_array` parts of the context.
import type { S3ProfileForContext } from "./input.ts";
import type { XOnyxiaS3 } from "./types.ts";

const DEFAULT_S3_REGION = "us-east-1";

// A regex rather than URL: core is compiled without DOM or Node typings.
const ENDPOINT = /^(https?):\/\/(?:[^@/]*@)?(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?(?:[/?#].*)?$/i;

function parseEndpoint(profileName: string, url: string): { host: string; port: number } {
  const match = ENDPOINT.exec(url.trim());
  if (match === null || match[2] === undefined) {
    throw new Error(
      `S3 profile "${profileName}": endpoint URL "${url}" is not a valid http(s) URL`,
    );
  }
  const defaultPort = match[1]?.toLowerCase() === "http" ? 80 : 443;
  return { host: match[2], port: match[3] === undefined ? defaultPort : Number(match[3]) };
}

export function toXOnyxiaS3(profile: S3ProfileForContext): XOnyxiaS3 {
  const { host, port } = parseEndpoint(profile.profileName, profile.url);
  return {
    profileName: profile.profileName,
    AWS_ACCESS_KEY_ID: profile.credentials?.accessKeyId,
    AWS_SECRET_ACCESS_KEY: profile.credentials?.secretAccessKey,
    AWS_SESSION_TOKEN: profile.credentials?.sessionToken,
    AWS_DEFAULT_REGION: profile.region ?? DEFAULT_S3_REGION,
    AWS_S3_ENDPOINT: host,
    port,
    pathStyleAccess: profile.pathStyleAccess,
    isAnonymous: profile.credentials === undefined,
  };
}

/** The default profile first, the others in their given order. */
export function sortS3Profiles(profiles: S3ProfileForContext[]): S3ProfileForContext[] {
  return [
    ...profiles.filter((p) => p.isDefault === true),
    ...profiles.filter((p) => p.isDefault !== true),
  ];
}

export function selectS3Profile(
  profiles: S3ProfileForContext[],
  selectedProfileName: string | undefined,
): S3ProfileForContext | undefined {
  if (selectedProfileName === undefined) return sortS3Profiles(profiles)[0];
  const found = profiles.find((p) => p.profileName === selectedProfileName);
  if (found === undefined) {
    const known = profiles.map((p) => `"${p.profileName}"`).join(", ") || "none";
    throw new Error(
      `S3 profile "${selectedProfileName}" does not exist (known profiles: ${known})`,
    );
  }
  return found;
}
