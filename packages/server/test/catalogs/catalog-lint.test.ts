import { afterEach, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { withCatalogDefaults } from "@onyxia-ts/core";
import { createCatalogRuntime, type CatalogRuntime } from "../../src/catalogs/index.ts";
import { indexYaml, writeFolderRepo, type FixtureVersion } from "./fixtures.ts";

let runtime: CatalogRuntime | undefined;
afterEach(async () => {
  await runtime?.stop();
  runtime = undefined;
});

// One error (an integer slider) and one warning (a context reference that never resolves).
const badSchema = JSON.stringify({
  type: "object",
  properties: {
    replicas: { type: "integer", default: 1, sliderMin: 1, sliderMax: 3, sliderStep: 1 },
    bucket: { type: "string", "x-onyxia": { overwriteDefaultWith: "s3.AWS_BUCKET_NAME" } },
  },
});
const bad = (version: string): FixtureVersion => ({
  name: "bad",
  version,
  files: {
    "Chart.yaml": `apiVersion: v2\nname: bad\nversion: ${version}\n`,
    "values.schema.json": badSchema,
  },
});

function recordingLogger() {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    logger: {
      info: (m: string) => infos.push(m),
      warn: (m: string) => warnings.push(m),
      error() {},
    },
  };
}

describe("catalog lint at load", () => {
  it("logs each finding once per chart version, naming catalog, chart, version and pointer, and counts them in the health", async () => {
    const versions = [bad("1.0.0"), bad("1.1.0"), { name: "good", version: "0.1.0" }];
    const dir = await writeFolderRepo(versions);
    const { warnings, infos, logger } = recordingLogger();
    runtime = createCatalogRuntime(
      [withCatalogDefaults({ id: "local", location: dir, multipleServicesMode: "all" })],
      { logger },
    );
    await runtime.start();
    expect(runtime.health()[0]?.lint).toEqual({ errors: 2, warnings: 2, chartVersions: 2 });
    expect(warnings.sort()).toEqual([
      expect.stringMatching(
        /^catalog "local": chart bad 1\.0\.0: lint error at \/properties\/replicas: replicas: a slider must be of type "string" or "number", not "integer"/,
      ),
      expect.stringMatching(
        /^catalog "local": chart bad 1\.0\.0: lint warning at \/properties\/bucket\/x-onyxia\/overwriteDefaultWith: .*"AWS_BUCKET_NAME" under "s3"/,
      ),
      expect.stringMatching(
        /^catalog "local": chart bad 1\.1\.0: lint error at \/properties\/replicas: /,
      ),
      expect.stringMatching(
        /^catalog "local": chart bad 1\.1\.0: lint warning at \/properties\/bucket\//,
      ),
    ]);
    expect(infos.filter((m) => m.includes("linted 3 chart versions"))).toHaveLength(1);

    // A refresh of an unchanged index, then of a changed index whose archives are the same:
    // nothing is linted or logged again, and the counts stay.
    await runtime.refresh();
    writeFileSync(path.join(dir, "index.yaml"), indexYaml(versions) + "# touched\n");
    await runtime.refresh();
    expect(warnings).toHaveLength(4);
    expect(infos.filter((m) => m.includes("linted"))).toHaveLength(1);
    expect(runtime.health()[0]?.lint).toEqual({ errors: 2, warnings: 2, chartVersions: 2 });
  });

  it("keeps no lint summary for a catalog that never loaded", async () => {
    runtime = createCatalogRuntime([
      withCatalogDefaults({ id: "missing", location: "/nonexistent/catalog" }),
    ]);
    await runtime.start();
    expect(runtime.health()[0]).not.toHaveProperty("lint");
  });
});
