// The S3 explorer at Onyxia's route /s3/<bucket>/<key…>?profile=<name>: list (paged, windowed),
// breadcrumbs, bookmarks, drag and drop of files and folders with progress/cancel/retry and an
// overwrite confirmation, download, folder zip, delete with a count, new folder, rename/move,
// share links, public/private. Every action's `mc` command goes to the command bar.
// Renders and dispatches only: the logic is in src/s3/ (port, adapter, use cases).
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import Chip from "@mui/material/Chip";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import MenuItem from "@mui/material/MenuItem";
import Stack from "@mui/material/Stack";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import {
  initSnippet,
  profileEnvVars,
  SNIPPET_LANGUAGES,
  type ShareDuration,
} from "@onyxia-ts/core";
import { useEffect, useMemo, useRef, useState, type DragEvent } from "react";
import { Link as RouterLink, useLocation, useNavigate, useSearchParams } from "react-router";
import { logCommands } from "../../api/commandLog.ts";
import { useAsync } from "../../api/useAsync.ts";
import { itemsFromDataTransfer, itemsFromFileList } from "../../s3/dropFiles.ts";
import {
  createFolder,
  deleteSelection,
  expandSelection,
  listAll,
  move,
  setPrefixPublic,
  shareLink,
  zipPrefix,
  FOLDER_MARKER,
  type ExplorerContext,
  type Listing,
} from "../../s3/explorerUseCases.ts";
import { S3Error, type S3Credentials } from "../../s3/port.ts";
import {
  createUploadQueue,
  planUpload,
  type QueueSnapshot,
  type UploadItem,
} from "../../s3/uploadQueue.ts";
import { webProfileSessions } from "../../s3/webProfiles.ts";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";

const ROW_HEIGHT = 36;
const VISIBLE_ROWS = 20;

function S3ErrorPanel({
  error,
  onRetry,
  onCreateBucket,
}: {
  error: unknown;
  onRetry: () => void;
  onCreateBucket?: () => void;
}) {
  if (error instanceof S3Error) {
    const title: Record<string, string> = {
      noSuchBucket: "This bucket does not exist",
      accessDenied: "Access denied",
      unreachable: "S3 cannot be reached",
      expiredCredentials: "Your S3 credentials expired",
      invalidName: "Invalid name",
    };
    return (
      <Alert
        severity="error"
        role="alert"
        data-testid="s3-error"
        data-kind={error.kind}
        action={
          <Stack direction="row" spacing={1}>
            {error.kind === "noSuchBucket" && onCreateBucket && (
              <Button color="inherit" size="small" onClick={onCreateBucket}>
                Create bucket
              </Button>
            )}
            <Button color="inherit" size="small" onClick={onRetry}>
              Retry
            </Button>
          </Stack>
        }
      >
        <strong>{title[error.kind] ?? "S3 error"}</strong> — {error.message}
      </Alert>
    );
  }
  return <ErrorPanel error={error} onRetry={onRetry} />;
}

function CredentialsPanel({
  credentials,
  profile,
}: {
  credentials: S3Credentials | undefined;
  profile: { profileName: string; url: string; region: string; pathStyleAccess: boolean };
}) {
  const [reveal, setReveal] = useState(false);
  const [language, setLanguage] = useState<(typeof SNIPPET_LANGUAGES)[number]>("mc");
  const snippetProfile = { ...profile, ...(credentials ? { credentials } : {}) };
  return (
    <Box data-testid="s3-profile" sx={{ my: 2 }}>
      <Typography variant="h6">Profile {profile.profileName}</Typography>
      <Typography variant="body2">
        Endpoint {profile.url} · region {profile.region}
        {credentials?.expiration ? ` · expires ${credentials.expiration.toLocaleString()}` : ""}
      </Typography>
      <Box component="pre" sx={{ fontSize: 12, overflowX: "auto" }} data-testid="s3-env">
        {profileEnvVars(snippetProfile, reveal)
          .map((v) => `${v.name}=${v.value}`)
          .join("\n")}
      </Box>
      <Stack direction="row" spacing={1} alignItems="center">
        <Button size="small" onClick={() => setReveal((r) => !r)}>
          {reveal ? "Hide secrets" : "Show secrets"}
        </Button>
        <TextField
          select
          size="small"
          value={language}
          onChange={(e) => setLanguage(e.target.value as typeof language)}
        >
          {SNIPPET_LANGUAGES.map((l) => (
            <MenuItem key={l} value={l}>
              {l}
            </MenuItem>
          ))}
        </TextField>
      </Stack>
      <Box component="pre" sx={{ fontSize: 12, overflowX: "auto" }} data-testid="s3-snippet">
        {initSnippet(snippetProfile, language, reveal)}
      </Box>
    </Box>
  );
}

