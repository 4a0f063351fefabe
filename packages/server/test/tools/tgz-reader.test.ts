// The install scripts read npm tarballs with their own small tar reader (no `tar` command, no
// dependency needed before `npm ci` finishes); archives written by tar-stream check its formats.
import { buffer } from "node:stream/consumers";
import { gunzipSync, gzipSync } from "node:zlib";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { extractFileFromTgz, readTarEntries } from "../../../../scripts/lib/tgz.mjs";

async function makeTgz(
  entries: { name: string; content?: string; type?: "file" | "directory" }[],
): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) {
    if (entry.type === "directory") archive.entry({ name: entry.name, type: "directory" });
    else archive.entry({ name: entry.name }, entry.content ?? "");
  }
  archive.finalize();
  return gzipSync(await buffer(archive));
}

describe("scripts/lib/tgz.mjs", () => {
  const longDirectory = `package/${"deep/".repeat(30)}`;
  const unicodeName = `package/${"é".repeat(120)}.txt`;

  it("reads short names, ustar prefixes and pax long names", async () => {
    const tgz = await makeTgz([
      { name: "package/", type: "directory" },
      { name: "package/lib/layer.zip", content: "zip bytes" },
      { name: `${longDirectory}file.txt`, content: "deep" },
      { name: unicodeName, content: "unicode" },
      { name: "package/empty.txt", content: "" },
    ]);
    expect(extractFileFromTgz(tgz, "package/lib/layer.zip")?.toString()).toBe("zip bytes");
    expect(extractFileFromTgz(tgz, `${longDirectory}file.txt`)?.toString()).toBe("deep");
    expect(extractFileFromTgz(tgz, unicodeName)?.toString()).toBe("unicode");
    expect(extractFileFromTgz(tgz, "package/empty.txt")?.length).toBe(0);
    expect(extractFileFromTgz(tgz, "package/missing")).toBeUndefined();
  });

  it("lists every entry once, directories included", async () => {
    const tgz = await makeTgz([
      { name: "a/", type: "directory" },
      { name: "a/b.txt", content: "x".repeat(1500) },
    ]);
    const entries = [...readTarEntries(gunzipSync(tgz))].map((e) => [
      e.name,
      e.type,
      e.content.length,
    ]);
    expect(entries).toStrictEqual([
      ["a/", "5", 0],
      ["a/b.txt", "0", 1500],
    ]);
  });
});
