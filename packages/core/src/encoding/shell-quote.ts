// Quoting for the commands shown in the command bar (helm, mc, vault…): one rule for all.

/** Quotes `text` as one POSIX shell word when it needs it (plain paths and names stay bare). */
export function shellQuote(text: string): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
