// The account's settings kept where Onyxia keeps them (reference §9): the git tab's user configs
// (gitName, gitEmail, githubPersonalAccessToken, gitCredentialCacheDuration) in the personal
// project's `.onyxia/`, and the project's service password (`.onyxia/servicePassword`), shown and
// regenerable. Vault when the region has one, else this browser (said so).
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import type { ApiProject, UserConfigs } from "@onyxia-ts/core";
import { useState } from "react";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { useServicePassword } from "../../shell/useCases.ts";

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

type GitFields = Pick<
  UserConfigs,
  "gitName" | "gitEmail" | "githubPersonalAccessToken" | "gitCredentialCacheDuration"
>;

export function GitTab() {
  const { userSettings } = useCore();
  const loaded = useAsync(() => userSettings.userConfigs(), [userSettings]);
  const { t } = useI18n();
  if (loaded.status === "loading") return <Typography>…</Typography>;
  if (loaded.status === "error")
    return (
      <Alert severity="error" data-testid="git-tab-error">
        {describe(loaded.error)}
      </Alert>
    );
  return (
    <GitForm
      key={JSON.stringify(loaded.data)}
      initial={loaded.data}
      durable={userSettings.durable()}
      notDurable={t.account.gitStoredLocally}
    />
  );
}

function GitForm(props: { initial: GitFields; durable: boolean; notDurable: string }) {
  const { t } = useI18n();
  const { userSettings } = useCore();
  const [fields, setFields] = useState<GitFields>(props.initial);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  const set = (patch: Partial<GitFields>) => {
    setStatus(undefined);
    setFields((f) => ({ ...f, ...patch }));
  };
  const save = async () => {
    try {
      await userSettings.saveUserConfigs(fields);
      setStatus({ ok: true, text: t.vault.settingsSaved });
    } catch (error) {
      setStatus({ ok: false, text: describe(error) });
    }
  };
  return (
    <Stack spacing={2} data-testid="git-tab">
      {!props.durable && <Alert severity="info">{props.notDurable}</Alert>}
      <TextField
        label={t.account.gitName}
        value={fields.gitName}
        onChange={(e) => set({ gitName: e.target.value })}
        slotProps={{ htmlInput: { "data-testid": "git-name" } }}
      />
      <TextField
        label={t.account.gitEmail}
        value={fields.gitEmail}
        onChange={(e) => set({ gitEmail: e.target.value })}
        slotProps={{ htmlInput: { "data-testid": "git-email" } }}
      />
      <TextField
        label={t.account.gitToken}
        type="password"
        value={fields.githubPersonalAccessToken ?? ""}
        onChange={(e) => set({ githubPersonalAccessToken: e.target.value || null })}
        helperText={t.account.gitTokenHelp}
        slotProps={{ htmlInput: { "data-testid": "git-token", autoComplete: "off" } }}
      />
      <TextField
        label={t.vault.gitCacheDuration}
        type="number"
        value={fields.gitCredentialCacheDuration}
        onChange={(e) =>
          set({ gitCredentialCacheDuration: Math.max(0, Math.floor(Number(e.target.value) || 0)) })
        }
        slotProps={{ htmlInput: { "data-testid": "git-cache-duration", min: 0 } }}
      />
      <Stack direction="row" spacing={2} sx={{ alignItems: "center" }}>
        <Button variant="contained" onClick={() => void save()} data-testid="git-save">
          {t.vault.save}
        </Button>
        {status && (
          <Alert severity={status.ok ? "success" : "error"} data-testid="git-status">
            {status.text}
          </Alert>
        )}
      </Stack>
      <Typography component="pre" variant="body2" sx={{ fontFamily: "monospace", m: 0 }}>
        {`git config --global user.name "${fields.gitName}"\ngit config --global user.email "${fields.gitEmail}"`}
      </Typography>
    </Stack>
  );
}

/** Onyxia's "Default service password": the project's, shared by a group's members, regenerable. */
export function ServicePasswordField(props: { project: ApiProject }) {
  const { t } = useI18n();
  const { userSettings } = useCore();
  const password = useServicePassword(props.project);
  const [error, setError] = useState<string | undefined>();
  const [reveal, setReveal] = useState(false);
  return (
    <Stack spacing={1} data-testid="service-password">
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
        <TextField
          label={t.vault.servicePassword}
          value={password ?? ""}
          type={reveal ? "text" : "password"}
          helperText={t.vault.servicePasswordHelp}
          sx={{ flex: 1 }}
          slotProps={{
            input: { readOnly: true },
            htmlInput: { "data-testid": "service-password-value", autoComplete: "off" },
          }}
        />
        <Button onClick={() => setReveal(!reveal)}>{reveal ? t.vault.hide : t.vault.reveal}</Button>
        <Button
          data-testid="service-password-regenerate"
          onClick={() =>
            void userSettings.regeneratePassword(props.project).then(
              () => setError(undefined),
              (e: unknown) => setError(describe(e)),
            )
          }
        >
          {t.vault.regenerate}
        </Button>
      </Stack>
      {error && <Alert severity="error">{error}</Alert>}
    </Stack>
  );
}
