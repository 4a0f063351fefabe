// The login interaction: a plain HTML form (username + password) that Playwright and the
// headless getToken() both drive. Consent is skipped (see loadExistingGrant in provider.ts).
import type { IncomingMessage, ServerResponse } from "node:http";
import type Provider from "oidc-provider";
import { escapeHtml } from "./provider.ts";
import { findUserByName } from "./users.ts";

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function loginPage(uid: string, clientId: string, error?: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in · onyxia-ts local stack</title></head>
<body>
<main>
<h1>Sign in to ${escapeHtml(clientId)}</h1>
<p>Local test identities: alice, bob, carol (password: <code>&lt;username&gt;-password</code>).</p>
${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
  <label>Username <input id="username" name="username" autocomplete="username" autofocus required></label>
  <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit" id="kc-login">Sign in</button>
</form>
</main>
</body></html>`;
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-store",
  });
  res.end(html);
}

/** Handles `/interaction/...`; returns false for any other path. */
export async function handleInteraction(
  provider: Provider,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const match = /^\/interaction\/([\w-]+)(\/login)?\/?(?:\?.*)?$/.exec(req.url ?? "");
  if (!match) return false;
  const [, uid, login] = match;
  try {
    const details = await provider.interactionDetails(req, res);
    const clientId = String(details.params.client_id ?? "");
    if (details.prompt.name !== "login") {
      // Only reached if a grant lacks something: accept, these are first-party clients.
      await provider.interactionFinished(
        req,
        res,
        { consent: {} },
        { mergeWithLastSubmission: true },
      );
      return true;
    }
    if (req.method === "GET" && !login) {
      sendHtml(res, 200, loginPage(uid!, clientId));
      return true;
    }
    if (req.method === "POST" && login) {
      const form = await readForm(req);
      const user = findUserByName(form.get("username") ?? "");
      if (!user || user.password !== form.get("password")) {
        sendHtml(res, 401, loginPage(uid!, clientId, "Invalid username or password."));
        return true;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.sub } },
        { mergeWithLastSubmission: false },
      );
      return true;
    }
    sendHtml(res, 405, "<p>Method not allowed</p>");
  } catch (error) {
    sendHtml(res, 400, `<p>Login session expired or invalid: ${escapeHtml(String(error))}</p>`);
  }
  return true;
}
