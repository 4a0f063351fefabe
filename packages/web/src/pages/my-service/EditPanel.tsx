import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import {
  computeFormModel,
  createXOnyxiaContext,
  removeValueAtPath,
  setValueAtPath,
  type JSONSchema,
  type JsonValue,
  type UserLang,
} from "@onyxia-ts/core";
import { useEffect, useMemo, useState } from "react";
import { api } from "../../api/endpoints.ts";
import type { EditDiff } from "../../api/types.ts";
import { useAsync } from "../../api/useAsync.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";
import { buildContextInput, sessionProjectPassword } from "../launcher/buildContextInput.ts";
import { FormActionsContext, type FormActions } from "../launcher/form/FormActions.ts";
import { FormSections } from "../launcher/FormSections.tsx";
import { ValuesYamlEditor } from "../launcher/ValuesYamlEditor.tsx";
import { FieldErrorsContext } from "../launcher/validation/FieldErrorsContext.ts";
import { noErrors, validateInBrowser } from "../launcher/validation/valuesValidation.ts";
import { classifyDiffLines, describeValueChange, envToValues } from "./editLogic.ts";
import type { Service } from "@onyxia-ts/core";
import { splitChart } from "../../services/serviceDisplay.ts";

const lineColor = {
  add: "#7ee787",
  remove: "#ff7b72",
  hunk: "#79c0ff",
  context: "inherit",
} as const;

/** Edit a running service: the form pre-filled with its values → diff preview → helm upgrade. */
export function EditPanel({ service, onApplied }: { service: Service; onApplied: () => void }) {
  const { t } = useI18n();
  const chart = splitChart(service.chart);
  const schema = useAsync(
    (signal) =>
      service.catalogId && chart.version
        ? api.chartSchema(service.catalogId, chart.name, chart.version, signal)
        : Promise.resolve<JSONSchema>({ type: "object" }),
    [service.catalogId, service.chart],
  );
  if (schema.status === "loading") return <Typography>{t.service.loading}</Typography>;
  if (schema.status === "error") return <ErrorPanel error={schema.error} onRetry={schema.retry} />;
  return <EditForm service={service} schema={schema.data} onApplied={onApplied} />;
}

function EditForm({
  service,
  schema,
  onApplied,
}: {
  service: Service;
  schema: JSONSchema;
  onApplied: () => void;
}) {
  const { t, lang } = useI18n();
  const { mode } = useThemeMode();
  const session = useSession();
  const initial = useMemo(() => envToValues(service.env, schema), []);
  const [values, setValues] = useState<JsonValue>(initial);
  const [diff, setDiff] = useState<EditDiff | undefined>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [applied, setApplied] = useState<number | undefined>();
  useEffect(() => {
    setDiff(undefined);
  }, [values]);

  const context = useMemo(() => {
    const projectId = session.project?.id ?? "anonymous";
    return createXOnyxiaContext(
      buildContextInput({
        userInfo: session.userInfo,
        project: session.project,
        region: session.configuration.regions?.[0],
        lang: lang as UserLang,
        darkMode: mode === "dark",
        random: Math.random,
        projectPassword: sessionProjectPassword(projectId, Math.random),
      }),
    );
  }, [session]);
  const actions = useMemo<FormActions>(
    () => ({
      setValue: (path, value) =>
        setValues((c) =>
          value === undefined ? (removeValueAtPath(c, path) ?? {}) : setValueAtPath(c, path, value),
        ),
      removeItem: (path) => setValues((c) => removeValueAtPath(c, path) ?? {}),
    }),
    [],
  );
  const model = useMemo(() => {
    try {
      return {
        model: computeFormModel(schema, values, {
          context,
          dependencies: [],
          valuesYaml: undefined,
        }),
      };
    } catch (e) {
      return { error: e };
    }
  }, [schema, values, context]);
  const errors = useMemo(() => {
    try {
      return validateInBrowser(schema, values);
    } catch {
      return noErrors;
    }
  }, [schema, values]);

  const run = async (work: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormActionsContext.Provider value={actions}>
      <Stack spacing={2} data-testid="edit-panel">
        <FieldErrorsContext.Provider value={errors}>
          {"error" in model ? (
            <ErrorPanel error={model.error} />
          ) : (
            <FormSections model={model.model} />
          )}
        </FieldErrorsContext.Provider>
        <ValuesYamlEditor values={values} errors={errors} onChange={setValues} />
        <Stack direction="row" spacing={1}>
          <Button
            variant="outlined"
            disabled={busy || errors.all.length > 0}
            data-testid="edit-preview"
            onClick={() => void run(async () => setDiff(await api.diff(service.id, values)))}
          >
            {t.service.preview}
          </Button>
          <Button
            variant="contained"
            disabled={busy || !diff || !diff.quota.fits}
            data-testid="edit-apply"
            onClick={() =>
              void run(async () => {
                const result = await api.upgrade(service.id, values);
                setApplied(result.revision);
                setDiff(undefined);
                onApplied();
              })
            }
          >
            {t.service.apply}
          </Button>
        </Stack>
        {errors.all.length > 0 && (
          <Alert severity="error" data-testid="edit-errors">
            {errors.all.map((e) => (
              <div key={e}>{e}</div>
            ))}
          </Alert>
        )}
        {error !== undefined && <ErrorPanel error={error} />}
        {applied !== undefined && (
          <Alert severity="success">{t.service.applied({ revision: applied })}</Alert>
        )}
        {diff && (
          <Paper variant="outlined" sx={{ p: 2 }} data-testid="edit-diff">
            <Typography sx={{ fontWeight: 600 }}>
              {diff.chart.from === diff.chart.to
                ? diff.chart.to
                : `${diff.chart.from} → ${diff.chart.to}`}
            </Typography>
            {diff.values.length === 0 ? (
              <Typography color="text.secondary">{t.service.noChange}</Typography>
            ) : (
              <Box component="ul" sx={{ fontFamily: "monospace", fontSize: 13 }}>
                {diff.values.map((c) => (
                  <li key={c.path}>{describeValueChange(c)}</li>
                ))}
              </Box>
            )}
            {!diff.quota.fits && <Alert severity="error">{diff.quota.errors.join("; ")}</Alert>}
            <Typography variant="body2" sx={{ mt: 1 }}>
              {t.service.manifestChanges({
                added: diff.manifest.added,
                removed: diff.manifest.removed,
              })}
            </Typography>
            {diff.manifest.text && (
              <Box
                component="pre"
                sx={{
                  p: 1.5,
                  mt: 1,
                  maxHeight: 400,
                  overflow: "auto",
                  fontSize: 12,
                  bgcolor: "#1f2430",
                  color: "#e6e8ef",
                  borderRadius: 1,
                }}
              >
                {classifyDiffLines(diff.manifest.text).map((l, i) => (
                  <Box key={i} component="div" sx={{ color: lineColor[l.kind] }}>
                    {l.text}
                  </Box>
                ))}
              </Box>
            )}
          </Paper>
        )}
      </Stack>
    </FormActionsContext.Provider>
  );
}
