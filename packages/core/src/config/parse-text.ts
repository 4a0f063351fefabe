// Parses a configuration file or a JSON blob from an environment variable. YAML is a superset of
// JSON, so one parser serves both, and it also takes the JSON5-ish input Onyxia's mapper tolerates
// (single quotes, trailing commas in flow collections).
import { LineCounter, parseDocument } from "yaml";
import { ConfigError } from "./config-error.ts";

/** `source` names the file or variable in messages (e.g. "/etc/onyxia/config.yaml", "env REGIONS"). */
export function parseConfigText(text: string, source: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, lineCounter });
  const first = doc.errors[0];
  if (first) {
    const pos = lineCounter.linePos(first.pos[0]);
    const where = pos ? `${source}:${pos.line}:${pos.col}` : source;
    const reason = first.message.split("\n")[0] ?? first.message;
    throw new ConfigError([`${where}: invalid YAML/JSON: ${reason}`]);
  }
  return doc.toJS({ maxAliasCount: 100 });
}
