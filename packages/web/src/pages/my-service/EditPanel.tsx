import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { JSONSchema, Service, UserLang } from "@onyxia-ts/core";
import { useMemo } from "react";
import { ValuesFormView } from "../../components/launcher-form/ValuesFormView.tsx";
import {
  createServiceEditorUseCase,
  type ServiceEditor,
} from "../../core/usecases/service/serviceEditor.ts";
import { classifyDiffLines, describeValueChange } from "../../core/usecases/service/editLogic.ts";
import { splitChart } from "../../core/usecases/services/serviceDisplay.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore, useFeature, useStore } from "../../shell/CoreProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { useThemeMode } from "../../theme/ThemeModeProvider.tsx";

const lineColor = {
  add: "#7ee787",
  remove: "#ff7b72",
  hunk: "#79c0ff",
  context: "inherit",
} as const;

/** Edit a running service: the form pre-filled with its values → diff preview → helm upgrade. */
export function EditPanel({ service, onApplied }: { service: Service; onApplied: () => void }) {
  const { t } = useI18n();
  const { api } = useCore();
  const chart = splitChart(service.chart);
  const schema = useAsync(
    (signal): Promise<JSONSchema> =>
      service.catalogId && chart.version
        ? api.chartSchema(service.catalogId, chart.name, chart.version, signal)
        : Promise.resolve({ type: "object" }),
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
  const { lang } = useI18n();
  const { mode } = useThemeMode();
  const session = useSession();
  const editorUseCase = useFeature(createServiceEditorUseCase);
  // One editor per mount: the form starts from the service's values.
  const editor = useMemo(
    () =>
      editorUseCase.create({
        service,
        schema,
        context: {
          userInfo: session.userInfo,
          project: session.project,
          region: session.configuration.regions?.[0],
          lang: lang as UserLang,
          darkMode: mode === "dark",
        },
        onApplied,
      }),
    [],
  );
  return <EditView editor={editor} />;
}

function EditView({ editor }: { editor: ServiceEditor }) {
  const { t } = useI18n();
  const { diff, busy, error, applied } = useStore(editor);
  const { errors } = useStore(editor.form);
  return (
    <Stack spacing={2} data-testid="edit-panel">
      <ValuesFormView form={editor.form} />
      <Stack direction="row" spacing={1}>
        <Button
          variant="outlined"
          disabled={busy || errors.all.length > 0}
          data-testid="edit-preview"
          onClick={() => void editor.preview()}
        >
          {t.service.preview}
        </Button>
        <Button
          variant="contained"
          disabled={busy || !diff || !diff.quota.fits}
          data-testid="edit-apply"
          onClick={() => void editor.apply()}
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
  );
}
