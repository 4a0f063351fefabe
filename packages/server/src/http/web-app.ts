// Serves the built web app at "/" with a single-page-app fallback; API paths get JSON 404s.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { sendProblem } from "./error-handler.ts";
import { processEnvironment } from "../config/process-env.ts";
import { injectIntoIndexHtml, readWebEnv, type WebEnv } from "../config/web-env.ts";
import { fetchCustomResources, registerCustomResources } from "./custom-resources.ts";

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Web app not built</title></head>
<body><h1>The web app is not built</h1>
<p>The API is running. To build the web app, run <code>npm run build</code> at the repository root
(or <code>npm start</code>, which builds then serves), then restart the server.</p></body></html>`;

function isUnder(url: string, basePath: string): boolean {
  const pathOnly = url.split("?")[0] ?? url;
  return basePath !== "" && (pathOnly === basePath || pathOnly.startsWith(`${basePath}/`));
}

function wantsHtml(request: FastifyRequest): boolean {
  return (
    (request.method === "GET" || request.method === "HEAD") &&
    (request.headers.accept ?? "").includes("text/html")
  );
}

export interface WebAppOptions {
  distDirectory: string | null;
  basePath: string;
  /** Web customization variables; default: the process environment now (server start). */
  env?: Record<string, string | undefined>;
}

export async function registerWebApp(app: FastifyInstance, options: WebAppOptions): Promise<void> {
  const dist = options.distDirectory;
  const built = dist !== null && existsSync(path.join(dist, "index.html"));
  const env = options.env ?? processEnvironment();
  const webEnv: WebEnv = readWebEnv(env, (message) => app.log.warn(message));
  // Read once: the page is the same for everyone, and the branding is fixed at start.
  const indexHtml = built
    ? injectIntoIndexHtml(
        readFileSync(path.join(dist, "index.html"), "utf8"),
        webEnv,
        env["CUSTOM_HTML_HEAD"],
      )
    : "";
  // CUSTOM_RESOURCES: fetched once at start, as Onyxia's image does; a failure is logged, the
  // app still starts (its pages then miss those images).
  let customFiles = new Map<string, Buffer>();
  if (webEnv.CUSTOM_RESOURCES) {
    try {
      const caCertificate = env["CUSTOM_RESOURCES_CA_CERTIFICATE"];
      const { files, skipped } = await fetchCustomResources(webEnv.CUSTOM_RESOURCES, {
        ...(caCertificate ? { caCertificate } : {}),
      });
      customFiles = files;
      if (skipped.length > 0)
        app.log.warn(
          `CUSTOM_RESOURCES: entries left out (outside the folder, encrypted or not deflate): ${skipped.join(", ")}`,
        );
    } catch (error) {
      app.log.warn(error instanceof Error ? error.message : String(error));
    }
  }
  registerCustomResources(app, customFiles);
  const sendIndex = (reply: FastifyReply) =>
    reply.header("cache-control", "no-cache").type("text/html; charset=utf-8").send(indexHtml);

  if (built) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: "/",
      // index.html is served by the routes below, with the web customization injected.
      index: false,
      schemaHide: true,
      // Our setHeaders decides caching; the plugin's default would override it.
      cacheControl: false,
      setHeaders(reply, filePath) {
        // Vite puts content-hashed files in assets/: cache them forever, everything else revalidates.
        const hashed = filePath.includes(`${path.sep}assets${path.sep}`);
        reply.header("cache-control", hashed ? "public, max-age=31536000, immutable" : "no-cache");
      },
    });
    app.get("/", { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
    app.get("/index.html", { schema: { hide: true } }, (_request, reply) => sendIndex(reply));
  } else {
    app.get("/", { schema: { hide: true } }, (_request, reply) =>
      reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE),
    );
  }

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const pathOnly = request.url.split("?")[0] ?? request.url;
    if (!isUnder(request.url, options.basePath) && wantsHtml(request)) {
      if (built) return sendIndex(reply);
      return reply.code(503).type("text/html; charset=utf-8").send(NOT_BUILT_PAGE);
    }
    return sendProblem(reply, {
      title: "Not Found",
      status: 404,
      detail: `No route ${request.method} ${pathOnly}`,
      instance: pathOnly,
    });
  });
}
