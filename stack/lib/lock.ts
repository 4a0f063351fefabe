// A lock file holding the owner's pid, for work two processes must not do at once (building
// the same binaries, starting the same components). A lock whose owner died is taken over.
import fs from "node:fs";
import path from "node:path";
import { isAlive } from "./processes.ts";
import { sleep } from "./time.ts";

export async function withFileLock<T>(
  lockFile: string,
  onWait: (holderPid: number) => void,
  work: () => Promise<T>,
): Promise<T> {
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      break;
    } catch {
      let holder = 0;
      try {
        holder = Number(fs.readFileSync(lockFile, "utf8"));
      } catch {
        continue; // released between our two calls
      }
      if (!holder || !isAlive(holder) || holder === process.pid) {
        fs.rmSync(lockFile, { force: true });
        continue;
      }
      if (!announced) onWait(holder);
      announced = true;
      await sleep(1_000);
    }
  }
  try {
    return await work();
  } finally {
    fs.rmSync(lockFile, { force: true });
  }
}
