import LinkIcon from "@mui/icons-material/Link";
import RestartIcon from "@mui/icons-material/RestartAlt";
import RocketIcon from "@mui/icons-material/RocketLaunch";
import Alert from "@mui/material/Alert";
import Avatar from "@mui/material/Avatar";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Paper from "@mui/material/Paper";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Tooltip from "@mui/material/Tooltip";
import Typography from "@mui/material/Typography";
import {
  applyValuesPatch,
  computeDefaultValues,
  computeFormModel,
  computeValuesDiff,
  removeValueAtPath,
  setValueAtPath,
  type JsonValue,
  type ValuesDiffEntry,
  type XOnyxiaContext,
} from "@onyxia-ts/core";
import { useEffect, useMemo, useState } from "react";
import { useNavigate } from "react-router";
import CircularProgress from "@mui/material/CircularProgress";
import FormControlLabel from "@mui/material/FormControlLabel";
import Switch from "@mui/material/Switch";
import { ApiError } from "../../api/ApiError.ts";
import { api } from "../../api/endpoints.ts";
import { useSession } from "../../shell/SessionProvider.tsx";
import { projectStorageId } from "../../config/projectStorageId.ts";
import { AutoLaunchDialog } from "./AutoLaunchDialog.tsx";
import { ValuesYamlEditor } from "./ValuesYamlEditor.tsx";
import { storeLaunchTiming } from "../my-service/editLogic.ts";
import { FieldErrorsContext } from "./validation/FieldErrorsContext.ts";
import {
  mergeFieldErrors,
  noErrors,
  parseServerErrors,
  validateInBrowser,
  type FieldErrors,
} from "./validation/valuesValidation.ts";
import { safeHttpUrl } from "../../config/safeUrl.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import type { ChartData, VersionData } from "./useLauncherData.ts";
import { FormActionsContext, type FormActions } from "./form/FormActions.ts";
import { FormSections } from "./FormSections.tsx";
import { HelmCommandsPanel } from "./HelmCommandsPanel.tsx";
import { SaveConfigButton } from "./SaveConfigButton.tsx";
import { buildShareableLink, helmCommands } from "./launcherLogic.ts";

