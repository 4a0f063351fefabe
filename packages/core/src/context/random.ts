// Random strings for the context. The random source is injected: core stays deterministic in tests.
const BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz";

function randomBase36(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += BASE36[Math.floor(random() * 36) % 36];
  return out;
}

/** Two blocks of 10 base36 characters, like Onyxia's one-time service password. */
export function generateOneTimePassword(random: () => number): string {
  return randomBase36(random, 10) + randomBase36(random, 10);
}

/** Always 6 digits (no leading zero), so release names and hostnames have a stable length. */
export function generateRandomSubdomain(random: () => number): string {
  return String(100000 + (Math.floor(random() * 900000) % 900000));
}
