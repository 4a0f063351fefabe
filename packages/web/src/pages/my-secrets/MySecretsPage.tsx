// Onyxia's secrets explorer at /my-secrets/<path> (reference §8): browse the project's Vault
// folder, create folders and secrets, edit keys (environment variable names) with values hidden
// until shown, rename, delete with a confirmation naming the count, and "use in a service".
// Rendering only: the use case is core/usecases/secrets (core.secrets).
import Alert from "@mui/material/Alert";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import IconButton from "@mui/material/IconButton";
import MuiLink from "@mui/material/Link";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import DeleteIcon from "@mui/icons-material/DeleteOutline";
import { joinVaultPath } from "@onyxia-ts/core";
import { useMemo, useState } from "react";
import { Link, Navigate, useNavigate, useParams } from "react-router";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { SecretConflictError, environmentOf } from "../../core/usecases/secrets/secretsExplorer.ts";
import type {
  ProjectSecrets,
  VaultSecretChart,
} from "../../core/usecases/secrets/secretsUseCase.ts";
import { branding } from "../../config/branding.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export default function MySecretsPage() {
  const { t } = useI18n();
  const session = useSession();
  const { secrets: secretsUseCase } = useCore();
  const secrets = useMemo(
    () => secretsUseCase.forProject(session.project),
    [secretsUseCase, session.project, session.userInfo],
  );
  if (!secretsUseCase.enabled()) return <Navigate to="/404" replace />;
  if (!secrets)
    return (
      <Alert severity="info" data-testid="secrets-login-required">
        {t.launcher.loginRequired}
      </Alert>
    );
  return <Explorer secrets={secrets} group={Boolean(session.project?.group)} />;
}

