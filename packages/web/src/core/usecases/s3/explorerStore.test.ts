import { describe, expect, it } from "vitest";
import { createExplorer } from "./explorerStore.ts";
import { createFakeS3, put } from "./fakeS3.ts";
import type { UploadItem } from "./uploadQueue.ts";

const B = "user-alice";

function setup() {
  const s3 = createFakeS3([B]);
  const log: string[] = [];
  const explorer = createExplorer({ s3, log: (c) => log.push(c) });
  const settled = () =>
    new Promise<void>((resolve) => {
      if (!explorer.getSnapshot().loading) return resolve();
      const off = explorer.subscribe(() => {
        if (!explorer.getSnapshot().loading) {
          off();
          resolve();
        }
      });
    });
  return { s3, log, explorer, settled };
}

const items = (paths: string[]): UploadItem[] =>
  paths.map((p) => ({ relativePath: p, file: new Blob([`content of ${p}`]) }));

describe("explorer store", () => {
  it("lists folders then files, leaves out the folder marker, and logs mc ls", async () => {
    const { s3, log, explorer, settled } = setup();
    put(s3, B, "data/a.csv");
    put(s3, B, "data/.keep");
    put(s3, B, "data/sub/b.csv");
    explorer.open(B, "data");
    expect(explorer.getSnapshot().loading).toBe(true);
    await settled();
    const state = explorer.getSnapshot();
    expect(state.prefix).toBe("data/");
    expect(state.entries.map((e) => [e.name, e.isFolder])).toEqual([
      ["sub/", true],
      ["a.csv", false],
    ]);
    expect(log).toEqual([`mc ls s3/${B}/data/`]);
  });

  it("keeps a missing bucket as the state's error, and creates it on demand", async () => {
    const { s3, log, explorer, settled } = setup();
    explorer.open("user-new", "");
    await settled();
    expect(explorer.getSnapshot().error).toMatchObject({ kind: "noSuchBucket" });
    s3.createBucket = async (name) => void s3.buckets.set(name, new Map());
    await explorer.createBucket();
    await settled();
    expect(explorer.getSnapshot().error).toBeUndefined();
    expect(log).toContain("mc mb s3/user-new");
  });

  it("plans an upload with the existing keys, then uploads only the new ones unless told to overwrite", async () => {
    const { s3, log, explorer, settled } = setup();
    put(s3, B, "in/x/1.txt", "old");
    explorer.open(B, "in/");
    await settled();
    const plan = await explorer.planUpload(items(["x/1.txt", "x/y/2.txt", "3.txt"]));
    expect(plan.existing).toEqual(["in/x/1.txt"]);
    await explorer.upload(plan, { overwrite: false });
    await settled();
    const stored = s3.buckets.get(B)!;
    expect(new TextDecoder().decode(stored.get("in/x/1.txt"))).toBe("old");
    expect(stored.has("in/x/y/2.txt")).toBe(true);
    expect(explorer.getSnapshot().entries.map((e) => e.name)).toEqual(["x/", "3.txt"]);
    expect(log).toContain(`mc cp --recursive ./x s3/${B}/in/`);
    expect(log).toContain(`mc cp ./3.txt s3/${B}/in/3.txt`);
  });

  it("counts a folder's objects before deleting them, then deletes them all", async () => {
    const { s3, explorer, settled } = setup();
    for (let i = 0; i < 7; i++) put(s3, B, `d/f${i}`);
    put(s3, B, "d/sub/g");
    put(s3, B, "keep.txt");
    explorer.open(B, "");
    await settled();
    const selection = { keys: [], prefixes: ["d/"] };
    expect(await explorer.countObjects(selection)).toBe(8);
    const result = await explorer.remove(selection);
    expect(result).toEqual({ deleted: 8, failed: [] });
    expect([...s3.buckets.get(B)!.keys()]).toEqual(["keep.txt"]);
  });

  it("moves relative to the current folder and refuses a bad target name", async () => {
    const { s3, explorer, settled } = setup();
    put(s3, B, "p/a.txt");
    explorer.open(B, "p/");
    await settled();
    await expect(explorer.move("p/a.txt", "archive/b.txt")).resolves.toEqual({ moved: 1 });
    expect([...s3.buckets.get(B)!.keys()]).toEqual(["p/archive/b.txt"]);
    await expect(explorer.move("p/archive/b.txt", "bad\u0000name")).rejects.toMatchObject({
      kind: "invalidName",
    });
  });

  it("previews the first rows of a CSV through a range read, and logs it", async () => {
    const { s3, log, explorer, settled } = setup();
    const rows = ["id,name", ...Array.from({ length: 30_000 }, (_, i) => `${i},n${i}`)].join("\n");
    put(s3, B, "t.csv", rows);
    explorer.open(B, "");
    await settled();
    const entry = explorer.getSnapshot().entries.find((e) => e.key === "t.csv")!;
    const preview = await explorer.preview(entry);
    expect(preview).toMatchObject({ kind: "csv", truncated: true });
    if (preview.kind !== "csv") throw new Error("not a csv preview");
    expect(preview.rows[0]).toEqual(["id", "name"]);
    expect(preview.rows).toHaveLength(21);
    expect(log).toContain(`mc head s3/${B}/t.csv`);
  });

  it("logs mc cp for a download and gives a pre-signed URL", async () => {
    const { s3, log, explorer, settled } = setup();
    put(s3, B, "r/report.pdf");
    explorer.open(B, "r/");
    await settled();
    const url = await explorer.downloadUrl("r/report.pdf");
    expect(url).toContain("report.pdf");
    expect(log).toContain(`mc cp s3/${B}/r/report.pdf ./report.pdf`);
  });
});
