// One folder of a bucket: toolbar, windowed listing with its count, drop zone, uploads, and the
// dialogs of every action. Renders the explorer store and calls its actions.
import CreateFolderIcon from "@mui/icons-material/CreateNewFolderOutlined";
import RefreshIcon from "@mui/icons-material/Refresh";
import UploadIcon from "@mui/icons-material/UploadFileOutlined";
import FolderUploadIcon from "@mui/icons-material/DriveFolderUploadOutlined";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Breadcrumbs from "@mui/material/Breadcrumbs";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import LinearProgress from "@mui/material/LinearProgress";
import Link from "@mui/material/Link";
import Menu from "@mui/material/Menu";
import MenuItem from "@mui/material/MenuItem";
import Snackbar from "@mui/material/Snackbar";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { entryNameProblem, objectKeyProblem } from "@onyxia-ts/core";
import { useCallback, useEffect, useRef, useState, type DragEvent } from "react";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import type { Explorer, ExplorerEntry, Selection } from "../../core/usecases/s3/explorerStore.ts";
import type { UploadPlan } from "../../core/usecases/s3/uploadQueue.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useStoreSlice } from "../../shell/CoreProvider.tsx";
import { ExplorerList } from "./ExplorerList.tsx";
import { itemsFromDataTransfer, itemsFromFileList } from "./dropFiles.ts";
import { NameDialog } from "./NameDialog.tsx";
import { OverwriteDialog } from "./OverwriteDialog.tsx";
import { PreviewDialog } from "./PreviewDialog.tsx";
import { S3ErrorAlert } from "./S3ErrorAlert.tsx";
import { ShareDialog } from "./ShareDialog.tsx";
import { UploadsPanel } from "./UploadsPanel.tsx";

type Dialog =
  | { kind: "newFolder" }
  | { kind: "move"; entry: ExplorerEntry }
  | { kind: "delete"; selection: Selection; name: string; count: number }
  | { kind: "overwrite"; plan: UploadPlan }
  | { kind: "share"; entry: ExplorerEntry }
  | { kind: "preview"; entry: ExplorerEntry }
  | { kind: "public"; makePublic: boolean };

type Notice = { severity: "success" | "error" | "info"; text: string };

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function saveStream(stream: ReadableStream<Uint8Array>, fileName: string): Promise<void> {
  return new Response(stream).blob().then((blob) => {
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = fileName;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
  });
}

