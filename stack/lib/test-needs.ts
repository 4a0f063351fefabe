// Which stack components a `*.stack.test.ts` file needs, so a run of some files builds and
// starts only those: the file says so in a line of its own near the top,
//
//   // @stack-components kwok
//
// (names as in `npm run stack:up -- <name>`; their dependencies come along). A file without the
// line needs the whole stack.
import fs from "node:fs";
import path from "node:path";

const MARKER = /^\/\/\s*@stack-components\b(.*)$/;
/** Only the top of a file is read: the line belongs with the file's opening comment. */
const HEAD_LINES = 30;

/** The components named by the file's marker, or undefined (the whole stack) without one. */
export function componentsOfTestFile(file: string): string[] | undefined {
  const head = fs.readFileSync(file, "utf8").split("\n", HEAD_LINES);
  for (const line of head) {
    const match = MARKER.exec(line.trim());
    if (!match) continue;
    const names = match[1]!
      .split(/[\s,]+/)
      .map((s) => s.trim())
      .filter(Boolean);
    if (names.length === 0) throw new Error(`${file}: "@stack-components" names no component`);
    return names;
  }
  return undefined;
}

/** The union over files, or undefined when one of them needs the whole stack (or none is given). */
export function componentsForTestFiles(files: string[]): string[] | undefined {
  if (files.length === 0) return undefined;
  const names = new Set<string>();
  for (const file of files) {
    const own = componentsOfTestFile(file);
    if (!own) return undefined;
    for (const name of own) names.add(name);
  }
  return [...names].sort();
}

const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git", ".stack", ".tools", "dist"]);

/** Every `*.stack.test.ts` under root (what the `stack` test project includes), sorted. */
export function findStackTestFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) walk(path.join(dir, entry.name));
      } else if (entry.name.endsWith(".stack.test.ts")) {
        found.push(path.join(dir, entry.name));
      }
    }
  };
  walk(root);
  return found.sort();
}
