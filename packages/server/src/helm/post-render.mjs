// helm --post-renderer for launches: helm hands the exact manifests it is about to apply on
// stdin; they go to the server over its local socket (post-render-gate.ts) with the launch's
// one-time token, and come back unchanged on stdout when the server accepts them. A refusal
// (the quota check) is printed on stderr and the exit code is 1, so helm stops before creating
// anything. Plain JavaScript with Node built-ins only: it starts in a few tens of milliseconds.
// Arguments: <socket path> <token>.
import { Buffer } from "node:buffer";
import { connect } from "node:net";
import process from "node:process";

const [socketPath, token] = process.argv.slice(2);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const manifest = Buffer.concat(chunks);

const answer = await new Promise((resolve, reject) => {
  const socket = connect(socketPath ?? "");
  const parts = [];
  socket.on("data", (part) => parts.push(part));
  socket.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
  socket.on("error", reject);
  socket.write(`${token ?? ""}\n`);
  socket.end(manifest);
}).catch((error) => `refused\ncannot reach the server's post-render check: ${error.message}`);

if (answer.startsWith("ok\n")) process.stdout.write(manifest);
else {
  process.stderr.write(answer.slice(answer.indexOf("\n") + 1));
  process.exitCode = 1;
}
