// Ready-to-paste init snippets for a profile (reference §7.3 "profile details"). Secrets are
// masked unless `reveal` is set, so the page can show them without leaking them on screen.
import { shellQuote } from "../encoding/shell-quote.ts";

export interface SnippetProfile {
  profileName: string;
  /** Endpoint URL, e.g. "https://minio.example.com" or "http://127.0.0.1:39000". */
  url: string;
  region: string;
  pathStyleAccess: boolean;
  credentials?: {
    accessKeyId: string;
    secretAccessKey: string;
    sessionToken?: string;
    expiration?: Date;
  };
}

export const MASK = "••••••••";

export type SnippetLanguage =
  "mc" | "awscli" | "python-boto3" | "python-s3fs" | "r-aws.s3" | "r-arrow";

export const SNIPPET_LANGUAGES: readonly SnippetLanguage[] = [
  "mc",
  "awscli",
  "python-boto3",
  "python-s3fs",
  "r-aws.s3",
  "r-arrow",
];

export interface EnvVar {
  name: string;
  value: string;
  secret: boolean;
}

function endpointParts(url: string): { scheme: string; host: string } {
  const match = /^(https?):\/\/([^/]+)/i.exec(url);
  return match
    ? { scheme: match[1]!.toLowerCase(), host: match[2]! }
    : { scheme: "https", host: url };
}

/** The environment variables a service gets (names as in Onyxia's charts). */
export function profileEnvVars(profile: SnippetProfile, reveal = false): EnvVar[] {
  const { host } = endpointParts(profile.url);
  const c = profile.credentials;
  const secret = (v: string | undefined) => (v === undefined ? "" : reveal ? v : MASK);
  const vars: EnvVar[] = [];
  if (c) {
    vars.push({ name: "AWS_ACCESS_KEY_ID", value: c.accessKeyId, secret: false });
    vars.push({ name: "AWS_SECRET_ACCESS_KEY", value: secret(c.secretAccessKey), secret: true });
    if (c.sessionToken !== undefined)
      vars.push({ name: "AWS_SESSION_TOKEN", value: secret(c.sessionToken), secret: true });
  }
  vars.push({ name: "AWS_DEFAULT_REGION", value: profile.region, secret: false });
  vars.push({ name: "AWS_S3_ENDPOINT", value: host, secret: false });
  return vars;
}

const py = (s: string) => JSON.stringify(s);

/** The snippet for `language`; secrets masked unless `reveal`. */
export function initSnippet(
  profile: SnippetProfile,
  language: SnippetLanguage,
  reveal = false,
): string {
  const { scheme, host } = endpointParts(profile.url);
  const c = profile.credentials;
  const ak = c?.accessKeyId ?? "";
  const sk = c ? (reveal ? c.secretAccessKey : MASK) : "";
  const token = c?.sessionToken !== undefined ? (reveal ? c.sessionToken : MASK) : undefined;
  const expiry = c?.expiration ? ` (expires ${c.expiration.toISOString()})` : "";
  switch (language) {
    case "mc":
      if (!c) return `# Anonymous access\nmc alias set s3 ${profile.url} "" ""`;
      if (token === undefined) return `mc alias set s3 ${profile.url} ${ak} ${shellQuote(sk)}`;
      return [
        `# Temporary credentials${expiry}: mc alias set takes no session token, use MC_HOST_<alias>`,
        `export MC_HOST_s3='${scheme}://${ak}:${sk}:${token}@${host}'`,
        `mc ls s3`,
      ].join("\n");
    case "awscli":
      return [
        ...(c
          ? [
              `export AWS_ACCESS_KEY_ID=${ak}`,
              `export AWS_SECRET_ACCESS_KEY='${sk}'`,
              ...(token !== undefined ? [`export AWS_SESSION_TOKEN='${token}'`] : []),
            ]
          : []),
        `export AWS_DEFAULT_REGION=${profile.region}`,
        `export AWS_ENDPOINT_URL_S3=${profile.url}`,
        ...(profile.pathStyleAccess ? ["aws configure set default.s3.addressing_style path"] : []),
        `aws s3 ls${c ? "" : " --no-sign-request"}`,
      ].join("\n");
    case "python-boto3":
      return [
        "import boto3",
        ...(profile.pathStyleAccess ? ["from botocore.config import Config"] : []),
        "",
        "s3 = boto3.client(",
        `    "s3",`,
        `    endpoint_url=${py(profile.url)},`,
        ...(c
          ? [
              `    aws_access_key_id=${py(ak)},`,
              `    aws_secret_access_key=${py(sk)},`,
              ...(token !== undefined ? [`    aws_session_token=${py(token)},`] : []),
            ]
          : []),
        `    region_name=${py(profile.region)},`,
        ...(profile.pathStyleAccess ? [`    config=Config(s3={"addressing_style": "path"}),`] : []),
        ")",
        "print(s3.list_buckets())",
      ].join("\n");
    case "python-s3fs":
      return [
        "import s3fs",
        "",
        "fs = s3fs.S3FileSystem(",
        `    client_kwargs={"endpoint_url": ${py(profile.url)}, "region_name": ${py(profile.region)}},`,
        ...(c
          ? [
              `    key=${py(ak)},`,
              `    secret=${py(sk)},`,
              ...(token !== undefined ? [`    token=${py(token)},`] : []),
            ]
          : ["    anon=True,"]),
        ")",
      ].join("\n");
    case "r-aws.s3":
      return [
        "Sys.setenv(",
        ...(c
          ? [
              `  "AWS_ACCESS_KEY_ID" = ${py(ak)},`,
              `  "AWS_SECRET_ACCESS_KEY" = ${py(sk)},`,
              ...(token !== undefined ? [`  "AWS_SESSION_TOKEN" = ${py(token)},`] : []),
            ]
          : []),
        `  "AWS_DEFAULT_REGION" = ${py(profile.region)},`,
        `  "AWS_S3_ENDPOINT" = ${py(host)}`,
        ")",
        "library(aws.s3)",
        `aws.s3::bucketlist(region = "", use_https = ${scheme === "https" ? "TRUE" : "FALSE"})`,
      ].join("\n");
    case "r-arrow":
      return [
        "library(arrow)",
        "fs <- S3FileSystem$create(",
        ...(c
          ? [
              `  access_key = ${py(ak)},`,
              `  secret_key = ${py(sk)},`,
              ...(token !== undefined ? [`  session_token = ${py(token)},`] : []),
            ]
          : ["  anonymous = TRUE,"]),
        `  endpoint_override = ${py(host)},`,
        `  scheme = ${py(scheme)},`,
        `  region = ${py(profile.region)}`,
        ")",
      ].join("\n");
  }
}
