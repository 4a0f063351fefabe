// Manual check: `node --import tsx packages/web/test/support/serve.ts [port]` serves the built app
// with the real catalogs (run `npx vite build` in packages/web first).
import { startDatalabServer } from "./datalabServer.ts";

const server = await startDatalabServer({ port: Number(process.argv[2] ?? 8080) });
process.stdout.write(`datalab on ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
