// Installs the pinned external tools (Helm) after `npm ci`. Filled in by the foundation work.