export interface LauncherFormProps {
  catalogId: string;
  chartName: string;
  chartData: ChartData;
  versionData: VersionData;
  version: string;
  context: XOnyxiaContext;
  /** Group projects only: Onyxia passes --namespace for them. */
  groupNamespace: string | undefined;
  initialFriendlyName: string;
  /** The patch from the launcher link, or the user's changes carried over from another version. */
  initialPatch: ValuesDiffEntry[];
  onVersionChange: (version: string, patch: ValuesDiffEntry[], friendlyName: string) => void;
  /** Link params: `shared` is edited here (group projects), `s3` passed through unchanged. */
  passThrough: { shared?: boolean; s3?: string };
  /** The link asked to launch right away: a confirmation dialog opens first. */
  autoLaunch: boolean;
  /** Called with the launcher link of the current state, to keep the address bar in sync. */
  onLinkChange: (href: string) => void;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function LauncherForm(props: LauncherFormProps) {
  const { schema, valuesYaml } = props.versionData;
  const { context } = props;

  const computed = useMemo(() => {
    try {
      const defaults = computeDefaultValues(schema, { context, valuesYaml }).values;
      try {
        return {
          defaults,
          initial: applyValuesPatch(defaults, props.initialPatch) ?? defaults,
          patchError: undefined,
        };
      } catch (error) {
        return { defaults, initial: defaults, patchError: errorMessage(error) };
      }
    } catch (error) {
      return { error };
    }
    // Computed once per mount: the page remounts this form for another version or link.
  }, []);

  if ("error" in computed) return <ErrorPanel error={computed.error} />;
  return (
    <LoadedForm
      {...props}
      defaults={computed.defaults}
      initial={computed.initial}
      patchError={computed.patchError}
    />
  );
}

function LoadedForm(
  props: LauncherFormProps & {
    defaults: JsonValue;
    initial: JsonValue;
    patchError: string | undefined;
  },
) {
  const { t } = useI18n();
  const { catalogId, chartName, chartData, versionData, version, context, defaults } = props;
  const { schema, valuesYaml, chart } = versionData;
  const [values, setValues] = useState<JsonValue>(props.initial);
  const [friendlyName, setFriendlyName] = useState(props.initialFriendlyName);
  const [copied, setCopied] = useState<{ href: string; ok: boolean } | undefined>();
  const [snackbarOpen, setSnackbarOpen] = useState(false);
  const session = useSession();
  const navigate = useNavigate();
  const isGroupProject = props.groupNamespace !== undefined;
  // Onyxia: false by default in a group project, absent in a personal one.
  const [share, setShare] = useState(props.passThrough.shared ?? false);
  const [launching, setLaunching] = useState(false);
  const [launchError, setLaunchError] = useState<unknown>();
  const [serverErrors, setServerErrors] = useState<FieldErrors>(noErrors);
  const [confirmOpen, setConfirmOpen] = useState(props.autoLaunch);
  // Whole-values validation, eval-free; a schema the validator cannot read blocks nothing (the server checks too).
  const browserErrors = useMemo(() => {
    try {
      return validateInBrowser(schema, values);
    } catch {
      return noErrors;
    }
  }, [schema, values]);
  // The server's errors were about the values it saw: any edit makes them stale.
  useEffect(() => {
    setServerErrors(noErrors);
  }, [values]);
  const fieldErrors = useMemo(
    () => mergeFieldErrors(browserErrors, serverErrors),
    [browserErrors, serverErrors],
  );

  const actions = useMemo<FormActions>(
    () => ({
      setValue: (path, value) =>
        setValues((current) =>
          value === undefined
            ? (removeValueAtPath(current, path) ?? {})
            : setValueAtPath(current, path, value),
        ),
      removeItem: (path) => setValues((current) => removeValueAtPath(current, path) ?? {}),
    }),
    [],
  );

  const model = useMemo(() => {
    try {
      return {
        model: computeFormModel(schema, values, {
          context,
          dependencies: chart.dependencies ?? [],
          valuesYaml,
        }),
      };
    } catch (error) {
      return { error };
    }
  }, [schema, values, context, chart.dependencies, valuesYaml]);
  const link = useMemo(
    () =>
      buildShareableLink({
        catalogId,
        chartName,
        friendlyName,
        version,
        defaultVersion: chartData.defaultVersion,
        defaults,
        values,
        ...props.passThrough,
        ...(isGroupProject ? { shared: share } : {}),
      }),
    [
      catalogId,
      chartName,
      friendlyName,
      version,
      chartData.defaultVersion,
      defaults,
      values,
      props.passThrough,
      isGroupProject,
      share,
    ],
  );
  const sources = (chart.sources ?? [])
    .map(safeHttpUrl)
    .filter((url): url is string => url !== undefined);
  const { onLinkChange } = props;
  useEffect(() => onLinkChange(link.href), [link.href, onLinkChange]);
  const releaseName = `${chartName}-${context.k8s.randomSubdomain}`;
  const commands = useMemo(
    () =>
      helmCommands({
        catalogId,
        repoUrl: chartData.catalog.location,
        chartName,
        releaseName,
        version,
        isDefaultVersion: version === chartData.defaultVersion,
        namespace: props.groupNamespace,
        values,
      }),
    [catalogId, chartData, chartName, releaseName, version, props.groupNamespace, values],
  );

  const launch = async () => {
    setLaunching(true);
    setLaunchError(undefined);
    try {
      const { release, timing } = await api.launch({
        catalogId,
        packageName: chartName,
        packageVersion: version,
        name: releaseName,
        friendlyName,
        ...(isGroupProject ? { share } : {}),
        options: values,
      });
      storeLaunchTiming(release, timing);
      void navigate(`/my-services?autoOpenHelmReleaseName=${encodeURIComponent(release)}`);
    } catch (error) {
      if (error instanceof ApiError && error.errors)
        setServerErrors(parseServerErrors(error.errors));
      setLaunchError(error);
      setLaunching(false);
    }
  };
  const blocked = fieldErrors.all.length > 0;

  const copyLink = async () => {
    const href = `${window.location.origin}${link.href}`;
    try {
      await navigator.clipboard.writeText(href);
      setCopied({ href, ok: true });
      setSnackbarOpen(true);
    } catch {
      setCopied({ href, ok: false });
    }
  };

  return (
    <FormActionsContext.Provider value={actions}>
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
              value={friendlyName}
              onChange={(event) => setFriendlyName(event.target.value)}
              slotProps={{ htmlInput: { "data-testid": "friendly-name" } }}
              sx={{ flex: 2 }}
            />
            <TextField
              select
              label={t.launcher.version}
              value={version}
              onChange={(event) =>
                props.onVersionChange(
                  event.target.value,
                  computeValuesDiff(defaults, values),
                  friendlyName,
                )
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
              <Tooltip
                title={blocked ? t.launcher.fixErrors({ count: fieldErrors.all.length }) : ""}
              >
                <span>
                  <Button
                    variant="contained"
                    startIcon={
                      launching ? <CircularProgress size={18} color="inherit" /> : <RocketIcon />
                    }
                    disabled={blocked || launching}
                    onClick={launch}
                    data-testid="launch"
                  >
                    {launching ? t.launcher.launching : t.launcher.launch}
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
                href={link.href}
                version={version}
              />
            )}
            <Button
              startIcon={<RestartIcon />}
              onClick={() => {
                setValues(defaults);
                setFriendlyName(chartName);
              }}
            >
              {t.launcher.reset}
            </Button>
          </Stack>
          {isGroupProject && (
            <FormControlLabel
              sx={{ mt: 1 }}
              control={
                <Switch
                  checked={share}
                  onChange={(event) => setShare(event.target.checked)}
                  slotProps={{ input: { "data-testid": "share-toggle" } as object }}
                />
              }
              label={t.launcher.share}
            />
          )}
          {launchError !== undefined && (
            <Box sx={{ mt: 2 }} data-testid="launch-error">
              <ErrorPanel error={launchError} />
            </Box>
          )}
          {blocked && (
            <Alert severity="error" sx={{ mt: 2 }} data-testid="launch-blocked">
              {t.launcher.fixErrors({ count: fieldErrors.all.length })}
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
        {props.patchError && (
          <Alert severity="warning">
            {t.launcher.linkPatchError({ message: props.patchError })}
          </Alert>
        )}
        {link.omitted.length > 0 && (
          <Alert severity="info">
            {t.launcher.linkOmitted({ paths: link.omitted.map((p) => p.join(".")).join(", ") })}
          </Alert>
        )}
        <FieldErrorsContext.Provider value={fieldErrors}>
          {"error" in model ? (
            <ErrorPanel error={model.error} />
          ) : (
            <FormSections model={model.model} />
          )}
        </FieldErrorsContext.Provider>
        <ValuesYamlEditor values={values} errors={fieldErrors} onChange={setValues} />
        <HelmCommandsPanel commands={commands} />
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
    </FormActionsContext.Provider>
  );
}
