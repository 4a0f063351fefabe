/** The countdown shows for the last minute (or the whole lifetime when it is shorter). */
export const WARNING_SECONDS = 60;

export function idleSecondsLeft(
  lastActivity: number,
  now: number,
  lifetimeSeconds: number,
): number {
  return Math.max(0, Math.ceil(lifetimeSeconds - (now - lastActivity) / 1000));
}
