// The launcher's default values (core computeDefaultValues with a real user context) must be
// accepted by the schema and by Helm, and land where the templates expect them.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import {
  builtInSchemas,
  computeDefaultValues,
  createSchemaRegistry,
  createXOnyxiaContext,
  resolveSchema,
  validateValues,
  type JSONSchema,
  type JsonValue,
  type XOnyxiaContext,
  type XOnyxiaContextInput,
} from "@onyxia-ts/core";
import { parse } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import {
  chartArchive,
  ensurePackaged,
  examplesRepo,
  readChartFile,
  renderManifests,
  renderNotes,
  workloads,
  type Manifest,
} from "./example-repo.ts";

beforeAll(() => ensurePackaged());

/** A fixed-sequence random source: deterministic passwords and subdomains. */
function fixedRandom(): () => number {
  let state = 0;
  return () => (state = (state * 7919 + 0.1234567) % 1);
}

const input: XOnyxiaContextInput = {
  user: {
    idep: "alice",
    firstName: "Alice",
    familyName: "Martin",
    email: "alice@example.org",
    decodedIdToken: { sub: "1234", groups: ["team-a", "team-b"] },
    accessToken: "access-token",
    ip: "192.0.2.10",
    darkMode: true,
    lang: "fr",
  },
  project: { id: "user-alice", password: "project-pass-123", vaultTopDir: "alice" },
  region: {
    services: {
      initScript: "https://example.org/init.sh",
      expose: { domain: "lab.example.org", ingressClassName: "nginx", ingress: true },
      defaultConfiguration: {
        networkPolicy: true,
        nodeSelector: { "onyxia.sh/pool": "interactive" },
        resources: {
          cpuRequest: "200m",
          cpuLimit: "4000m",
          memoryRequest: "1Gi",
          memoryLimit: "8Gi",
        },
      },
    },
  },
  s3: {
    profiles: [
      {
        profileName: "minio",
        isDefault: true,
        url: "https://minio.example.org",
        region: "eu-west-1",
        pathStyleAccess: true,
        credentials: {
          accessKeyId: "AKIAALICE",
          secretAccessKey: "alice-secret",
          sessionToken: "alice-session",
        },
      },
    ],
  },
  git: {
    name: "Alice Martin",
    email: "alice@example.org",
    credentialsCacheDuration: 3600,
    token: "ghp_alice",
  },
  random: fixedRandom(),
};

const registry = createSchemaRegistry({ builtIn: builtInSchemas });
const context: XOnyxiaContext = createXOnyxiaContext(input);
const hostname = `${context.project.id}-${context.k8s.randomSubdomain}.${context.k8s.domain}`;
const workDirectory = fs.mkdtempSync(path.join(os.tmpdir(), "onyxia-ts-defaults-"));

