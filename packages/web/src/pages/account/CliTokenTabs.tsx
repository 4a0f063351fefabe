// The account page's "Kubernetes" and "Vault" tabs: commands carrying the user's OIDC token,
// masked until asked for, with copy buttons (which copy the real token: copying is deliberate).
import CopyIcon from "@mui/icons-material/ContentCopy";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Stack from "@mui/material/Stack";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { useCore } from "../../shell/CoreProvider.tsx";
import { formatRelative } from "../../i18n/formatting.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { kubectlSnippet, tokenExpiry, type K8sEndpoint } from "./cliSnippets.ts";
import type { ApiProject } from "@onyxia-ts/core";
import { useAsync } from "../../shell/useAsync.ts";

function SnippetBlock({
  shown,
  copied,
  testId,
}: {
  shown: string;
  copied: string;
  testId: string;
}) {
  const { t } = useI18n();
  const [done, setDone] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(copied);
    setDone(true);
  };
  return (
    <Box sx={{ position: "relative" }}>
      <Typography
        component="pre"
        variant="body2"
        data-testid={testId}
        sx={{
          fontFamily: "monospace",
          m: 0,
          p: 1.5,
          pr: 6,
          bgcolor: "action.hover",
          borderRadius: 1,
          overflowX: "auto",
        }}
      >
        {shown}
      </Typography>
      <Tooltip title={done ? t.account.copied : t.account.copy}>
        <IconButton
          aria-label={t.account.copy}
          onClick={() => void copy()}
          sx={{ position: "absolute", top: 4, right: 4 }}
          data-testid={`${testId}-copy`}
        >
          <CopyIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
}

/** The token, the show/hide button and the expiry line; undefined token = not logged in. */
function useToken() {
  const [reveal, setReveal] = useState(false);
  const accessToken = useCore().session.requestContext().accessToken;
  return { accessToken, reveal, setReveal };
}

function TokenControls({
  token,
}: {
  token: ReturnType<typeof useToken> & { accessToken: string };
}) {
  const { t, lang } = useI18n();
  const expiry = tokenExpiry(token.accessToken);
  return (
    <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
      <Button onClick={() => token.setReveal(!token.reveal)} data-testid="reveal-token">
        {token.reveal ? t.account.hideToken : t.account.showToken}
      </Button>
      {expiry !== undefined && (
        <Typography variant="body2" color="text.secondary" data-testid="token-expiry">
          {t.account.tokenExpires({ when: formatRelative(expiry, Date.now(), lang) })}
        </Typography>
      )}
    </Stack>
  );
}

export function KubernetesTab(props: {
  endpoint: K8sEndpoint;
  username: string;
  namespace: string;
}) {
  const { t } = useI18n();
  const token = useToken();
  const { accessToken } = token;
  if (!accessToken)
    return (
      <Alert severity="info" data-testid="no-token">
        {t.account.noToken}
      </Alert>
    );
  const snippet = (reveal: boolean) => kubectlSnippet({ ...props, accessToken, reveal });
  return (
    <Stack spacing={2} data-testid="k8s-tab">
      <Typography>{t.account.k8sIntro({ namespace: props.namespace })}</Typography>
      <TokenControls token={{ ...token, accessToken }} />
      <SnippetBlock shown={snippet(token.reveal)} copied={snippet(true)} testId="kubectl-snippet" />
    </Stack>
  );
}

/**
 * The Vault tab (reference §9): the user's real Vault token (from the JWT login the app itself
 * uses), its expiry, and core's CLI init script (VAULT_ADDR, VAULT_TOKEN, VAULT_MOUNT,
 * VAULT_TOP_DIR, as services get them). The token is masked until shown; copy copies it.
 */
export function VaultTab(props: { project: ApiProject | undefined }) {
  const { t, lang } = useI18n();
  const { userSettings } = useCore();
  const [reveal, setReveal] = useState(false);
  const cli = useAsync(
    () => userSettings.vaultCli(props.project, false),
    [userSettings, props.project?.id],
  );
  if (cli.status !== "success" || !cli.data)
    return (
      <Stack spacing={2} data-testid="vault-tab">
        <Typography>{t.account.vaultIntro}</Typography>
        {cli.status === "loading" ? (
          <Typography>…</Typography>
        ) : (
          <Alert severity="warning" data-testid="vault-token-unavailable">
            {t.vault.tokenUnavailable({
              message: cli.status === "error" ? describe(cli.error) : t.account.noToken,
            })}
          </Alert>
        )}
      </Stack>
    );
  const { token, scriptRevealed } = cli.data;
  const masked = cli.data.script;
  return (
    <Stack spacing={2} data-testid="vault-tab">
      <Typography>{t.account.vaultIntro}</Typography>
      <Typography variant="h3">{t.vault.tokenTitle}</Typography>
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
        <Button onClick={() => setReveal(!reveal)} data-testid="reveal-token">
          {reveal ? t.account.hideToken : t.account.showToken}
        </Button>
        <Typography variant="body2" color="text.secondary" data-testid="vault-token-expiry">
          {t.vault.tokenExpiry({ date: formatRelative(token.expiresAt, Date.now(), lang) })}
        </Typography>
      </Stack>
      <SnippetBlock
        shown={reveal ? token.token : "••••••••"}
        copied={token.token}
        testId="vault-token"
      />
      <Typography variant="h3">{t.vault.cliInit}</Typography>
      <SnippetBlock
        shown={reveal ? scriptRevealed : masked}
        copied={scriptRevealed}
        testId="vault-cli-init"
      />
    </Stack>
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
