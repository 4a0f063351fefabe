// Child-process entry of forkStackApp: the stack app on a loopback port; its URL goes to the
// parent over the IPC channel.
import "../support/quiet-audit.ts"; // as in the test process: no audit line per request
import { stackApp } from "./stack-app.ts";

const app = await stackApp(JSON.parse(process.env["STACK_APP_OVERRIDES"] ?? "{}"));
await app.listen({ port: 0, host: "127.0.0.1" });
process.send?.({ url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}` });