/** What the launcher would send: the computed defaults, as the -f values file. */
function launcherValues(
  chart: string,
  patch: (values: Record<string, JsonValue>) => void = () => {},
): string {
  const archive = chartArchive(examplesRepo, chart);
  const schema = JSON.parse(readChartFile(archive, "values.schema.json")) as JSONSchema;
  const resolved = resolveSchema(schema, { registry, roles: [] });
  const valuesYaml = parse(readChartFile(archive, "values.yaml")) as JsonValue;
  const { values } = computeDefaultValues(resolved, { context, valuesYaml });
  const validation = validateValues(resolved, values);
  expect(validation.errors).toStrictEqual([]);
  const editable = structuredClone(values) as Record<string, JsonValue>;
  patch(editable);
  const file = path.join(workDirectory, `${chart}-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(editable));
  return file;
}

function render(chart: string, valuesFile: string): Manifest[] {
  return renderManifests(
    chartArchive(examplesRepo, chart),
    `${chart}-${context.k8s.randomSubdomain}`,
    ["-f", valuesFile],
  );
}

function registryResourceDefaults(): JsonValue {
  type Slider = { default: string };
  type Side = { properties: { cpu: Slider; memory: Slider } };
  const schema = builtInSchemas["ide/resources.json"] as unknown as {
    properties: { requests: Side; limits: Side };
  };
  const side = ({ properties }: Side) => ({
    cpu: properties.cpu.default,
    memory: properties.memory.default,
  });
  return { requests: side(schema.properties.requests), limits: side(schema.properties.limits) };
}

function find(manifests: Manifest[], kind: string, name?: string): Manifest {
  const found = manifests.find(
    (m) => m.kind === kind && (name === undefined || m.metadata.name === name),
  );
  if (!found) throw new Error(`no ${kind} ${name ?? ""} rendered`);
  return found;
}

describe("vscode-lite with the launcher's defaults", () => {
  it("renders the user's hostname, one-time password, S3 credentials and region settings", () => {
    const manifests = render("vscode-lite", launcherValues("vscode-lite"));
    const ingress = find(manifests, "Ingress");
    expect(JSON.stringify(ingress.spec)).toContain(`"host":"${hostname}"`);
    expect((ingress.spec as { ingressClassName?: string }).ingressClassName).toBe("nginx");
    const secret = find(manifests, "Secret");
    // The registry's ide/password.json replaces the chart's node: one-time password, not the project one.
    expect(secret.stringData?.PASSWORD).toBe(context.service.oneTimePassword);
    expect(secret.stringData).toMatchObject({
      AWS_ACCESS_KEY_ID: "AKIAALICE",
      AWS_SECRET_ACCESS_KEY: "alice-secret",
      AWS_SESSION_TOKEN: "alice-session",
      GIT_PERSONAL_ACCESS_TOKEN: "ghp_alice",
    });
    expect(secret.metadata.labels).toMatchObject({
      "onyxia.sh/project": "user-alice",
      "onyxia.sh/user": "alice",
    });
    const statefulSet = find(manifests, "StatefulSet");
    const pod = (
      statefulSet.spec as {
        template: { spec: { nodeSelector: unknown; containers: { resources: unknown }[] } };
      }
    ).template.spec;
    expect(pod.nodeSelector).toStrictEqual({ "onyxia.sh/pool": "interactive" });
    // The registry's ide/resources.json replaces the chart's node (and its region overrides), as in Onyxia.
    expect(pod.containers[0]?.resources).toStrictEqual(registryResourceDefaults());
    expect(find(manifests, "ConfigMap").data?.["settings.json"]).toContain(
      '"workbench.colorTheme": "Default Dark Modern"',
    );
    expect(manifests.some((m) => m.kind === "NetworkPolicy")).toBe(true);
  });

  it("writes NOTES with the URL and the one-time password, in the user's language", () => {
    const notes = renderNotes(chartArchive(examplesRepo, "vscode-lite"), "vscode-lite-1", [
      "-f",
      launcherValues("vscode-lite"),
    ]);
    expect(notes).toContain(`https://${hostname}`);
    expect(/password: ?([^\n ]+)/i.exec(notes)?.[1]).toBe(context.service.oneTimePassword);
    expect(notes).toContain("disponible");
  });

  it("scales to zero when the launcher sets global.suspend", () => {
    const file = launcherValues("vscode-lite", (values) => {
      values.global = { suspend: true };
    });
    const manifests = render("vscode-lite", file);
    expect(workloads(manifests).map((w) => w.spec?.replicas)).toStrictEqual([0]);
  });
});

describe("postgres-lite and dashboard with the launcher's defaults", () => {
  it("postgres-lite uses the username and a one-time password", () => {
    const manifests = render("postgres-lite", launcherValues("postgres-lite"));
    expect(find(manifests, "Secret").stringData).toMatchObject({
      POSTGRES_USER: "alice",
      POSTGRES_PASSWORD: context.service.oneTimePassword,
    });
    expect(workloads(manifests).map((w) => w.spec?.replicas)).toStrictEqual([1]);
  });

  it("dashboard passes its defaults to the bundled database and suspends both", () => {
    const running = render("dashboard", launcherValues("dashboard"));
    const release = `dashboard-${context.k8s.randomSubdomain}`;
    expect(find(running, "Secret", `${release}-postgres-lite`).stringData?.POSTGRES_PASSWORD).toBe(
      context.service.oneTimePassword,
    );
    expect(find(running, "Secret", release).stringData?.MB_DB_PASS).toBe(
      context.service.oneTimePassword,
    );
    expect(JSON.stringify(find(running, "Ingress").spec)).toContain(`"host":"${hostname}"`);
    const suspended = render(
      "dashboard",
      launcherValues("dashboard", (values) => {
        values.global = { suspend: true };
      }),
    );
    expect(workloads(suspended).map((w) => w.spec?.replicas)).toStrictEqual([0, 0]);
  });
});
