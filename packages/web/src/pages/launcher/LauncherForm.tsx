import LinkIcon from "@mui/icons-material/Link";
import RestartIcon from "@mui/icons-material/RestartAlt";
import RocketIcon from "@mui/icons-material/RocketLaunch";
import Alert from "@mui/material/Alert";
import Avatar from "@mui/material/Avatar";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import CircularProgress from "@mui/material/CircularProgress";
import FormControlLabel from "@mui/material/FormControlLabel";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Switch from "@mui/material/Switch";
import TextField from "@mui/material/TextField";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import type { ValuesDiffEntry } from "@onyxia-ts/core";
import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { HelmCommandsPanel } from "../../components/launcher-form/HelmCommandsPanel.tsx";
import { ValuesFormView } from "../../components/launcher-form/ValuesFormView.tsx";
import { safeHttpUrl } from "../../config/safeUrl.ts";
import type { AutoLaunchMode } from "../../core/usecases/launcher/launcherLogic.ts";
import type { Launcher, LauncherInput } from "../../core/usecases/launcher/launcherStore.ts";
import { projectStorageId } from "../../core/usecases/session/projectStorageId.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { createLauncherUseCase } from "../../core/usecases/launcher/launcherUseCase.ts";
import { useFeature, useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { AutoLaunchDialog } from "./AutoLaunchDialog.tsx";
import { SaveConfigButton } from "./SaveConfigButton.tsx";

export interface LauncherFormProps {
  input: LauncherInput;
  onVersionChange: (version: string, patch: ValuesDiffEntry[], friendlyName: string) => void;
  /** Called with the launcher link of the current state, to keep the address bar in sync. */
  onLinkChange: (href: string) => void;
  /** What the link's autoLaunch=true does (launcherLogic's autoLaunchMode). */
  autoLaunch: AutoLaunchMode;
  /** Shown inside the chart's S3 section (above the form when the chart has none). */
  s3Section?: ReactNode;
}

/** The launcher use case for one chart version, rendered; the page remounts it per version or link. */
export function LauncherForm(props: LauncherFormProps) {
  const launcherUseCase = useFeature(createLauncherUseCase);
  // Created once per mount: the page remounts this form for another version or link.
  const created = useMemo(() => {
    try {
      return { launcher: launcherUseCase.create(props.input) };
    } catch (error) {
      return { error };
    }
  }, []);
  if ("error" in created) return <ErrorPanel error={created.error} />;
  return <LoadedForm {...props} launcher={created.launcher} />;
}

function LoadedForm(props: LauncherFormProps & { launcher: Launcher }) {
  const { t } = useI18n();
  const { launcher, input } = props;
  const { chartName, chartData, version } = input;
  const { chart } = input.versionData;
  const state = useStore(launcher);
  const { errors } = useStore(launcher.form);
  const session = useSession();
  const navigate = useNavigate();
  const [copied, setCopied] = useState<{ href: string; ok: boolean } | undefined>();
  const [snackbarOpen, setSnackbarOpen] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(props.autoLaunch === "confirm");
  const isGroupProject = input.groupNamespace !== undefined;
  const blocked = errors.all.length > 0;
  const sources = (chart.sources ?? [])
    .map(safeHttpUrl)
    .filter((url): url is string => url !== undefined);

  const { onLinkChange } = props;
  useEffect(() => onLinkChange(state.link.href), [state.link.href, onLinkChange]);

  const launch = async () => {
    const release = await launcher.launch();
    if (release)
      void navigate(`/my-services?autoOpenHelmReleaseName=${encodeURIComponent(release)}`);
  };
  // autoLaunch=true launches right away (once, even under StrictMode), unless the values are invalid.
  const autoLaunched = useRef(false);
  useEffect(() => {
    if (props.autoLaunch !== "launch" || autoLaunched.current || blocked) return;
    autoLaunched.current = true;
    void launch();
  }, []);

  const copyLink = async () => {
    const href = `${window.location.origin}${state.link.href}`;
    try {
      await navigator.clipboard.writeText(href);
      setCopied({ href, ok: true });
      setSnackbarOpen(true);
    } catch {
      setCopied({ href, ok: false });
    }
  };

  return (
    <>
      <Stack spacing={3}>
        <Paper variant="outlined" sx={{ p: 3 }}>
          <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 2 }}>
            <Avatar
              variant="rounded"
              src={safeHttpUrl(chart.icon)}
              alt=""
              sx={{ width: 56, height: 56, bgcolor: "primary.main" }}
            >
              {chartName.charAt(0).toUpperCase()}
            </Avatar>
            <Box sx={{ minWidth: 0 }}>
              <Typography variant="h2">{t.launcher.title({ chart: chartName })}</Typography>
              <Typography color="text.secondary">{chart.description}</Typography>
            </Box>
          </Stack>
          <Stack direction={{ xs: "column", md: "row" }} spacing={2} sx={{ mb: 2 }}>
            <TextField
              label={t.launcher.friendlyName}
              value={state.friendlyName}
              onChange={(event) => launcher.setFriendlyName(event.target.value)}
              slotProps={{ htmlInput: { "data-testid": "friendly-name" } }}
              sx={{ flex: 2 }}
            />
            <TextField
              select
              label={t.launcher.version}
              value={version}
              onChange={(event) =>
                props.onVersionChange(event.target.value, launcher.changes(), state.friendlyName)
              }
              slotProps={{ htmlInput: { "data-testid": "version-select" } }}
              sx={{ flex: 1, minWidth: 160 }}
            >
              {chartData.versions.map((v) => (
                <MenuItem key={v.version} value={v.version}>
                  {v.version}
                </MenuItem>
              ))}
            </TextField>
          </Stack>
          <Stack direction="row" spacing={1} sx={{ flexWrap: "wrap", rowGap: 1 }}>
            {session.loggedIn ? (
              <Tooltip title={blocked ? t.launcher.fixErrors({ count: errors.all.length }) : ""}>
                <span>
                  <Button
                    variant="contained"
                    startIcon={
                      state.launching ? (
                        <CircularProgress size={18} color="inherit" />
                      ) : (
                        <RocketIcon />
                      )
                    }
                    disabled={blocked || state.launching}
                    onClick={launch}
                    data-testid="launch"
                  >
                    {state.launching ? t.launcher.launching : t.launcher.launch}
                  </Button>
                </span>
              </Tooltip>
            ) : (
              <Button
                variant="contained"
                startIcon={<RocketIcon />}
                onClick={session.login}
                disabled={!session.canLogin}
                data-testid="login-to-launch"
              >
                {t.launcher.loginToLaunch}
              </Button>
            )}
            <Button
              variant="outlined"
              startIcon={<LinkIcon />}
              onClick={copyLink}
              data-testid="copy-link"
            >
              {t.launcher.copyLink}
            </Button>
            {session.loggedIn && (
              <SaveConfigButton
                projectId={projectStorageId(session)}
                href={state.link.href}
                version={version}
              />
            )}
            <Button startIcon={<RestartIcon />} onClick={launcher.reset}>
              {t.launcher.reset}
            </Button>
          </Stack>
          {isGroupProject && (
            <FormControlLabel
              sx={{ mt: 1 }}
              control={
                <Switch
                  checked={state.share}
                  onChange={(event) => launcher.setShare(event.target.checked)}
                  slotProps={{ input: { "data-testid": "share-toggle" } as object }}
                />
              }
              label={t.launcher.share}
            />
          )}
          {state.launchError !== undefined && (
            <Box sx={{ mt: 2 }} data-testid="launch-error">
              <ErrorPanel error={state.launchError} />
            </Box>
          )}
          {blocked && (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="launch-blocked">
              {t.launcher.fixErrors({ count: errors.all.length })}
            </Alert>
          )}
          {copied && (
            <TextField
              fullWidth
              sx={{ mt: 2 }}
              label={copied.ok ? t.launcher.linkCopied : t.launcher.linkCopyFailed}
              value={copied.href}
              slotProps={{ input: { readOnly: true }, htmlInput: { "data-testid": "launch-link" } }}
            />
          )}
          {sources.length > 0 && (
            <Typography variant="body2" sx={{ mt: 2 }}>
              {t.launcher.sources}:{" "}
              {sources.map((source, i) => (
                <span key={source}>
                  {i > 0 && ", "}
                  <Link href={source} target="_blank" rel="noreferrer noopener">
                    {source}
                  </Link>
                </span>
              ))}
            </Typography>
          )}
        </Paper>
        {launcher.patchError && (
          <Alert severity="warning">
            {t.launcher.linkPatchError({ message: launcher.patchError })}
          </Alert>
        )}
        {state.link.omitted.length > 0 && (
          <Alert severity="info">
            {t.launcher.linkOmitted({
              paths: state.link.omitted.map((p) => p.join(".")).join(", "),
            })}
          </Alert>
        )}
        <ValuesFormView
          form={launcher.form}
          {...(props.s3Section ? { groupAddons: { s3: props.s3Section } } : {})}
        />
        <HelmCommandsPanel commands={state.helmCommands} />
      </Stack>
      <AutoLaunchDialog
        open={confirmOpen}
        onCancel={() => setConfirmOpen(false)}
        onConfirm={() => {
          setConfirmOpen(false);
          void launch();
        }}
      />
      <Snackbar
        open={snackbarOpen}
        autoHideDuration={3000}
        onClose={() => setSnackbarOpen(false)}
        message={t.launcher.linkCopied}
      />
    </>
  );
}
