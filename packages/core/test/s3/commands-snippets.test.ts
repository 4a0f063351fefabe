import { describe, expect, it } from "vitest";
import {
  initSnippet,
  MASK,
  mcCommand,
  profileEnvVars,
  SNIPPET_LANGUAGES,
} from "../../src/s3/index.ts";
import { shellQuote } from "../../src/encoding/index.ts";

describe("mc commands", () => {
  it("gives one command per action", () => {
    expect(mcCommand({ kind: "list", bucket: "user-alice", prefix: "data/" })).toBe(
      "mc ls s3/user-alice/data/",
    );
    expect(
      mcCommand({ kind: "uploadFolder", bucket: "b", prefix: "in/", localPath: "./photos" }),
    ).toBe("mc cp --recursive ./photos s3/b/in/");
    expect(mcCommand({ kind: "deletePrefix", bucket: "b", prefix: "old/" })).toBe(
      "mc rm --recursive --force s3/b/old/",
    );
    expect(mcCommand({ kind: "share", bucket: "b", key: "f.csv", duration: "7d" })).toBe(
      "mc share download --expire 168h s3/b/f.csv",
    );
    expect(mcCommand({ kind: "makePublic", bucket: "b", prefix: "p/" })).toBe(
      "mc anonymous set download s3/b/p/",
    );
    expect(mcCommand({ kind: "makePrivate", bucket: "b", prefix: "p/" })).toBe(
      "mc anonymous set none s3/b/p/",
    );
    expect(mcCommand({ kind: "move", bucket: "b", from: "a/", to: "c/", recursive: true })).toBe(
      "mc mv --recursive s3/b/a/ s3/b/c/",
    );
    expect(mcCommand({ kind: "createBucket", bucket: "b" })).toBe("mc mb s3/b");
  });

  it("quotes names a shell would split or expand", () => {
    expect(mcCommand({ kind: "deleteObject", bucket: "b", key: "it's $HOME.txt" })).toBe(
      `mc rm 's3/b/it'\\''s $HOME.txt'`,
    );
    expect(shellQuote("plain-name.csv")).toBe("plain-name.csv");
  });
});

describe("init snippets", () => {
  const profile = {
    profileName: "default",
    url: "http://127.0.0.1:39000",
    region: "us-east-1",
    pathStyleAccess: true,
    credentials: {
      accessKeyId: "AKIDEXAMPLE",
      secretAccessKey: "s3cr3t-value",
      sessionToken: "t0ken-value",
    },
  };

  it.each(SNIPPET_LANGUAGES)("%s masks the secret and the token unless revealed", (language) => {
    const masked = initSnippet(profile, language);
    expect(masked).not.toContain("s3cr3t-value");
    expect(masked).not.toContain("t0ken-value");
    expect(masked).toContain(MASK);
    expect(masked).toContain("AKIDEXAMPLE");
    const revealed = initSnippet(profile, language, true);
    expect(revealed).toContain("s3cr3t-value");
    expect(revealed).toContain("t0ken-value");
  });

  it("uses MC_HOST for temporary credentials and mc alias set for static keys", () => {
    expect(initSnippet(profile, "mc", true)).toContain(
      "export MC_HOST_s3='http://AKIDEXAMPLE:s3cr3t-value:t0ken-value@127.0.0.1:39000'",
    );
    const staticKeys = { ...profile, credentials: { accessKeyId: "AK", secretAccessKey: "SK" } };
    expect(initSnippet(staticKeys, "mc", true)).toBe(
      "mc alias set s3 http://127.0.0.1:39000 AK SK",
    );
  });

  it("R and env vars use the host only for AWS_S3_ENDPOINT", () => {
    expect(initSnippet(profile, "r-aws.s3")).toContain('"AWS_S3_ENDPOINT" = "127.0.0.1:39000"');
    expect(initSnippet(profile, "r-aws.s3")).toContain("use_https = FALSE");
    expect(profileEnvVars(profile).map((v) => `${v.name}=${v.value}`)).toEqual([
      "AWS_ACCESS_KEY_ID=AKIDEXAMPLE",
      `AWS_SECRET_ACCESS_KEY=${MASK}`,
      `AWS_SESSION_TOKEN=${MASK}`,
      "AWS_DEFAULT_REGION=us-east-1",
      "AWS_S3_ENDPOINT=127.0.0.1:39000",
    ]);
  });

  it("anonymous profiles get no credentials", () => {
    const anonymous = { ...profile, credentials: undefined };
    expect(initSnippet(anonymous, "python-s3fs")).toContain("anon=True");
    expect(initSnippet(anonymous, "awscli")).toContain("--no-sign-request");
  });
});
