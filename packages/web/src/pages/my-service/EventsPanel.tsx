import Alert from "@mui/material/Alert";
import Paper from "@mui/material/Paper";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatTime } from "../../i18n/formatting.ts";
import type { ClusterEvent } from "../../core/usecases/events/clusterEvents.ts";

const color = { info: "text.primary", warning: "warning.main", error: "error.main" } as const;

export function EventsPanel({ events }: { events: ClusterEvent[] }) {
  const { t, lang } = useI18n();
  if (events.length === 0) return <Alert severity="info">{t.service.noEvents}</Alert>;
  return (
    <Paper variant="outlined" data-testid="events-panel">
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>{t.service.time}</TableCell>
            <TableCell>{t.service.object}</TableCell>
            <TableCell>{t.service.reason}</TableCell>
            <TableCell>{t.service.message}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {[...events].reverse().map((e) => (
            <TableRow key={e.uid} data-testid="event-row">
              <TableCell sx={{ whiteSpace: "nowrap" }}>
                {e.time ? formatTime(e.time, lang) : ""}
              </TableCell>
              <TableCell sx={{ fontFamily: "monospace", fontSize: 12 }}>{e.object}</TableCell>
              <TableCell sx={{ color: color[e.severity] }}>{e.reason}</TableCell>
              <TableCell>
                {e.message}
                {e.count > 1 ? ` (×${e.count})` : ""}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Paper>
  );
}
