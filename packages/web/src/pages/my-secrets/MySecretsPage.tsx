// Onyxia's secrets explorer at /my-secrets/<path> (reference §8): browse the project's Vault
// folder, create folders and secrets, edit keys (environment variable names) with values hidden
// until shown, rename, delete with a confirmation naming the count, and "use in a service".
// Rendering only: the rules are in ../../vault/secretsExplorer.ts.
import Alert from "@mui/material/Alert";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import List from "@mui/material/List";
import ListItemButton from "@mui/material/ListItemButton";
import ListItemText from "@mui/material/ListItemText";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import DeleteIcon from "@mui/icons-material/DeleteOutline";
import { encodeLauncherLink, joinVaultPath, normalizeVaultPath } from "@onyxia-ts/core";
import { useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { apiSession } from "../../api/client.ts";
import { useAsync } from "../../api/useAsync.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ConfirmDialog } from "../../services/ConfirmDialog.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import {
  SecretConflictError,
  countSecrets,
  createFolder,
  createSecret,
  deleteFolder,
  deleteSecret,
  environmentOf,
  listDirectory,
  openSecret,
  renameFolder,
  renameSecret,
  saveSecret,
  type Explorer,
} from "../../vault/secretsExplorer.ts";
import { vaultSession } from "../../vault/session.ts";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

export default function MySecretsPage() {
  const { t } = useI18n();
  const session = useSession();
  const navigate = useNavigate();
  const vault = vaultSession({
    region: session.configuration.regions?.[0],
    userInfo: session.userInfo,
    projects: session.projects,
    accessToken: () => apiSession.accessToken?.(),
  });
  const topDir = session.project?.vaultTopDir ?? vault?.personalTopDir ?? "";
  const explorer: Explorer | undefined = vault ? { vault: vault.port, topDir } : undefined;
  const rest = useParams()["*"] ?? "";
  const current = normalizeVaultPath(rest === "" ? topDir : rest);
  const [refresh, setRefresh] = useState(0);
  const [error, setError] = useState<string | undefined>();
  const [newName, setNewName] = useState("");
  const [confirm, setConfirm] = useState<{ path: string; count: number; folder: boolean }>();

  const listing = useAsync(async () => {
    if (!explorer) return undefined;
    const dir = await listDirectory(explorer, current).catch(() => undefined);
    if (dir && (dir.directories.length > 0 || dir.files.length > 0 || current === topDir)) {
      return { kind: "dir" as const, dir };
    }
    const secret = await openSecret(explorer, current);
    return secret ? { kind: "secret" as const, secret } : { kind: "dir" as const, dir };
  }, [current, refresh, topDir, vault?.port]);

  if (!explorer) return <Alert severity="info">{t.vault.notDurable}</Alert>;
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

  return (
    <Stack spacing={2} data-testid="my-secrets">
      <Typography variant="h4" component="h1">
        {t.vault.title}
      </Typography>
      <Typography color="text.secondary">{t.vault.subtitle}</Typography>
      {!vault?.durable && <Alert severity="warning">{t.vault.notDurable}</Alert>}
      {session.project?.group && <Alert severity="info">{t.vault.groupSaveWarning}</Alert>}
      <Breadcrumbs aria-label="path">
        {segments.map((s, i) => (
          <Link key={i} to={`/my-secrets/${segments.slice(0, i + 1).join("/")}`}>
            {s}
          </Link>
        ))}
      </Breadcrumbs>
      {error && (
        <Alert severity="error" data-testid="secrets-error">
          {error}
        </Alert>
      )}
      {listing.status === "error" && (
        <Alert severity="error" data-testid="secrets-unavailable">
          {t.vault.unavailable} ({message(listing.error)})
        </Alert>
      )}
      {listing.status === "success" && listing.data?.kind === "dir" && listing.data.dir && (
        <>
          <Stack direction="row" spacing={1}>
            <TextField
              size="small"
              label={t.vault.name}
              value={newName}
              onChange={(e) => setNewName(e.target.value)}
              inputProps={{ "data-testid": "secret-new-name" }}
            />
            <Button
              data-testid="secret-new-folder"
              onClick={() =>
                void act(() => createFolder(explorer, current, newName)).then(() => setNewName(""))
              }
            >
              {t.vault.newFolder}
            </Button>
            <Button
              data-testid="secret-new-secret"
              onClick={() =>
                void act(async () => go(await createSecret(explorer, current, newName))).then(() =>
                  setNewName(""),
                )
              }
            >
              {t.vault.newSecret}
            </Button>
          </Stack>
          {listing.data.dir.reservedHidden && (
            <Typography variant="body2" color="text.secondary">
              {t.vault.reservedHidden}
            </Typography>
          )}
          <List>
            {[
              ...listing.data.dir.directories.map((d) => ({ name: d, folder: true })),
              ...listing.data.dir.files.map((f) => ({ name: f, folder: false })),
            ].map(({ name, folder }) => {
              const path = joinVaultPath(current, name);
              return (
                <Stack key={path} direction="row" alignItems="center">
                  <ListItemButton onClick={() => go(path)} data-testid={`secret-entry-${name}`}>
                    <ListItemText primary={folder ? `${name}/` : name} />
                  </ListItemButton>
                  <Button
                    size="small"
                    onClick={() => {
                      const to = window.prompt(t.vault.rename, name);
                      if (to)
                        void act(() => (folder ? renameFolder : renameSecret)(explorer, path, to));
                    }}
                  >
                    {t.vault.rename}
                  </Button>
                  <IconButton
                    aria-label={t.vault.delete}
                    onClick={() =>
                      void act(async () =>
                        setConfirm({
                          path,
                          folder,
                          count: folder ? await countSecrets(explorer, path) : 1,
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
          {listing.data.dir.directories.length + listing.data.dir.files.length === 0 && (
            <Typography color="text.secondary">{t.vault.empty}</Typography>
          )}
        </>
      )}
      {listing.status === "success" && listing.data?.kind === "secret" && (
        <SecretEditor
          key={`${current}@${listing.data.secret.version}`}
          explorer={explorer}
          path={current}
          initial={listing.data.secret}
          onSaved={() => setRefresh((n) => n + 1)}
        />
      )}
      {confirm && (
        <ConfirmDialog
          open
          title={t.vault.delete}
          body={t.vault.confirmDelete({ name: confirm.path, count: confirm.count })}
          confirm={t.vault.delete}
          onClose={() => setConfirm(undefined)}
          onConfirm={() => {
            const c = confirm;
            setConfirm(undefined);
            void act(() =>
              c.folder ? deleteFolder(explorer, c.path) : deleteSecret(explorer, c.path),
            );
          }}
        />
      )}
    </Stack>
  );
}

function SecretEditor(props: {
  explorer: Explorer;
  path: string;
  initial: { data: Record<string, unknown>; version: number };
  onSaved: () => void;
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
  const [status, setStatus] = useState<{
    severity: "success" | "error" | "warning";
    text: string;
  }>();
  const save = async () => {
    try {
      const saved = await saveSecret(props.explorer, props.path, rows, version);
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
  const link = encodeLauncherLink({
    catalogId: "ide",
    chartName: "vscode-python",
    helmValuesPatch: [
      { path: ["vault", "secret"], value: props.path.slice(props.explorer.topDir.length + 1) },
    ],
  });
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
          />
          <TextField
            size="small"
            label={t.vault.value}
            type={reveal ? "text" : "password"}
            value={value}
            onChange={(e) => setRows(rows.map((r, j) => (j === i ? [r[0], e.target.value] : r)))}
          />
          <Button size="small" onClick={() => void navigator.clipboard?.writeText(value)}>
            {t.vault.copy}
          </Button>
        </Stack>
      ))}
      <Stack direction="row" spacing={1}>
        <Button onClick={() => setRows([...rows, ["", ""]])}>{t.vault.addRow}</Button>
        <Button onClick={() => setReveal(!reveal)}>{reveal ? t.vault.hide : t.vault.reveal}</Button>
        <Button
          variant="contained"
          data-testid="secret-save"
          onClick={() => void save().then(props.onSaved)}
        >
          {t.vault.save}
        </Button>
      </Stack>
      {status && <Alert severity={status.severity}>{status.text}</Alert>}
      <Typography variant="body2">
        {t.vault.useInServiceHelp({ path: props.path })}{" "}
        {environmentOf(Object.fromEntries(rows)).join(" ")}
      </Typography>
      <Button component={Link} to={link} data-testid="secret-use-in-service">
        {t.vault.openLauncher}
      </Button>
    </Stack>
  );
}
