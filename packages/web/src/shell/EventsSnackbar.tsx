import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { ClusterEvent } from "../core/usecases/events/clusterEvents.ts";

/** Announces the newest Warning of a batch; "Show" opens the events list. */
export default function EventsSnackbar(props: {
  events: ClusterEvent[];
  onOpen: () => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const latest = props.events[props.events.length - 1];
  if (!latest) return null;
  return (
    <Snackbar open autoHideDuration={8000} onClose={props.onClose} data-testid="events-snackbar">
      <Alert
        severity="warning"
        variant="filled"
        onClose={props.onClose}
        action={
          <Button color="inherit" size="small" onClick={props.onOpen}>
            {t.events.show}
          </Button>
        }
      >
        {`${latest.reason}: ${latest.message}`}
        {props.events.length > 1 ? ` ${t.events.more({ count: props.events.length - 1 })}` : ""}
      </Alert>
    </Snackbar>
  );
}
