// `.stack/env`: shell `export` lines, so `source .stack/env` gives a shell the stack's settings.
import fs from "node:fs";
import type { StackContext } from "./component.ts";
import { envFile } from "./context.ts";

const quote = (value: string) => `'${value.replaceAll("'", `'\\''`)}'`;

export function writeEnvFile(ctx: StackContext, env: Record<string, string>): void {
  const lines = Object.entries(env).map(([name, value]) => `export ${name}=${quote(value)}`);
  fs.mkdirSync(ctx.stateDir, { recursive: true });
  fs.writeFileSync(envFile(ctx), `# Written by \`npm run stack:up\`.\n${lines.join("\n")}\n`);
}

/** Reads back what writeEnvFile wrote ({} when the stack was never started). */
export function readEnvFile(ctx: StackContext): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(envFile(ctx), "utf8");
  } catch {
    return {};
  }
  const env: Record<string, string> = {};
  for (const match of text.matchAll(/^export (\w+)='((?:[^']|'\\'')*)'$/gm)) {
    env[match[1]!] = match[2]!.replaceAll(`'\\''`, "'");
  }
  return env;
}
