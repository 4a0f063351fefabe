// The TCP connections this process holds to a port (established), read from /proc: what a test or
// bench asserts about a client's connection pooling, independently of the client's own counts.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

export function connectionsTo(port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // closed meanwhile
    }
  }
  let count = 0;
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"])
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10) continue;
      const remotePort = parseInt(cols[2]!.split(":")[1]!, 16);
      if (remotePort === port && cols[3] === "01" && inodes.has(cols[9]!)) count++;
    }
  return count;
}
