import Button from "@mui/material/Button";
import Paper from "@mui/material/Paper";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import { useState } from "react";
import { useCore } from "../../shell/CoreProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatDateTime } from "../../i18n/formatting.ts";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";

export function RevisionsPanel({
  serviceId,
  onRolledBack,
}: {
  serviceId: string;
  onRolledBack: () => void;
}) {
  const { t, lang } = useI18n();
  const { api } = useCore();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const state = useAsync((signal) => api.revisions(serviceId, signal), [serviceId]);
  if (state.status === "loading") return null;
  if (state.status === "error") return <ErrorPanel error={state.error} onRetry={state.retry} />;
  const revisions = [...state.data.revisions].sort((a, b) => b.revision - a.revision);
  const current = revisions[0]?.revision;
  return (
    <>
      {error !== undefined && <ErrorPanel error={error} />}
      <Paper variant="outlined" data-testid="revisions-panel">
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t.service.revision}</TableCell>
              <TableCell>{t.service.updated}</TableCell>
              <TableCell>{t.service.status}</TableCell>
              <TableCell>{t.service.chart}</TableCell>
              <TableCell>{t.service.description}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {revisions.map((r) => (
              <TableRow key={r.revision}>
                <TableCell>{r.revision}</TableCell>
                <TableCell>{formatDateTime(r.updated, lang)}</TableCell>
                <TableCell>{r.status}</TableCell>
                <TableCell>{r.chart}</TableCell>
                <TableCell>{r.description}</TableCell>
                <TableCell>
                  {r.revision !== current && (
                    <Button
                      size="small"
                      disabled={busy}
                      data-testid={`rollback-${r.revision}`}
                      onClick={async () => {
                        setBusy(true);
                        setError(undefined);
                        try {
                          await api.rollback(serviceId, r.revision);
                          state.retry();
                          onRolledBack();
                        } catch (e) {
                          setError(e);
                        } finally {
                          setBusy(false);
                        }
                      }}
                    >
                      {t.service.rollback}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
    </>
  );
}
