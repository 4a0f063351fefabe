// Orders of text that do not need ICU. `localeCompare` and `Intl.Collator` load ICU's collation
// data into the process (≈ 2.2 MiB of the node binary's pages stay resident once touched), which
// an idle server serving only ASCII names and messages has no use for.

/** Code-unit order: deterministic, the same in every locale, enough for names and ids. */
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

let natural: Intl.Collator | undefined;
/**
 * Human order for what people read in a table ("ns-2" before "ns-10", case ignored), from a
 * collator made on first use, so a server that never sorts such a table never loads it.
 */
export function naturalOrder(a: string, b: string): number {
  natural ??= new Intl.Collator("en", { numeric: true, sensitivity: "base" });
  return natural.compare(a, b);
}
