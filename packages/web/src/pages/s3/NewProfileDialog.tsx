import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import FormControlLabel from "@mui/material/FormControlLabel";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { userProfileProblem, type UserProfileInput } from "../../core/usecases/s3/userStore.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** A profile of the user's own: a custom endpoint with static keys, or anonymous access. */
export function NewProfileDialog(props: {
  reservedNames: string[];
  defaults: { url: string; region: string };
  /** Rejects with a message to show (e.g. the project's profiles changed meanwhile). */
  onSave: (profile: UserProfileInput) => Promise<void>;
  /** False: profiles are kept in this browser only (no Vault in the region). */
  durable: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [saveError, setSaveError] = useState<string | undefined>();
  const [form, setForm] = useState({
    profileName: "",
    url: props.defaults.url,
    region: props.defaults.region,
    pathStyleAccess: true,
    anonymous: false,
    accessKeyId: "",
    secretAccessKey: "",
    sessionToken: "",
  });
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const profile: UserProfileInput = {
    profileName: form.profileName,
    url: form.url.trim(),
    region: form.region.trim(),
    pathStyleAccess: form.pathStyleAccess,
    ...(form.anonymous
      ? {}
      : {
          credentials: {
            accessKeyId: form.accessKeyId.trim(),
            secretAccessKey: form.secretAccessKey,
            ...(form.sessionToken ? { sessionToken: form.sessionToken } : {}),
          },
        }),
  };
  const problem = form.profileName ? userProfileProblem(profile, props.reservedNames) : undefined;
  return (
    <Dialog open onClose={props.onClose} fullWidth maxWidth="sm" data-testid="s3-new-profile">
      <DialogTitle>{t.s3.profileNew}</DialogTitle>
      <DialogContent>
        <Stack spacing={2} sx={{ mt: 1 }}>
          <TextField
            label={t.s3.profileName}
            value={form.profileName}
            onChange={(e) => set({ profileName: e.target.value })}
            autoFocus
          />
          <TextField
            label={t.s3.endpoint}
            value={form.url}
            onChange={(e) => set({ url: e.target.value })}
            placeholder="https://minio.example.org"
          />
          <TextField
            label={t.s3.region}
            value={form.region}
            onChange={(e) => set({ region: e.target.value })}
          />
          <FormControlLabel
            control={
              <Switch
                checked={form.pathStyleAccess}
                onChange={(e) => set({ pathStyleAccess: e.target.checked })}
              />
            }
            label={t.s3.pathStyle}
          />
          <FormControlLabel
            control={
              <Switch
                checked={form.anonymous}
                onChange={(e) => set({ anonymous: e.target.checked })}
              />
            }
            label={t.s3.anonymous}
          />
          {!form.anonymous && (
            <>
              <TextField
                label="AWS_ACCESS_KEY_ID"
                value={form.accessKeyId}
                onChange={(e) => set({ accessKeyId: e.target.value })}
              />
              <TextField
                label="AWS_SECRET_ACCESS_KEY"
                type="password"
                value={form.secretAccessKey}
                onChange={(e) => set({ secretAccessKey: e.target.value })}
              />
              <TextField
                label={`AWS_SESSION_TOKEN (${t.s3.optional})`}
                type="password"
                value={form.sessionToken}
                onChange={(e) => set({ sessionToken: e.target.value })}
              />
            </>
          )}
          {problem && <Alert severity="error">{problem}</Alert>}
          {saveError && (
            <Alert severity="error" data-testid="s3-new-profile-error">
              {saveError}
            </Alert>
          )}
          {!props.durable && <Alert severity="warning">{t.s3.browserStorageNotice}</Alert>}
        </Stack>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.s3.cancel}</Button>
        <Button
          variant="contained"
          disabled={!form.profileName || problem !== undefined}
          onClick={() => {
            setSaveError(undefined);
            props
              .onSave(profile)
              .then(props.onClose, (error: unknown) =>
                setSaveError(error instanceof Error ? error.message : String(error)),
              );
          }}
        >
          {t.s3.save}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
