// The runner against the pinned helm, client-side only (helm template needs no cluster).
import { chmodSync, existsSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createHelmClient, createHelmSlots, HelmError, runHelm } from "../../src/helm/index.ts";
import { repoRoot } from "../../src/config/paths.ts";

const examples = path.join(repoRoot, "catalogs/examples/repo");
const testCharts = path.join(repoRoot, "catalogs/test-charts/repo");
const helm = createHelmClient();

describe("helm runner", () => {
  it("renders an example chart with the values from the file", async () => {
    const source = {
      kind: "archive" as const,
      path: path.join(examples, "postgres-lite-1.2.0.tgz"),
      chart: "postgres-lite",
      version: "1.2.0",
    };
    const { manifest } = await helm.template(
      { release: "pg-123456", namespace: "user-alice" },
      source,
      { persistence: { size: "3Gi" } },
    );
    expect(manifest).toContain("kind: StatefulSet");
    expect(manifest).toContain(`storage: "3Gi"`);
  });

  it("turns a render failure into a message naming the chart and helm's reason", async () => {
    const source = {
      kind: "archive" as const,
      path: path.join(testCharts, "broken-render-0.1.0.tgz"),
      chart: "broken-render",
      version: "0.1.0",
    };
    const error = await helm
      .template({ release: "b-1", namespace: "n" }, source, {})
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmError);
    expect((error as Error).message).toMatch(
      /^chart broken-render 0\.1\.0 failed to render: .*this chart always fails to render/,
    );
  });

  it("keeps helm's detail lines but never the secret values it echoes", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-helm-"));
    const fake = path.join(dir, "helm");
    // A stand-in helm that fails and prints its values file under the error line.
    writeFileSync(
      fake,
      '#!/bin/sh\necho "Error: INSTALLATION FAILED: 1 error occurred:" >&2\nfor a in "$@"; do [ -f "$a" ] && sed "s/^/\t* /" "$a" >&2; done\nexit 1\n',
    );
    chmodSync(fake, 0o755);
    const client = createHelmClient({ helmBin: fake });
    const source = { kind: "archive" as const, path: "/x.tgz", chart: "x", version: "1.0.0" };
    const error = await client
      .template({ release: "x-1", namespace: "n" }, source, {
        s3: { secretAccessKey: "s3cr3t-of-alice", sessionToken: "session-of-alice" },
        replicas: 2,
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HelmError);
    const message = (error as HelmError).message;
    expect(message).toMatch(/INSTALLATION FAILED: 1 error occurred: \* s3: .*replicas: 2/);
    expect(message).not.toMatch(/s3cr3t-of-alice|session-of-alice/);
  });

  it("removes the values file and its temp home afterwards, and writes it 0600", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-helm-"));
    const fake = path.join(dir, "helm");
    // A stand-in binary that reports the mode of the file it was given.
    writeFileSync(fake, '#!/bin/sh\nstat -c %a "$2"\necho "$HELM_CACHE_HOME"\n');
    chmodSync(fake, 0o755);
    const before = readdirSync(tmpdir()).filter((f) => f.startsWith("onyxia-helm-")).length;
    const r = await runHelm(["x", "{values}"], {
      helmBin: fake,
      valuesYaml: "a: 1\n",
      what: "test",
    });
    const [mode, cache] = r.stdout.trim().split("\n");
    expect(mode).toBe("600");
    expect(existsSync(path.dirname(cache!))).toBe(false);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith("onyxia-helm-")).length).toBe(before);
  });

  it("gives every helm call of a client the same private discovery cache, not a cold one each", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-helm-"));
    const fake = path.join(dir, "helm");
    // A stand-in binary that reports its Kubernetes cache folder and its home, as JSON.
    writeFileSync(fake, `#!/bin/sh\nprintf '{"cache":"%s","home":"%s"}' "$KUBECACHEDIR" "$HOME"\n`);
    chmodSync(fake, 0o755);
    const client = createHelmClient({ helmBin: fake });
    const target = { release: "r-1", namespace: "n", identity: {} };
    const [a, b] = (await Promise.all([client.values(target), client.values(target)])) as {
      cache: string;
      home: string;
    }[];
    expect(a!.cache).toMatch(/onyxia-kube-cache-/);
    expect(b!.cache).toBe(a!.cache);
    expect(a!.home).not.toBe(b!.home); // each call keeps its own home
    expect(statSync(a!.cache).mode & 0o777).toBe(0o700);
  });

  it("kills helm after the timeout", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "fake-helm-"));
    const fake = path.join(dir, "helm");
    writeFileSync(fake, "#!/bin/sh\nexec sleep 30\n");
    chmodSync(fake, 0o755);
    const started = Date.now();
    const error = await runHelm(["x"], { helmBin: fake, timeoutMs: 300, what: "slow" }).catch(
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect((error as HelmError).timedOut).toBe(true);
    expect((error as Error).message).toBe("slow: helm did not finish within 300 ms");
  });

  it("never runs more helm processes at once than its slots allow", async () => {
    const slots = createHelmSlots(3);
    const dir = mkdtempSync(path.join(tmpdir(), "fake-helm-"));
    const fake = path.join(dir, "helm");
    // Each process registers itself in a folder, reports how many are registered, then leaves.
    writeFileSync(
      fake,
      `#!/bin/sh\nmkdir ${dir}/running-$$\nls -d ${dir}/running-* | wc -l\nsleep 0.2\nrmdir ${dir}/running-$$\n`,
    );
    chmodSync(fake, 0o755);
    const results = await Promise.all(
      Array.from({ length: slots.size * 2 + 1 }, () =>
        runHelm([], { helmBin: fake, what: "load", slots }),
      ),
    );
    const seen = results.map((r) => Number(r.stdout.trim()));
    expect(Math.max(...seen)).toBeLessThanOrEqual(slots.size);
    expect(Math.max(...seen)).toBeGreaterThan(1);
  });
});
