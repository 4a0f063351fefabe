// npm run stack:up [-- component…] | stack:build [-- component…] | stack:down [-- --wipe] | stack:token -- [--static] <user>
// (`--static`: the apiserver's static token for alice/bob/carol/stack-admin instead of an OIDC one)
import { createContext } from "./lib/context.ts";
import { build, down, status, up } from "./lib/orchestrator.ts";
import { tokenOf } from "./components/kubernetes/index.ts";
import { issueToken } from "./lib/token.ts";

const USAGE =
  "usage: node --import tsx stack/cli.ts up [component…] | build [component…] | down [--wipe] [component…] | status | token [--static] <user>";

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const ctx = createContext();
  switch (command) {
    case "up":
      // Idempotent: running components are only health-checked.
      await up(ctx, { only: rest.filter((arg) => !arg.startsWith("--")) });
      return 0;
    case "build":
      // Only the binaries (all of them at once), e.g. to warm the cache ahead of a test run.
      await build(ctx, { only: rest.filter((arg) => !arg.startsWith("--")) });
      return 0;
    case "down":
      await down(ctx, {
        wipe: rest.includes("--wipe"),
        only: rest.filter((arg) => !arg.startsWith("--")),
      });
      return 0;
    case "status":
      for (const s of await status(ctx)) {
        console.log(
          `${s.name.padEnd(24)} ${s.healthy ? "healthy" : "down"}${s.pid ? ` (pid ${s.pid})` : ""}`,
        );
      }
      return 0;
    case "token": {
      const staticToken = rest.includes("--static");
      const user = rest.find((arg) => !arg.startsWith("--"));
      if (!user) {
        console.error(USAGE);
        return 2;
      }
      // Only the token on stdout, so `$(npm run -s stack:token -- alice)` works.
      process.stdout.write(`${staticToken ? tokenOf(ctx, user) : await issueToken(ctx, user)}\n`);
      return 0;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

// Exiting stops the Go builds an `up` or `build` started (stack/lib/go-build.ts).
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => process.exit(130));
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[stack] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
