import { describe, expect, it } from "vitest";
import { Readable } from "node:stream";
import { readChartArchive } from "../../src/catalogs/chart-archive.ts";
import { buildChartTgz } from "./fixtures.ts";

describe("readChartArchive", () => {
  it("keeps values.yaml and values.schema.json byte for byte, multi-byte characters across chunks included", async () => {
    // Larger than gunzip's 64 KiB output chunks, with 2-, 3- and 4-byte characters at every offset
    // modulo 4, so some of them are cut between two chunks.
    const line = (i: number) => `k${i}: "é€😀${"x".repeat(i % 4)}"\n`;
    const valuesYaml = Array.from({ length: 12_000 }, (_, i) => line(i)).join("");
    const properties = Object.fromEntries(
      Array.from({ length: 3_000 }, (_, i) => [
        `p${i}`,
        { type: "string", title: `Größe 😀 ${i}` },
      ]),
    );
    const schemaText = JSON.stringify({ type: "object", properties });
    expect(Buffer.byteLength(valuesYaml)).toBeGreaterThan(3 * 64 * 1024);
    expect(Buffer.byteLength(schemaText)).toBeGreaterThan(2 * 64 * 1024);

    const archive = await buildChartTgz("big", {
      "Chart.yaml": "apiVersion: v2\nname: big\nversion: 1.0.0\n",
      "values.yaml": valuesYaml,
      "values.schema.json": schemaText,
    });
    const files = await readChartArchive(Readable.from([archive]));

    expect(files.valuesYaml).toBe(valuesYaml);
    expect(files.valuesSchema).toEqual(JSON.parse(schemaText));
  });
});