export default function S3ExplorerPage() {
  const session = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const region = session.configuration.regions?.[0];
  const { sessions, warnings } = useMemo(
    () => webProfileSessions(region),
    [region, session.loggedIn],
  );
  const profileName =
    params.get("profile") ??
    sessions.find((s) => s.profile.profileName === "default")?.profile.profileName ??
    sessions[0]?.profile.profileName;
  const profileSession = sessions.find((s) => s.profile.profileName === profileName);
  const path = decodeURIComponent(pathname.replace(/^\/s3\/?/, ""));
  const slash = path.indexOf("/");
  const bucket = slash === -1 ? path : path.slice(0, slash);
  const prefix = slash === -1 ? "" : path.slice(slash + 1);
  const ctx: ExplorerContext | undefined = useMemo(
    () => profileSession && { s3: profileSession.client, log: (c) => logCommands("S3", [c]) },
    [profileSession],
  );
  const go = (target: string) =>
    navigate(`/s3/${target}?profile=${encodeURIComponent(profileName ?? "")}`);

  const [progress, setProgress] = useState<number | undefined>();
  const [reload, setReload] = useState(0);
  const listing = useAsync(
    async (signal) => {
      if (!ctx || !bucket) return undefined;
      setProgress(0);
      const result = await listAll(ctx, bucket, prefix, {
        signal,
        onPage: (l: Listing) => setProgress(l.objects.length + l.prefixes.length),
      });
      setProgress(undefined);
      return result;
    },
    [ctx, bucket, prefix, reload],
  );
  const credentials = useAsync(
    async () => profileSession?.client.currentCredentials(),
    [profileSession, reload],
  );

  const [queueState, setQueueState] = useState<QueueSnapshot | undefined>();
  const queue = useMemo(
    () => ctx && createUploadQueue(ctx, { concurrency: 4, onChange: setQueueState }),
    [ctx],
  );
  const [message, setMessage] = useState<
    { severity: "success" | "error" | "info"; text: string } | undefined
  >();
  const [share, setShare] = useState<string | undefined>();
  const [scrollTop, setScrollTop] = useState(0);
  const folderInput = useRef<HTMLInputElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  useEffect(() => folderInput.current?.setAttribute("webkitdirectory", ""), []);

  const act = async (what: string, action: () => Promise<unknown>) => {
    try {
      await action();
      setMessage({ severity: "success", text: what });
      setReload((n) => n + 1);
    } catch (error) {
      setMessage({
        severity: "error",
        text: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const upload = async (items: UploadItem[]) => {
    if (!ctx || !queue || items.length === 0) return;
    const plan = await planUpload(ctx, bucket, prefix, items);
    if (plan.invalid.length > 0)
      setMessage({
        severity: "error",
        text: `${plan.invalid.length} file(s) skipped: ${plan.invalid[0]!.problem}`,
      });
    let skipExisting = false;
    if (plan.existing.length > 0)
      skipExisting = !window.confirm(
        `${plan.existing.length} file(s) already exist (first: ${plan.existing[0]}). Overwrite them?`,
      );
    queue.enqueue(plan, { skipExisting });
    await queue.idle();
    setReload((n) => n + 1);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    void itemsFromDataTransfer(event.dataTransfer).then(upload);
  };

  if (!session.loggedIn) return <Alert severity="info">Log in to browse S3.</Alert>;
  if (sessions.length === 0)
    return (
      <Alert severity="info" data-testid="s3-none">
        This region has no S3 profile.
      </Alert>
    );
  if (!profileSession || !ctx)
    return <Alert severity="error">S3 profile "{profileName}" does not exist.</Alert>;

  const bookmarks = profileSession.profile.bookmarks;
  const crumbs = prefix.split("/").filter(Boolean);
  const data = listing.status === "success" ? listing.data : undefined;
  const rows = data
    ? [
        ...data.prefixes.map((p) => ({ key: p, folder: true, size: 0 })),
        ...data.objects
          .filter((o) => !o.key.endsWith(FOLDER_MARKER))
          .map((o) => ({ key: o.key, folder: false, size: o.size })),
      ]
    : [];
  const first = Math.floor(scrollTop / ROW_HEIGHT);
  const windowed = rows.slice(first, first + VISIBLE_ROWS + 5);

  return (
    <Box onDragOver={(e) => e.preventDefault()} onDrop={onDrop} data-testid="s3-explorer">
      {warnings.map((w) => (
        <Alert key={w} severity="warning">
          {w}
        </Alert>
      ))}
      <Stack
        direction="row"
        spacing={1}
        sx={{ mb: 1, flexWrap: "wrap" }}
        data-testid="s3-bookmarks"
      >
        {bookmarks.map((b) => (
          <Chip
            key={b.s3UriWithoutScheme}
            label={
              typeof b.title === "string" ? b.title : (b.title.en ?? Object.values(b.title)[0])
            }
            onClick={() => go(b.s3UriWithoutScheme)}
          />
        ))}
      </Stack>
      {!bucket ? (
        credentials.status === "success" ? (
          <CredentialsPanel credentials={credentials.data} profile={profileSession.profile} />
        ) : credentials.status === "error" ? (
          <S3ErrorPanel error={credentials.error} onRetry={credentials.retry} />
        ) : (
          <LinearProgress />
        )
      ) : (
        <>
          <Breadcrumbs data-testid="s3-breadcrumbs">
            <Link component={RouterLink} to={`/s3/${bucket}/?profile=${profileName}`}>
              {bucket}
            </Link>
            {crumbs.map((c, i) => (
              <Link
                key={i}
                component={RouterLink}
                to={`/s3/${bucket}/${crumbs.slice(0, i + 1).join("/")}/?profile=${profileName}`}
              >
                {c}
              </Link>
            ))}
          </Breadcrumbs>
          <Stack direction="row" spacing={1} sx={{ my: 1 }}>
            <Button size="small" variant="contained" onClick={() => fileInput.current?.click()}>
              Upload files
            </Button>
            <Button size="small" variant="outlined" onClick={() => folderInput.current?.click()}>
              Upload folder
            </Button>
            <Button
              size="small"
              onClick={() => {
                const name = window.prompt("Folder name");
                if (name)
                  void act(`Folder ${name} created`, () => createFolder(ctx, bucket, prefix, name));
              }}
            >
              New folder
            </Button>
            <Button
              size="small"
              onClick={() =>
                void act("Now public", () => setPrefixPublic(ctx, bucket, prefix, true))
              }
            >
              Make public
            </Button>
            <Button
              size="small"
              onClick={() =>
                void act("Now private", () => setPrefixPublic(ctx, bucket, prefix, false))
              }
            >
              Make private
            </Button>
            <input
              ref={fileInput}
              type="file"
              multiple
              hidden
              data-testid="s3-file-input"
              onChange={(e) => e.target.files && void upload(itemsFromFileList(e.target.files))}
            />
            <input
              ref={folderInput}
              type="file"
              multiple
              hidden
              data-testid="s3-folder-input"
              onChange={(e) => e.target.files && void upload(itemsFromFileList(e.target.files))}
            />
          </Stack>
          {message && (
            <Alert
              severity={message.severity}
              onClose={() => setMessage(undefined)}
              data-testid="s3-message"
            >
              {message.text}
            </Alert>
          )}
          {share && (
            <TextField
              fullWidth
              size="small"
              label="Share link"
              value={share}
              slotProps={{ htmlInput: { "data-testid": "s3-share-link", readOnly: true } }}
              sx={{ my: 1 }}
            />
          )}
          {queueState && queueState.tasks.length > 0 && (
            <Box data-testid="s3-uploads" sx={{ my: 1 }}>
              <Typography variant="body2">
                Uploads: {queueState.tasks.filter((t) => t.status === "done").length}/
                {queueState.tasks.length} ·{" "}
                {queueState.total ? Math.round((100 * queueState.loaded) / queueState.total) : 100}{" "}
                %
              </Typography>
              <LinearProgress
                variant="determinate"
                value={queueState.total ? (100 * queueState.loaded) / queueState.total : 100}
              />
              {queueState.tasks
                .filter((t) => t.status !== "done")
                .slice(0, 10)
                .map((t) => (
                  <Stack key={t.id} direction="row" spacing={1} alignItems="center">
                    <Typography variant="caption" sx={{ flex: 1 }}>
                      {t.key} — {t.status}{" "}
                      {t.size ? `${Math.round((100 * t.loaded) / t.size)} %` : ""}{" "}
                      {t.error?.message ?? ""}
                    </Typography>
                    {(t.status === "uploading" || t.status === "queued") && (
                      <Button size="small" onClick={() => queue?.cancel(t.id)}>
                        Cancel
                      </Button>
                    )}
                    {(t.status === "failed" || t.status === "cancelled") && (
                      <Button size="small" onClick={() => queue?.retry(t.id)}>
                        Retry
                      </Button>
                    )}
                  </Stack>
                ))}
            </Box>
          )}
          {listing.status === "error" ? (
            <S3ErrorPanel
              error={listing.error}
              onRetry={listing.retry}
              onCreateBucket={() =>
                void act(`Bucket ${bucket} created`, () => ctx.s3.createBucket(bucket))
              }
            />
          ) : !data ? (
            <Box>
              <LinearProgress />
              {progress !== undefined && (
                <Typography variant="caption">{progress} entries…</Typography>
              )}
            </Box>
          ) : (
            <>
              <Typography variant="caption" data-testid="s3-count">
                {data.prefixes.length} folder(s), {data.objects.length} file(s)
              </Typography>
              <Box
                sx={{
                  height: ROW_HEIGHT * Math.min(VISIBLE_ROWS, Math.max(rows.length, 1)),
                  overflowY: "auto",
                }}
                onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
                data-testid="s3-list"
              >
                <Box sx={{ height: rows.length * ROW_HEIGHT, position: "relative" }}>
                  {windowed.map((row, i) => {
                    const name = row.key.slice(prefix.length);
                    return (
                      <Stack
                        key={row.key}
                        direction="row"
                        spacing={1}
                        alignItems="center"
                        data-testid="s3-row"
                        data-key={row.key}
                        sx={{
                          position: "absolute",
                          top: (first + i) * ROW_HEIGHT,
                          height: ROW_HEIGHT,
                          left: 0,
                          right: 0,
                        }}
                      >
                        {row.folder ? (
                          <Link
                            component="button"
                            onClick={() => go(`${bucket}/${row.key}`)}
                            sx={{ flex: 1, textAlign: "left" }}
                          >
                            📁 {name}
                          </Link>
                        ) : (
                          <Typography sx={{ flex: 1 }}>
                            {name}{" "}
                            <Typography component="span" variant="caption">
                              ({row.size} B)
                            </Typography>
                          </Typography>
                        )}
                        {!row.folder &&
                          (["1h", "1d", "7d"] as ShareDuration[]).map((d) => (
                            <Button
                              key={d}
                              size="small"
                              data-testid={`s3-share-${d}`}
                              onClick={() =>
                                void shareLink(ctx, bucket, row.key, d).then(
                                  (l) => setShare(l.url),
                                  (e: unknown) =>
                                    setMessage({ severity: "error", text: String(e) }),
                                )
                              }
                            >
                              Share {d}
                            </Button>
                          ))}
                        {!row.folder && (
                          <Button
                            size="small"
                            onClick={() =>
                              void shareLink(ctx, bucket, row.key, "1h").then((l) =>
                                window.open(l.url, "_blank"),
                              )
                            }
                          >
                            Download
                          </Button>
                        )}
                        {row.folder && (
                          <Button
                            size="small"
                            onClick={() =>
                              void new Response(zipPrefix(ctx, bucket, row.key))
                                .blob()
                                .then((blob) => {
                                  const a = document.createElement("a");
                                  a.href = URL.createObjectURL(blob);
                                  a.download = `${name.replace(/\/$/, "")}.zip`;
                                  a.click();
                                })
                            }
                          >
                            Zip
                          </Button>
                        )}
                        <Button
                          size="small"
                          onClick={() => {
                            const to = window.prompt(
                              "New name or path (relative to this folder)",
                              name,
                            );
                            if (to && to !== name)
                              void act(`Moved to ${to}`, () =>
                                move(ctx, bucket, row.key, prefix + to),
                              );
                          }}
                        >
                          Rename
                        </Button>
                        <Button
                          size="small"
                          color="error"
                          data-testid="s3-delete"
                          onClick={() =>
                            void (async () => {
                              const selection = row.folder
                                ? { keys: [], prefixes: [row.key] }
                                : { keys: [row.key], prefixes: [] };
                              const count = (await expandSelection(ctx, bucket, selection)).length;
                              if (window.confirm(`Delete ${count} object(s)?`))
                                await act(`${count} object(s) deleted`, () =>
                                  deleteSelection(ctx, bucket, selection),
                                );
                            })()
                          }
                        >
                          Delete
                        </Button>
                      </Stack>
                    );
                  })}
                </Box>
              </Box>
            </>
          )}
        </>
      )}
    </Box>
  );
}
