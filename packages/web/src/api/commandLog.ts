// The command bar's source: the helm/kubectl commands equivalent to what the user just did, as
// the API reports them (`commands` in the body, or the Onyxia-Commands / x-onyxia-commands header).
export interface LoggedCommand {
  id: number;
  at: number;
  /** The API call that produced it, e.g. "PUT /my-lab/app". */
  call: string;
  commands: string[];
}

const MAX_ENTRIES = 50;
let entries: LoggedCommand[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

/** Adds an entry; an identical repeat of the latest one (a poll) only refreshes its time. */
export function logCommands(call: string, commands: readonly string[], at = Date.now()): void {
  if (commands.length === 0) return;
  const last = entries[entries.length - 1];
  if (last && last.call === call && last.commands.join("\n") === commands.join("\n")) {
    entries = [...entries.slice(0, -1), { ...last, at }];
  } else {
    entries = [...entries, { id: nextId++, at, call, commands: [...commands] }].slice(-MAX_ENTRIES);
  }
  for (const listener of listeners) listener();
}

export function commandLogEntries(): readonly LoggedCommand[] {
  return entries;
}

export function subscribeCommandLog(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function clearCommandLog(): void {
  entries = [];
  for (const listener of listeners) listener();
}

/** Reads the commands of one API answer: the JSON header first, then a `commands` body field. */
export function commandsOfAnswer(
  headers: { get(name: string): string | null },
  body: unknown,
): string[] {
  for (const name of ["onyxia-commands", "x-onyxia-commands"]) {
    const raw = headers.get(name);
    if (raw) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (Array.isArray(parsed)) return parsed.filter((c): c is string => typeof c === "string");
      } catch {
        /* a malformed header is ignored: the call itself succeeded */
      }
    }
  }
  const fromBody =
    body && typeof body === "object" ? (body as { commands?: unknown }).commands : undefined;
  return Array.isArray(fromBody) ? fromBody.filter((c): c is string => typeof c === "string") : [];
}
