// The command bar's source: the helm/kubectl commands equivalent to what the user just did, as
// the API reports them (the adapter reads them from each answer and hands them to `log`).
export interface LoggedCommand {
  id: number;
  at: number;
  /** The API call that produced it, e.g. "PUT /my-lab/app". */
  call: string;
  commands: string[];
}

export interface CommandLog {
  /** Adds an entry; an identical repeat of the latest one (a poll) only refreshes its time. */
  log(call: string, commands: readonly string[], at?: number): void;
  entries(): readonly LoggedCommand[];
  subscribe(listener: () => void): () => void;
  clear(): void;
}

export function createCommandLog(maxEntries = 50): CommandLog {
  let entries: LoggedCommand[] = [];
  let nextId = 1;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  return {
    log(call, commands, at = Date.now()) {
      if (commands.length === 0) return;
      const last = entries[entries.length - 1];
      if (last && last.call === call && last.commands.join("\n") === commands.join("\n")) {
        entries = [...entries.slice(0, -1), { ...last, at }];
      } else {
        entries = [...entries, { id: nextId++, at, call, commands: [...commands] }].slice(
          -maxEntries,
        );
      }
      notify();
    },
    entries: () => entries,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear() {
      entries = [];
      notify();
    },
  };
}
