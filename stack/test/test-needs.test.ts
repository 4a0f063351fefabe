// What each stack test file says it needs (`// @stack-components …`), read without a stack:
// a typo in a file's line fails here in seconds, not after a stack build.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createContext, REPO_ROOT } from "../lib/context.ts";
import { orderedComponents, withDependencies } from "../lib/orchestrator.ts";
import {
  componentsForTestFiles,
  componentsOfTestFile,
  findStackTestFiles,
} from "../lib/test-needs.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "test-needs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
};

describe("@stack-components lines", () => {
  it("reads the names, separated by spaces or commas, from the file's top", () => {
    const file = write(
      "a.stack.test.ts",
      "// What this tests.\n// @stack-components minio, openbao kwok\nimport x from 'y';\n",
    );
    expect(componentsOfTestFile(file)).toEqual(["minio", "openbao", "kwok"]);
  });

  it("means the whole stack when a file has no line, or has it too far down", () => {
    expect(componentsOfTestFile(write("none.stack.test.ts", "// nothing\n"))).toBeUndefined();
    const late = `${"// filler\n".repeat(40)}// @stack-components kwok\n`;
    expect(componentsOfTestFile(write("late.stack.test.ts", late))).toBeUndefined();
  });

  it("refuses a line that names nothing", () => {
    expect(() =>
      componentsOfTestFile(write("empty.stack.test.ts", "// @stack-components\n")),
    ).toThrow(/names no component/);
  });

  it("takes the union over files, and the whole stack as soon as one file needs it", () => {
    const kwok = write("k.stack.test.ts", "// @stack-components kwok\n");
    const s3 = write("s.stack.test.ts", "// @stack-components minio\n");
    const all = write("all.stack.test.ts", "// no line\n");
    expect(componentsForTestFiles([s3, kwok, s3])).toEqual(["kwok", "minio"]);
    expect(componentsForTestFiles([kwok, all])).toBeUndefined();
    expect(componentsForTestFiles([])).toBeUndefined();
  });

  it("finds stack test files, not those in node_modules or .stack", () => {
    write("tree/pkg/test/x.stack.test.ts", "");
    write("tree/pkg/test/x.test.ts", "");
    write("tree/node_modules/dep/y.stack.test.ts", "");
    write("tree/.stack/z.stack.test.ts", "");
    expect(findStackTestFiles(path.join(dir, "tree"))).toEqual([
      path.join(dir, "tree/pkg/test/x.stack.test.ts"),
    ]);
  });
});

describe("the repository's stack test files", () => {
  it("each name components the stack has, and need less than the whole stack when they say so", async () => {
    const files = findStackTestFiles(REPO_ROOT);
    expect(files.length).toBeGreaterThan(0);
    const all = await orderedComponents(createContext({ log: () => {} }));
    for (const file of files) {
      const only = componentsOfTestFile(file);
      if (!only) continue;
      // withDependencies throws on an unknown name.
      const needed = withDependencies(all, only).map((c) => c.name);
      expect(needed, path.relative(REPO_ROOT, file)).toEqual(expect.arrayContaining(only));
    }
    const s3 = files.find((f) => f.endsWith("stack/test/s3.stack.test.ts"));
    expect(
      s3 && withDependencies(all, componentsOfTestFile(s3) ?? []).map((c) => c.name),
    ).not.toContain("kube-apiserver");
  });
});
