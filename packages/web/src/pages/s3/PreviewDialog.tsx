import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import LinearProgress from "@mui/material/LinearProgress";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import type { Preview } from "../../core/usecases/s3/explorerStore.ts";
import { formatSize } from "../../i18n/formatting.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { S3ErrorAlert } from "./S3ErrorAlert.tsx";

/** Text (first 64 KiB), images, and the first rows of a CSV, read with a range request. */
export function PreviewDialog(props: {
  name: string;
  load: (signal: AbortSignal) => Promise<Preview>;
  onDownload: () => void;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const preview = useAsync(props.load, []);
  return (
    <Dialog open onClose={props.onClose} data-testid="s3-preview" fullWidth maxWidth="lg">
      <DialogTitle>{props.name}</DialogTitle>
      <DialogContent>
        {preview.status === "loading" && <LinearProgress />}
        {preview.status === "error" && (
          <S3ErrorAlert error={preview.error} onRetry={preview.retry} />
        )}
        {preview.status === "success" && preview.data.kind === "text" && (
          <Box
            component="pre"
            data-testid="s3-preview-text"
            sx={{ fontSize: 13, whiteSpace: "pre-wrap", m: 0 }}
          >
            {preview.data.text}
          </Box>
        )}
        {preview.status === "success" && preview.data.kind === "image" && (
          <Box component="img" src={preview.data.url} alt={props.name} sx={{ maxWidth: "100%" }} />
        )}
        {preview.status === "success" && preview.data.kind === "csv" && (
          <Box sx={{ overflowX: "auto" }}>
            <Table size="small" data-testid="s3-preview-csv">
              <TableHead>
                <TableRow>
                  {(preview.data.rows[0] ?? []).map((cell, i) => (
                    <TableCell key={i} sx={{ fontWeight: 600 }}>
                      {cell}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {preview.data.rows.slice(1).map((row, r) => (
                  <TableRow key={r}>
                    {row.map((cell, i) => (
                      <TableCell key={i}>{cell}</TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        )}
        {preview.status === "success" && preview.data.kind === "none" && (
          <Alert severity="info">
            {t.s3.previewNone({ size: formatSize(preview.data.size, lang) })}
          </Alert>
        )}
        {preview.status === "success" &&
          (preview.data.kind === "text" || preview.data.kind === "csv") &&
          preview.data.truncated && (
            <Alert severity="info" sx={{ mt: 1 }}>
              {preview.data.kind === "csv" ? t.s3.previewFirstRows : t.s3.previewTruncated}
            </Alert>
          )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onDownload}>{t.s3.download}</Button>
        <Button variant="contained" onClick={props.onClose}>
          {t.s3.close}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