function Explorer({ secrets, group }: { secrets: ProjectSecrets; group: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const current = useParams()["*"] || secrets.topDir;
  const [refresh, setRefresh] = useState(0);
  const [error, setError] = useState<string | undefined>();
  const [newName, setNewName] = useState("");
  const [renaming, setRenaming] = useState<{ path: string; name: string; folder: boolean }>();
  const [confirm, setConfirm] = useState<{ path: string; count: number; folder: boolean }>();
  const view = useAsync(() => secrets.view(current), [secrets, current, refresh]);

  const go = (path: string) => void navigate(`/my-secrets/${path}`);
  const act = async (action: () => Promise<unknown>) => {
    setError(undefined);
    try {
      await action();
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(message(e));
    }
  };
  const segments = current.split("/");
  const data = view.status === "success" ? view.data : undefined;

  return (
    <Stack spacing={2} data-testid="my-secrets">
      <Typography variant="h2" component="h1">
        {t.vault.title}
      </Typography>
      <Typography color="text.secondary">
        {t.vault.subtitle}
        {branding.vaultDocumentationLink && (
          <>
            {" "}
            <MuiLink
              href={branding.vaultDocumentationLink}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="vault-documentation-link"
            >
              {t.vault.documentation}
            </MuiLink>
          </>
        )}
      </Typography>
      {!secrets.durable && <Alert severity="warning">{t.vault.notDurable}</Alert>}
      {group && <Alert severity="info">{t.vault.groupSaveWarning}</Alert>}
      <Breadcrumbs aria-label="path" data-testid="secrets-breadcrumbs">
        {segments.map((s, i) => (
          <Link key={i} to={`/my-secrets/${segments.slice(0, i + 1).join("/")}`}>
            {s}
          </Link>
        ))}
      </Breadcrumbs>
      {error && (
        <Alert severity="error" data-testid="secrets-error" onClose={() => setError(undefined)}>
          {error}
        </Alert>
      )}
      {view.status === "error" && (
        <Alert severity="error" data-testid="secrets-unavailable">
          {t.vault.unavailable} ({message(view.error)})
        </Alert>
      )}
      {data?.kind === "dir" && (
        <>
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              label={t.vault.name}
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              slotProps={{ htmlInput: { "data-testid": "secret-new-name" } }}
            />
            <Button
              data-testid="secret-new-folder"
              disabled={newName.trim() === ""}
              onClick={() =>
                void act(() => secrets.createFolder(current, newName)).then(() => setNewName(""))
              }
            >
              {t.vault.newFolder}
            </Button>
            <Button
              data-testid="secret-new-secret"
              disabled={newName.trim() === ""}
              onClick={() =>
                void act(async () => go(await secrets.createSecret(current, newName))).then(() =>
                  setNewName(""),
                )
              }
            >
              {t.vault.newSecret}
            </Button>
          </Stack>
          {data.dir.reservedHidden && (
            <Typography variant="body2" color="text.secondary">
              {t.vault.reservedHidden}
            </Typography>
          )}
          <List>
            {[
              ...data.dir.directories.map((d) => ({ name: d, folder: true })),
              ...data.dir.files.map((f) => ({ name: f, folder: false })),
            ].map(({ name, folder }) => {
              const path = joinVaultPath(current, name);
              return (
                <Stack key={path} direction="row" alignItems="center">
                  <ListItemButton onClick={() => go(path)} data-testid={`secret-entry-${name}`}>
                    <ListItemText primary={folder ? `${name}/` : name} />
                  </ListItemButton>
                  <Button
                    size="small"
                    data-testid={`secret-rename-${name}`}
                    onClick={() => setRenaming({ path, name, folder })}
                  >
                    {t.vault.rename}
                  </Button>
                  <IconButton
                    aria-label={`${t.vault.delete} ${name}`}
                    data-testid={`secret-delete-${name}`}
                    onClick={() =>
                      void act(async () =>
                        setConfirm({
                          path,
                          folder,
                          count: await secrets.countForDelete(path, folder),
                        }),
                      )
                    }
                  >
                    <DeleteIcon />
                  </IconButton>
                </Stack>
              );
            })}
          </List>
          {data.dir.directories.length + data.dir.files.length === 0 && (
            <Typography color="text.secondary">{t.vault.empty}</Typography>
          )}
        </>
      )}
      {data?.kind === "secret" && (
        <SecretEditor
          // Not keyed by version: a save keeps the editor (and its "Saved" status) in place.
          key={current}
          secrets={secrets}
          path={current}
          initial={data.secret}
        />
      )}
      {renaming && (
        <NameDialog
          initial={renaming.name}
          title={t.vault.rename}
          onClose={() => setRenaming(undefined)}
          onSubmit={(name) => {
            const r = renaming;
            setRenaming(undefined);
            void act(() => secrets.rename(r.path, r.folder, name));
          }}
        />
      )}
      {confirm && (
        <ConfirmDialog
          open
          title={t.vault.delete}
          body={`${t.vault.confirmDelete({ name: confirm.path, count: confirm.count })} ${t.vault.secretsCount({ count: confirm.count })}`}
          confirm={t.vault.delete}
          onClose={() => setConfirm(undefined)}
          onConfirm={() => {
            const c = confirm;
            setConfirm(undefined);
            void act(() => secrets.remove(c.path, c.folder));
          }}
        />
      )}
    </Stack>
  );
}

function NameDialog(props: {
  initial: string;
  title: string;
  onSubmit: (name: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(props.initial);
  return (
    <Dialog open onClose={props.onClose} data-testid="secret-name-dialog">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          label={t.vault.name}
          value={name}
          onChange={(e) => setName(e.target.value)}
          slotProps={{ htmlInput: { "data-testid": "secret-name-input" } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.vault.cancel}</Button>
        <Button
          variant="contained"
          disabled={name.trim() === ""}
          data-testid="secret-name-submit"
          onClick={() => props.onSubmit(name.trim())}
        >
          {t.vault.rename}
        </Button>
      </DialogActions>
    </Dialog>
  );
}

function SecretEditor(props: {
  secrets: ProjectSecrets;
  path: string;
  initial: { data: Record<string, unknown>; version: number };
}) {
  const { t } = useI18n();
  const [rows, setRows] = useState<[string, string][]>(() =>
    Object.entries(props.initial.data).map(([k, v]) => [
      k,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
  const [version, setVersion] = useState(props.initial.version);
  const [reveal, setReveal] = useState(false);
  const [choosing, setChoosing] = useState(false);
  const [status, setStatus] = useState<{
    severity: "success" | "error" | "warning";
    text: string;
  }>();
  const save = async () => {
    try {
      const saved = await props.secrets.save(props.path, rows, version);
      setVersion(saved.version);
      setStatus({ severity: "success", text: t.vault.saved });
    } catch (error) {
      if (error instanceof SecretConflictError && error.current) {
        const current = error.current;
        setRows(Object.entries(current.data).map(([k, v]) => [k, String(v)]));
        setVersion(current.version);
        setStatus({ severity: "warning", text: t.vault.conflict({ version: current.version }) });
        return;
      }
      setStatus({ severity: "error", text: message(error) });
    }
  };
  return (
    <Stack spacing={1} data-testid="secret-editor">
      {rows.map(([key, value], i) => (
        <Stack direction="row" spacing={1} key={i}>
          <TextField
            size="small"
            label={t.vault.key}
            value={key}
            onChange={(e) =>
              setRows(rows.map((r, j) => (j === i ? [e.target.value.toUpperCase(), r[1]] : r)))
            }
            slotProps={{ htmlInput: { "data-testid": `secret-key-${i}` } }}
          />
          <TextField
            size="small"
            label={t.vault.value}
            type={reveal ? "text" : "password"}
            value={value}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
            slotProps={{ htmlInput: { "data-testid": `secret-value-${i}`, autoComplete: "off" } }}
          />
          <Button size="small" onClick={() => void navigator.clipboard?.writeText(value)}>
            {t.vault.copy}
          </Button>
        </Stack>
      ))}
      <Stack direction="row" spacing={1}>
        <Button onClick={() => setRows([...rows, ["", ""]])} data-testid="secret-add-row">
          {t.vault.addRow}
        </Button>
        <Button onClick={() => setReveal(!reveal)}>{reveal ? t.vault.hide : t.vault.reveal}</Button>
        <Button variant="contained" data-testid="secret-save" onClick={() => void save()}>
          {t.vault.save}
        </Button>
      </Stack>
      {status && (
        <Alert severity={status.severity} data-testid="secret-status">
          {status.text}
        </Alert>
      )}
      <Typography variant="body2">
        {t.vault.useInServiceHelp({ path: props.path })}{" "}
        {environmentOf(Object.fromEntries(rows)).join(" ")}
      </Typography>
      <Stack direction="row" spacing={1}>
        <Button onClick={() => setChoosing(true)} data-testid="secret-use-in-service">
          {t.vault.useInService}
        </Button>
        <Button onClick={() => void navigator.clipboard?.writeText(props.path)}>
          {t.vault.copyPath}
        </Button>
      </Stack>
      {choosing && (
        <ChartChooser
          secrets={props.secrets}
          path={props.path}
          onClose={() => setChoosing(false)}
        />
      )}
    </Stack>
  );
}

/** "Use in a service": the catalogs' charts with a `vault.secret` field; one opens directly. */
function ChartChooser(props: { secrets: ProjectSecrets; path: string; onClose: () => void }) {
  const { t } = useI18n();
  const session = useSession();
  const { secrets: secretsUseCase } = useCore();
  const navigate = useNavigate();
  const charts = useAsync(
    () => secretsUseCase.chartsWithVaultSecret(session.loggedIn, session.project?.id),
    [secretsUseCase, session.loggedIn, session.project?.id],
  );
  const open = (chart: VaultSecretChart) =>
    void navigate(props.secrets.launchLink(chart, props.path));
  if (charts.status === "success" && charts.data.length === 1) {
    const only = charts.data[0]!;
    return <Navigate to={props.secrets.launchLink(only, props.path)} />;
  }
  return (
    <Dialog open onClose={props.onClose} data-testid="secret-chart-chooser">
      <DialogTitle>{t.vault.chooseChart}</DialogTitle>
      <DialogContent>
        {charts.status === "error" && <Alert severity="error">{message(charts.error)}</Alert>}
        {charts.status === "success" && charts.data.length === 0 && (
          <Alert severity="info">{t.vault.noChartWithVault}</Alert>
        )}
        {charts.status === "success" && (
          <List>
            {charts.data.map((chart) => (
              <ListItemButton
                key={`${chart.catalogId}/${chart.chartName}`}
                onClick={() => open(chart)}
                data-testid={`secret-chart-${chart.catalogId}-${chart.chartName}`}
              >
                <ListItemText primary={chart.chartName} secondary={chart.catalogId} />
              </ListItemButton>
            ))}
          </List>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.vault.cancel}</Button>
      </DialogActions>
    </Dialog>
  );
}
