// Every launch gets S3: the context the web builds (alice's STS credentials from the stack's MinIO)
// fills the example IDE chart's S3 section; the release's values carry credentials that list
// alice's bucket and are refused carol's.
import { gunzipSync } from "node:zlib";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import {
  builtInSchemas,
  computeDefaultValues,
  createSchemaRegistry,
  createXOnyxiaContext,
  resolveSchema,
  type JSONSchema,
  type JsonValue,
} from "@onyxia-ts/core";
import type { FastifyInstance } from "fastify";
import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  S3_ENDPOINT,
  S3_REGION,
  stackS3RegionData,
} from "../../../stack/components/minio/config.ts";
import { getToken } from "../../../stack/components/oidc/index.ts";
import {
  chartArchive,
  ensurePackaged,
  examplesRepo,
  readChartFile,
} from "../../server/test/examples/example-repo.ts";
import {
  admin,
  decode,
  helmSecrets,
  runPrefix,
  stackApp,
  type Loose,
} from "../../server/test/lifecycle/stack-app.ts";
import { buildContextInput } from "../src/core/usecases/launcher/contextInput.ts";
import { loadLaunchS3 } from "../src/core/usecases/s3/launchS3.ts";
import { s3Adapter } from "../src/core/adapters/s3Client.ts";

const prefix = runPrefix("s3l");
const ns = `${prefix}default`;
const regionData = stackS3RegionData();
let app: FastifyInstance;

/** The region as the server serves it to the web (its expose domain, its services). */
async function serverRegion(): Promise<Record<string, unknown>> {
  const r = await app.inject({ method: "GET", url: "/api/public/regions" });
  expect(r.statusCode, r.body).toBe(200);
  const [region] = r.json<Record<string, unknown>[]>();
  return region!;
}

beforeAll(async () => {
  ensurePackaged();
  // The region has an expose domain as every real one: the chart's ingress host is built from it.
  app = await stackApp({
    region: { namespacePrefix: prefix, expose: { domain: "lab.stack.test" } },
  });
});

afterAll(async () => {
  await app?.close();
  await admin.remove(`/api/v1/namespaces/${ns}`);
});

describe("a launch gets alice's S3 credentials", () => {
  it("fills s3.* in the IDE chart; the release's credentials reach user-alice, not user-carol", async () => {
    const token = await getToken("alice");
    const launchS3 = await loadLaunchS3({
      regionData,
      claims: { preferred_username: "alice" },
      getAccessToken: async () => token,
      adapter: s3Adapter,
      canInjectPersonalInfos: true,
      selectedProfileName: "default",
    });
    expect(launchS3.s3?.profiles.map((p) => p.profileName)).toEqual(["default"]);
    const context = createXOnyxiaContext(
      buildContextInput({
        userInfo: { idep: "alice", email: "alice@example.org", nomComplet: "Alice A" } as never,
        project: undefined,
        region: { ...(await serverRegion()), data: regionData } as never,
        lang: "en",
        darkMode: false,
        random: Math.random,
        projectPassword: "pw",
        s3: launchS3.s3,
      }),
    );
    expect(context.s3?.AWS_S3_ENDPOINT).toBe(new URL(S3_ENDPOINT).hostname);
    expect(context.s3_array).toHaveLength(1);

    const archive = chartArchive(examplesRepo, "vscode-lite");
    const schema = JSON.parse(readChartFile(archive, "values.schema.json")) as JSONSchema;
    const registry = createSchemaRegistry({ builtIn: builtInSchemas });
    const resolved = resolveSchema(schema, { registry, roles: [] });
    const valuesYaml = parse(readChartFile(archive, "values.yaml")) as JsonValue;
    const { values } = computeDefaultValues(resolved, { context, valuesYaml });
    const s3Values = (values as Record<string, Record<string, JsonValue>>).s3!;
    expect(s3Values.accessKeyId).toBe(context.s3?.AWS_ACCESS_KEY_ID);
    expect((values as { ingress: { hostname: string } }).ingress.hostname).toMatch(
      /^user-alice-\w+\.lab\.stack\.test$/,
    );

    const version = (parse(readChartFile(archive, "Chart.yaml")) as { version: string }).version;
    const r = await app.inject({
      method: "PUT",
      url: "/api/my-lab/app",
      payload: {
        catalogId: "examples",
        packageName: "vscode-lite",
        packageVersion: version,
        friendlyName: "S3 check",
        options: values,
      },
    });
    expect(r.statusCode, r.body).toBe(200);
    const release = String(r.headers["x-onyxia-release"]);
    const secrets: Loose[] = await helmSecrets(ns, release);
    expect(secrets.length).toBeGreaterThan(0);
    // Helm's release secret: base64(gzip(JSON)), itself base64-encoded by Kubernetes.
    const stored = JSON.parse(
      gunzipSync(Buffer.from(decode(secrets[0].data.release), "base64")).toString("utf8"),
    ) as { config: { s3: Record<string, string> } };
    const fromRelease = stored.config.s3;
    expect(fromRelease.sessionToken?.length).toBeGreaterThan(20);

    const s3 = new S3Client({
      endpoint: S3_ENDPOINT,
      region: S3_REGION,
      forcePathStyle: true,
      credentials: {
        accessKeyId: fromRelease.accessKeyId!,
        secretAccessKey: fromRelease.secretAccessKey!,
        sessionToken: fromRelease.sessionToken!,
      },
    });
    try {
      const mine = await s3.send(new ListObjectsV2Command({ Bucket: "user-alice", MaxKeys: 1 }));
      expect(mine.$metadata.httpStatusCode).toBe(200);
      await expect(
        s3.send(new ListObjectsV2Command({ Bucket: "user-carol", MaxKeys: 1 })),
      ).rejects.toMatchObject({ name: "AccessDenied" });
    } finally {
      s3.destroy();
    }
  });

  it("refuses an s3= parameter naming no profile", async () => {
    const token = await getToken("alice");
    await expect(
      loadLaunchS3({
        regionData,
        claims: {},
        getAccessToken: async () => token,
        adapter: s3Adapter,
        canInjectPersonalInfos: true,
        selectedProfileName: "nope",
      }),
    ).rejects.toThrow(/S3 profile "nope" does not exist \(known profiles: "default"\)/);
  });
});
