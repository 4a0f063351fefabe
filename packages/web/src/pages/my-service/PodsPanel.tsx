import Chip from "@mui/material/Chip";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Table from "@mui/material/Table";
import TableBody from "@mui/material/TableBody";
import TableCell from "@mui/material/TableCell";
import TableHead from "@mui/material/TableHead";
import TableRow from "@mui/material/TableRow";
import Typography from "@mui/material/Typography";
import type { Service } from "@onyxia-ts/core";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** Status by pod and container, then the controllers' ready counts and the problems found. */
export function PodsPanel({ service }: { service: Service }) {
  const { t } = useI18n();
  return (
    <Stack spacing={2} data-testid="pods-panel">
      <Paper variant="outlined">
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{t.service.pod}</TableCell>
              <TableCell>{t.service.status}</TableCell>
              <TableCell>{t.service.containers}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {service.tasks.length === 0 && (
              <TableRow>
                <TableCell colSpan={3}>{t.service.noPods}</TableCell>
              </TableRow>
            )}
            {service.tasks.map((task) => (
              <TableRow key={task.id} data-testid={`pod-${task.id}`}>
                <TableCell sx={{ fontFamily: "monospace" }}>{task.id}</TableCell>
                <TableCell>
                  {task.status.status}
                  {task.status.reason ? ` (${task.status.reason})` : ""}
                </TableCell>
                <TableCell>
                  <Stack direction="row" spacing={0.5} sx={{ flexWrap: "wrap", rowGap: 0.5 }}>
                    {task.containers.map((c) => (
                      <Chip
                        key={c.name}
                        size="small"
                        color={c.ready ? "success" : "default"}
                        label={`${c.name}: ${c.ready ? t.service.ready : t.service.notReady}`}
                      />
                    ))}
                  </Stack>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Paper>
      {service.controllers.length > 0 && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography sx={{ fontWeight: 600, mb: 1 }}>{t.service.controllers}</Typography>
          {service.controllers.map((c) => (
            <Typography key={`${c.kind}/${c.name}`} variant="body2">
              {c.kind}/{c.name}: {c.details.ready}/{c.details.desired} {c.healthy ? "✓" : ""}
            </Typography>
          ))}
        </Paper>
      )}
      {service.problems.length > 0 && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography sx={{ fontWeight: 600, mb: 1 }}>{t.service.problems}</Typography>
          {service.problems.map((p, i) => (
            <Typography key={i} variant="body2" color={p.blocking ? "error" : "text.secondary"}>
              {p.source}: {p.reason} {p.message}
            </Typography>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
