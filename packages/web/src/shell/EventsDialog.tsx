import Alert from "@mui/material/Alert";
import Dialog from "@mui/material/Dialog";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import List from "@mui/material/List";
import ListItem from "@mui/material/ListItem";
import ListItemText from "@mui/material/ListItemText";
import { useState } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { formatDateTime } from "../i18n/formatting.ts";
import type { ClusterEvent } from "../core/usecases/events/clusterEvents.ts";

/** The project's Warning events, newest first; those newer than the previous visit are marked. */
export default function EventsDialog(props: {
  events: ClusterEvent[];
  previouslySeenAt: number;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  // Frozen at opening: opening the list is what marks them seen.
  const [seenAt] = useState(props.previouslySeenAt);
  const newestFirst = [...props.events].reverse().slice(0, 100);
  return (
    <Dialog open onClose={props.onClose} maxWidth="md" fullWidth data-testid="events-dialog">
      <DialogTitle>{t.events.title}</DialogTitle>
      <DialogContent>
        {newestFirst.length === 0 && <Alert severity="success">{t.events.none}</Alert>}
        <List dense>
          {newestFirst.map((e) => (
            <ListItem key={e.uid} data-testid="events-dialog-item" data-unread={e.time > seenAt}>
              <ListItemText
                primary={`${e.time > seenAt ? "● " : ""}${e.reason} · ${e.object}`}
                secondary={`${e.time ? formatDateTime(e.time, lang) : ""} — ${e.message}${e.count > 1 ? ` (×${e.count})` : ""}`}
                slotProps={{
                  primary: {
                    sx: {
                      color: e.severity === "error" ? "error.main" : "warning.main",
                      fontWeight: 600,
                    },
                  },
                }}
              />
            </ListItem>
          ))}
        </List>
      </DialogContent>
    </Dialog>
  );
}