export function ExplorerView(props: {
  explorer: Explorer;
  bucket: string;
  prefix: string;
  go: (s3UriWithoutScheme: string) => void;
}) {
  const { t, lang } = useI18n();
  const { explorer, bucket, prefix } = props;
  // The listing's parts only: upload progress re-renders the uploads panel, not the whole view.
  const entries = useStoreSlice(explorer, (s) => s.entries);
  const loading = useStoreSlice(explorer, (s) => s.loading);
  const error = useStoreSlice(explorer, (s) => s.error);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [notice, setNotice] = useState<Notice | undefined>();
  const [menu, setMenu] = useState<{ anchor: HTMLElement; entry: ExplorerEntry } | undefined>();
  const [dragging, setDragging] = useState(false);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => folderInput.current?.setAttribute("webkitdirectory", ""), []);
  useEffect(() => explorer.open(bucket, prefix), [explorer, bucket, prefix]);

  const run = async (action: () => Promise<string | undefined>) => {
    setBusy(true);
    try {
      const text = await action();
      if (text) setNotice({ severity: "success", text });
    } catch (error) {
      setNotice({ severity: "error", text: message(error) });
    } finally {
      setBusy(false);
    }
  };

  const startUpload = (plan: UploadPlan, overwrite: boolean) =>
    void explorer.upload(plan, { overwrite }).then(() => {
      const failed = explorer
        .getSnapshot()
        .uploads.tasks.filter((task) => task.status === "failed");
      if (failed.length > 0)
        setNotice({ severity: "error", text: t.s3.uploadsFailed({ count: failed.length }) });
    });

  const upload = (items: Parameters<Explorer["planUpload"]>[0]) =>
    run(async () => {
      if (items.length === 0) return undefined;
      const plan = await explorer.planUpload(items);
      if (plan.invalid.length > 0)
        setNotice({
          severity: "error",
          text: t.s3.invalidNames({
            count: plan.invalid.length,
            problem: plan.invalid[0]!.problem,
          }),
        });
      if (plan.existing.length > 0) setDialog({ kind: "overwrite", plan });
      else startUpload(plan, false);
      return undefined;
    });

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void itemsFromDataTransfer(event.dataTransfer).then(upload);
  };

  const askDelete = (entry: ExplorerEntry) =>
    run(async () => {
      const selection: Selection = entry.isFolder
        ? { keys: [], prefixes: [entry.key] }
        : { keys: [entry.key], prefixes: [] };
      const count = await explorer.countObjects(selection);
      setDialog({ kind: "delete", selection, name: entry.name, count });
      return undefined;
    });

  const download = (entry: ExplorerEntry) =>
    run(async () => {
      if (entry.isFolder) {
        await saveStream(explorer.zip(entry.key), `${entry.name.replace(/\/$/, "")}.zip`);
        return undefined;
      }
      const url = await explorer.downloadUrl(entry.key);
      const a = document.createElement("a");
      a.href = url;
      a.download = entry.name;
      a.rel = "noopener";
      a.click();
      return undefined;
    });

  // Stable for the list's rows (memoized): `go` changes with every render of the page.
  const goRef = useRef(props.go);
  goRef.current = props.go;
  const onOpen = useCallback(
    (entry: ExplorerEntry) =>
      entry.isFolder
        ? goRef.current(`${bucket}/${entry.key}`)
        : setDialog({ kind: "preview", entry }),
    [bucket],
  );
  const onMenu = useCallback(
    (anchor: HTMLElement, entry: ExplorerEntry) => setMenu({ anchor, entry }),
    [],
  );

  const crumbs = prefix.split("/").filter(Boolean);
  const folders = entries.filter((e) => e.isFolder).length;

  return (
    <Box
      data-testid="s3-explorer"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={onDrop}
      sx={{
        position: "relative",
        outline: dragging ? "2px dashed" : "none",
        outlineColor: "primary.main",
        borderRadius: 1,
      }}
    >
      <Breadcrumbs data-testid="s3-breadcrumbs" sx={{ mb: 1 }}>
        <Link component="button" onClick={() => props.go(`${bucket}/`)}>
          {bucket}
        </Link>
        {crumbs.map((c, i) => (
          <Link
            key={i}
            component="button"
            onClick={() => props.go(`${bucket}/${crumbs.slice(0, i + 1).join("/")}/`)}
          >
            {c}
          </Link>
        ))}
      </Breadcrumbs>
      <Stack direction="row" spacing={1} sx={{ my: 1, flexWrap: "wrap", rowGap: 1 }}>
        <Button
          size="small"
          variant="contained"
          startIcon={<UploadIcon />}
          onClick={() => fileInput.current?.click()}
        >
          {t.s3.uploadFiles}
        </Button>
        <Button
          size="small"
          variant="outlined"
          startIcon={<FolderUploadIcon />}
          onClick={() => folderInput.current?.click()}
        >
          {t.s3.uploadFolder}
        </Button>
        <Button
          size="small"
          startIcon={<CreateFolderIcon />}
          onClick={() => setDialog({ kind: "newFolder" })}
          data-testid="s3-new-folder"
        >
          {t.s3.newFolder}
        </Button>
        <Button size="small" onClick={() => setDialog({ kind: "public", makePublic: true })}>
          {t.s3.makePublic}
        </Button>
        <Button size="small" onClick={() => setDialog({ kind: "public", makePublic: false })}>
          {t.s3.makePrivate}
        </Button>
        <IconButton size="small" aria-label={t.s3.refresh} onClick={explorer.refresh}>
          <RefreshIcon fontSize="small" />
        </IconButton>
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
      <Typography variant="caption" color="text.secondary" sx={{ display: "block", mb: 1 }}>
        {t.s3.dropHint}
      </Typography>
      {busy && <LinearProgress sx={{ mb: 1 }} />}
      <UploadsPanel
        explorer={explorer}
        onCancel={explorer.cancelUpload}
        onCancelAll={explorer.cancelAllUploads}
        onRetry={explorer.retryUpload}
      />
      {error !== undefined ? (
        <S3ErrorAlert
          error={error}
          onRetry={explorer.refresh}
          onCreateBucket={() =>
            void run(async () => (await explorer.createBucket(), t.s3.bucketCreated({ bucket })))
          }
        />
      ) : (
        <>
          <Typography
            variant="caption"
            data-testid="s3-count"
            data-count={entries.length - folders}
            data-folders={folders}
            data-complete={!loading}
          >
            {loading
              ? t.s3.countLoading({ folders, files: entries.length - folders })
              : t.s3.count({ folders, files: entries.length - folders })}
          </Typography>
          {loading && <LinearProgress sx={{ my: 0.5 }} />}
          {!loading && entries.length === 0 && (
            <Alert severity="info" sx={{ mt: 1 }} data-testid="s3-empty">
              {t.s3.empty}
            </Alert>
          )}
          <ExplorerList
            entries={entries}
            lang={lang}
            actionsLabel={t.s3.actions}
            onOpen={onOpen}
            onMenu={onMenu}
          />
        </>
      )}
      <Menu
        open={menu !== undefined}
        anchorEl={menu?.anchor}
        onClose={() => setMenu(undefined)}
        onClick={() => setMenu(undefined)}
      >
        {menu && [
          !menu.entry.isFolder && (
            <MenuItem
              key="preview"
              onClick={() => setDialog({ kind: "preview", entry: menu.entry })}
            >
              {t.s3.preview}
            </MenuItem>
          ),
          <MenuItem key="download" onClick={() => void download(menu.entry)}>
            {menu.entry.isFolder ? t.s3.downloadZip : t.s3.download}
          </MenuItem>,
          !menu.entry.isFolder && (
            <MenuItem
              key="share"
              data-testid="s3-menu-share"
              onClick={() => setDialog({ kind: "share", entry: menu.entry })}
            >
              {t.s3.share}
            </MenuItem>
          ),
          <MenuItem key="move" onClick={() => setDialog({ kind: "move", entry: menu.entry })}>
            {t.s3.renameMove}
          </MenuItem>,
          <MenuItem
            key="delete"
            data-testid="s3-menu-delete"
            sx={{ color: "error.main" }}
            onClick={() => void askDelete(menu.entry)}
          >
            {t.s3.delete}
          </MenuItem>,
        ]}
      </Menu>
      {dialog?.kind === "newFolder" && (
        <NameDialog
          title={t.s3.newFolder}
          label={t.s3.folderName}
          initial=""
          confirm={t.s3.create}
          check={(name) => entryNameProblem(name)}
          onConfirm={(name) =>
            void run(async () => (await explorer.createFolder(name), t.s3.folderCreated({ name })))
          }
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === "move" && (
        <NameDialog
          title={t.s3.renameMove}
          label={t.s3.newPath}
          help={t.s3.newPathHelp({ prefix: `${bucket}/${prefix}` })}
          initial={dialog.entry.name.replace(/\/$/, "")}
          confirm={t.s3.renameMove}
          check={(to) =>
            objectKeyProblem(prefix + to + (dialog.entry.isFolder ? "/" : ""), {
              isPrefix: dialog.entry.isFolder,
            })
          }
          onConfirm={(to) =>
            void run(async () => {
              const { moved } = await explorer.move(dialog.entry.key, to);
              return t.s3.moved({ count: moved, to });
            })
          }
          onClose={() => setDialog(undefined)}
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === "delete"}
        title={t.s3.deleteTitle({ name: dialog?.kind === "delete" ? dialog.name : "" })}
        body={
          dialog?.kind === "delete"
            ? t.s3.deleteBody({ count: dialog.count, name: dialog.name })
            : ""
        }
        confirm={dialog?.kind === "delete" ? t.s3.deleteConfirm({ count: dialog.count }) : ""}
        onConfirm={() => {
          if (dialog?.kind !== "delete") return;
          const { selection } = dialog;
          void run(async () => {
            const { deleted, failed } = await explorer.remove(selection);
            if (failed.length > 0)
              throw new Error(
                t.s3.deleteFailed({ count: failed.length, message: failed[0]!.message }),
              );
            return t.s3.deleted({ count: deleted });
          });
        }}
        onClose={() => setDialog(undefined)}
      />
      {dialog?.kind === "overwrite" && (
        <OverwriteDialog
          existing={dialog.plan.existing}
          newCount={dialog.plan.uploads.length - dialog.plan.existing.length}
          onChoose={(overwrite) => startUpload(dialog.plan, overwrite)}
          onClose={() => setDialog(undefined)}
        />
      )}
      <ConfirmDialog
        open={dialog?.kind === "public"}
        title={dialog?.kind === "public" && dialog.makePublic ? t.s3.makePublic : t.s3.makePrivate}
        body={
          dialog?.kind === "public" && dialog.makePublic
            ? t.s3.makePublicBody({ path: `${bucket}/${prefix}` })
            : t.s3.makePrivateBody({ path: `${bucket}/${prefix}` })
        }
        confirm={t.s3.confirm}
        onConfirm={() => {
          if (dialog?.kind !== "public") return;
          const { makePublic } = dialog;
          void run(
            async () => (
              await explorer.setPublic(prefix, makePublic),
              makePublic ? t.s3.nowPublic : t.s3.nowPrivate
            ),
          );
        }}
        onClose={() => setDialog(undefined)}
      />
      {dialog?.kind === "share" && (
        <ShareDialog
          name={dialog.entry.name}
          share={(d) => explorer.share(dialog.entry.key, d)}
          onClose={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === "preview" && (
        <PreviewDialog
          name={dialog.entry.name}
          load={(signal) => explorer.preview(dialog.entry, signal)}
          onDownload={() => void download(dialog.entry)}
          onClose={() => setDialog(undefined)}
        />
      )}
      <Snackbar
        open={notice !== undefined}
        autoHideDuration={notice?.severity === "error" ? null : 5000}
        onClose={() => setNotice(undefined)}
      >
        {notice ? (
          <Alert
            severity={notice.severity}
            onClose={() => setNotice(undefined)}
            data-testid="s3-notice"
            variant="filled"
          >
            {notice.text}
          </Alert>
        ) : undefined}
      </Snackbar>
    </Box>
  );
}
