import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import LinearProgress from "@mui/material/LinearProgress";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { Explorer } from "../../core/usecases/s3/explorerStore.ts";
import { formatSize } from "../../i18n/formatting.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useStoreSlice } from "../../shell/CoreProvider.tsx";

const SHOWN = 8;
const ellipsis = { overflow: "hidden", textOverflow: "ellipsis", whiteSpace: "nowrap" } as const;

/**
 * Overall and per-file progress; cancel and retry. Finished files are summed up, not listed. It
 * reads the uploads itself, so their progress (≤10 Hz, uploadQueue.ts) re-renders this panel only.
 */
export function UploadsPanel(props: {
  explorer: Explorer;
  onCancel: (id: number) => void;
  onCancelAll: () => void;
  onRetry: (id: number) => void;
}) {
  const { t, lang } = useI18n();
  const { tasks, loaded, total } = useStoreSlice(props.explorer, (s) => s.uploads);
  if (tasks.length === 0) return null;
  const done = tasks.filter((task) => task.status === "done").length;
  const percent = total ? Math.round((100 * loaded) / total) : 100;
  // Failures first (with their reason and a retry), then the rest in queue order.
  const pending = [
    ...tasks.filter((task) => task.status === "failed"),
    ...tasks.filter((task) => task.status !== "done" && task.status !== "failed"),
  ];
  const busy = tasks.some((task) => task.status === "queued" || task.status === "uploading");
  return (
    <Paper variant="outlined" sx={{ p: 1.5, my: 1 }} data-testid="s3-uploads">
      <Stack direction="row" spacing={1} sx={{ alignItems: "center" }}>
        <Typography variant="body2" sx={{ flexGrow: 1 }} data-testid="s3-uploads-summary">
          {t.s3.uploadsSummary({
            done,
            total: tasks.length,
            percent,
            size: formatSize(total, lang),
          })}
        </Typography>
        {busy && (
          <Button size="small" onClick={props.onCancelAll}>
            {t.s3.cancelAll}
          </Button>
        )}
      </Stack>
      <LinearProgress variant="determinate" value={percent} sx={{ my: 1 }} />
      {pending.slice(0, SHOWN).map((task) => (
        <Stack
          key={task.id}
          direction="row"
          spacing={1}
          sx={{ alignItems: "center" }}
          data-testid="s3-upload-row"
        >
          <Box sx={{ flex: 1, minWidth: 0 }}>
            <Typography variant="caption" component="div" sx={ellipsis}>
              {task.key}
            </Typography>
            {task.status === "failed" && task.error && (
              <Typography
                variant="caption"
                component="div"
                color="error"
                sx={ellipsis}
                title={task.error.message}
                data-testid="s3-upload-error"
              >
                {task.error.message}
              </Typography>
            )}
          </Box>
          <Box sx={{ width: 120 }}>
            <LinearProgress
              variant="determinate"
              color={task.status === "failed" ? "error" : "primary"}
              value={task.size ? (100 * task.loaded) / task.size : task.status === "done" ? 100 : 0}
            />
          </Box>
          <Typography variant="caption" sx={{ width: 140 }} data-testid="s3-upload-status">
            {t.s3.uploadStatus[task.status]}
          </Typography>
          {(task.status === "uploading" || task.status === "queued") && (
            <Button size="small" onClick={() => props.onCancel(task.id)}>
              {t.s3.cancel}
            </Button>
          )}
          {(task.status === "failed" || task.status === "cancelled") && (
            <Button size="small" onClick={() => props.onRetry(task.id)}>
              {t.errors.retry}
            </Button>
          )}
        </Stack>
      ))}
      {pending.length > SHOWN && (
        <Typography variant="caption">
          {t.s3.moreUploads({ count: pending.length - SHOWN })}
        </Typography>
      )}
    </Paper>
  );
}
