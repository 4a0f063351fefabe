import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import FormControlLabel from "@mui/material/FormControlLabel";
import LinearProgress from "@mui/material/LinearProgress";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import Tab from "@mui/material/Tab";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableRow from "@mui/material/TableRow";
import Tabs from "@mui/material/Tabs";
import Typography from "@mui/material/Typography";
import {
  initSnippet,
  profileEnvVars,
  SNIPPET_LANGUAGES,
  type SnippetLanguage,
} from "@onyxia-ts/core";
import { useState } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import type { ProfileSession } from "../../core/usecases/s3/profiles.ts";
import type { UserS3Store } from "../../core/usecases/s3/userStore.ts";
import { formatDateTime } from "../../i18n/formatting.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore, useStore } from "../../shell/CoreProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { S3ErrorAlert } from "./S3ErrorAlert.tsx";

const snippetLabels: Record<SnippetLanguage, string> = {
  mc: "mc",
  awscli: "AWS CLI",
  "python-boto3": "Python boto3",
  "python-s3fs": "Python s3fs",
  "r-aws.s3": "R aws.s3",
  "r-arrow": "R arrow",
};

/** Endpoint, region, credentials with their env var names and expiry, renew, init snippets. */
export function ProfilePanel(props: { session: ProfileSession; userStore: UserS3Store }) {
  const { t, lang } = useI18n();
  const { s3 } = useCore();
  const { profile } = props.session;
  const [renewals, setRenewals] = useState(0);
  const credentials = useAsync(
    () => s3.credentials(props.session, { renew: renewals > 0 }),
    [props.session, renewals],
  );
  const [reveal, setReveal] = useState(false);
  const [language, setLanguage] = useState<SnippetLanguage>("mc");
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [removeError, setRemoveError] = useState<string | undefined>();
  const userData = useStore(props.userStore);
  const creds = credentials.status === "success" ? credentials.data : undefined;
  const snippetProfile = { ...profile, ...(creds ? { credentials: creds } : {}) };
  return (
    <Paper variant="outlined" sx={{ p: 2, my: 2 }} data-testid="s3-profile">
      <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 1 }}>
        <Typography variant="h6" sx={{ flexGrow: 1 }}>
          {t.s3.profileTitle({ name: profile.profileName })}
        </Typography>
        {props.session.sts && (
          <Button
            variant="outlined"
            size="small"
            onClick={() => setRenewals((n) => n + 1)}
            data-testid="s3-renew"
          >
            {t.s3.renew}
          </Button>
        )}
        {profile.origin === "user" && (
          <Button color="error" size="small" onClick={() => setConfirmDelete(true)}>
            {t.s3.profileDelete}
          </Button>
        )}
      </Stack>
      <Table
        size="small"
        sx={{ mb: 2, "& td:first-of-type": { width: 220, color: "text.secondary" } }}
      >
        <TableBody>
          <TableRow>
            <TableCell>{t.s3.profileOrigin}</TableCell>
            <TableCell>
              {profile.origin === "region" ? t.s3.profileFromRegion : t.s3.profileFromUser}
            </TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t.s3.endpoint}</TableCell>
            <TableCell>{profile.url}</TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t.s3.region}</TableCell>
            <TableCell>{profile.region}</TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t.s3.pathStyle}</TableCell>
            <TableCell>{profile.pathStyleAccess ? t.s3.yes : t.s3.no}</TableCell>
          </TableRow>
          <TableRow>
            <TableCell>{t.s3.expires}</TableCell>
            <TableCell data-testid="s3-expiry">
              {creds?.expiration
                ? formatDateTime(creds.expiration, lang)
                : creds
                  ? t.s3.noExpiry
                  : t.s3.anonymous}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      {credentials.status === "loading" && <LinearProgress />}
      {credentials.status === "error" && (
        <S3ErrorAlert error={credentials.error} onRetry={credentials.retry} />
      )}
      {credentials.status === "success" && (
        <>
          <Typography variant="subtitle2">{t.s3.envVars}</Typography>
          <Table size="small" data-testid="s3-env" sx={{ mb: 1 }}>
            <TableBody>
              {profileEnvVars(snippetProfile, reveal).map((v) => (
                <TableRow key={v.name}>
                  <TableCell sx={{ fontFamily: "monospace", width: 260 }}>{v.name}</TableCell>
                  <TableCell sx={{ fontFamily: "monospace", wordBreak: "break-all" }}>
                    {v.value}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <FormControlLabel
            control={<Switch checked={reveal} onChange={(e) => setReveal(e.target.checked)} />}
            label={t.s3.showSecrets}
          />
          <Typography variant="subtitle2" sx={{ mt: 2 }}>
            {t.s3.initScripts}
          </Typography>
          <Tabs
            value={language}
            onChange={(_, v: SnippetLanguage) => setLanguage(v)}
            variant="scrollable"
          >
            {SNIPPET_LANGUAGES.map((l) => (
              <Tab key={l} value={l} label={snippetLabels[l]} />
            ))}
          </Tabs>
          <Box
            component="pre"
            data-testid="s3-snippet"
            sx={{
              fontSize: 12,
              overflowX: "auto",
              bgcolor: "action.hover",
              p: 1.5,
              borderRadius: 1,
            }}
          >
            {initSnippet(snippetProfile, language, reveal)}
          </Box>
          <Button
            size="small"
            onClick={() =>
              void navigator.clipboard.writeText(initSnippet(snippetProfile, language, true))
            }
          >
            {t.s3.copySnippet}
          </Button>
        </>
      )}
      {profile.origin === "user" && !userData.durable && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {t.s3.browserStorageNotice}
        </Alert>
      )}
      {removeError && (
        <Alert severity="error" sx={{ mt: 2 }} data-testid="s3-profile-remove-error">
          {removeError}
        </Alert>
      )}
      <ConfirmDialog
        open={confirmDelete}
        title={t.s3.profileDelete}
        body={t.s3.profileDeleteBody({ name: profile.profileName })}
        confirm={t.s3.delete}
        onConfirm={() =>
          void props.userStore
            .removeProfile(profile.profileName)
            .catch((error: unknown) =>
              setRemoveError(error instanceof Error ? error.message : String(error)),
            )
        }
        onClose={() => setConfirmDelete(false)}
      />
    </Paper>
  );
}
