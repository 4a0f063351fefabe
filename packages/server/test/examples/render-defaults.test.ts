import { beforeAll, describe, expect, it } from "vitest";
import {
  chartArchive,
  ensurePackaged,
  examplesRepo,
  renderManifests,
  renderNotes,
  workloads,
  type Manifest,
} from "./example-repo.ts";

beforeAll(() => ensurePackaged());

function podTemplateLabels(workload: Manifest): Record<string, string> {
  const template = workload.spec?.template as { metadata: { labels: Record<string, string> } };
  return template.metadata.labels;
}

describe.each(["vscode-lite", "postgres-lite", "dashboard"])(
  "%s rendered with its values.yaml defaults",
  (name) => {
    const release = `${name}-123456`;

    it("renders running workloads labelled with the release name", () => {
      const manifests = renderManifests(chartArchive(examplesRepo, name), release);
      const found = workloads(manifests);
      expect(found.length).toBeGreaterThan(0);
      for (const workload of found) {
        expect(workload.spec?.replicas).toBeGreaterThanOrEqual(1);
        expect(podTemplateLabels(workload)["app.kubernetes.io/instance"]).toBe(release);
      }
    });

    it("scales every workload to 0 and drops Ingresses with global.suspend=true", () => {
      const manifests = renderManifests(chartArchive(examplesRepo, name), release, [
        "--set",
        "global.suspend=true",
      ]);
      const found = workloads(manifests);
      expect(found.length).toBeGreaterThan(0);
      for (const workload of found) expect(workload.spec?.replicas).toBe(0);
      expect(manifests.filter((m) => m.kind === "Ingress")).toStrictEqual([]);
    });
  },
);

describe("rendered details", () => {
  it("vscode-lite: StatefulSet, Service, Ingress, PVC and the password Secret", () => {
    const manifests = renderManifests(
      chartArchive(examplesRepo, "vscode-lite"),
      "vscode-lite-123456",
    );
    expect(manifests.map((m) => m.kind).sort()).toStrictEqual([
      "ConfigMap",
      "Ingress",
      "PersistentVolumeClaim",
      "Secret",
      "Service",
      "StatefulSet",
    ]);
    const secret = manifests.find((m) => m.kind === "Secret");
    expect(secret?.stringData?.PASSWORD).toBe("changeme");
    const ingress = manifests.find((m) => m.kind === "Ingress");
    expect(JSON.stringify(ingress?.spec)).toContain('"host":"chart-example.local"');
  });

  it("dashboard: both the Deployment and the bundled database, or only the Deployment", () => {
    const archive = chartArchive(examplesRepo, "dashboard");
    const withDatabase = renderManifests(archive, "dash-1");
    expect(
      workloads(withDatabase)
        .map((w) => `${w.kind}/${w.metadata.name}`)
        .sort(),
    ).toStrictEqual(["Deployment/dash-1", "StatefulSet/dash-1-postgres-lite"]);
    const external = renderManifests(archive, "dash-1", [
      "--set",
      "postgres-lite.enabled=false",
      "--set",
      "externalDatabase.host=db.example.org",
    ]);
    expect(workloads(external).map((w) => w.kind)).toStrictEqual(["Deployment"]);
    expect(external.find((m) => m.kind === "Secret")?.stringData?.MB_DB_HOST).toBe(
      "db.example.org",
    );
  });
});

describe("NOTES", () => {
  it("vscode-lite gives the URL and the password, in English or French", () => {
    const archive = chartArchive(examplesRepo, "vscode-lite");
    const english = renderNotes(archive, "vscode-lite-1", [
      "--set",
      "security.password=s3cret-pw",
      "--set",
      "ingress.hostname=ide.lab.example.org",
    ]);
    expect(english).toContain("https://ide.lab.example.org");
    expect(english).toMatch(/^Password: s3cret-pw$/m);
    const french = renderNotes(archive, "vscode-lite-1", ["--set", "userPreferences.language=fr"]);
    expect(french).toContain("https://chart-example.local");
    expect(french).toContain("Mot de passe, password: changeme");
    // Onyxia's web finds the password with /password: ?([^\n ]+)/i in both languages.
    expect(/password: ?([^\n ]+)/i.exec(french)?.[1]).toBe("changeme");
  });

  it("vscode-lite says when the service is suspended", () => {
    const notes = renderNotes(chartArchive(examplesRepo, "vscode-lite"), "vscode-lite-1", [
      "--set",
      "global.suspend=true",
    ]);
    expect(notes).toContain("is suspended");
  });

  it("postgres-lite gives the connection URL and the password", () => {
    const notes = renderNotes(chartArchive(examplesRepo, "postgres-lite"), "pg-1", [
      "--set",
      "auth.password=pw-42",
    ]);
    expect(notes).toContain(
      "postgresql://onyxia@pg-1-postgres-lite.user-alice.svc.cluster.local:5432/defaultdb",
    );
    expect(notes).toMatch(/^Password: pw-42$/m);
  });

  it("dashboard gives its URL", () => {
    const notes = renderNotes(chartArchive(examplesRepo, "dashboard"), "dash-1", [
      "--set",
      "ingress.hostname=dash.lab.example.org",
    ]);
    expect(notes).toContain("https://dash.lab.example.org");
  });
});
