import NotificationsIcon from "@mui/icons-material/NotificationsOutlined";
import Badge from "@mui/material/Badge";
import IconButton from "@mui/material/IconButton";
import { lazy, Suspense, useCallback, useState } from "react";
import { projectStorageId } from "../core/usecases/session/projectStorageId.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { ClusterEvent } from "../core/usecases/events/clusterEvents.ts";
import { unreadWarnings, warningsToAnnounce } from "../core/usecases/events/eventsNotifications.ts";
import { useClusterEvents } from "./useClusterEvents.ts";
import { useCore } from "./CoreProvider.tsx";
import { useSession } from "./SessionProvider.tsx";

// Dialog and Snackbar pull in MUI's Modal/Popper machinery: loaded only when first needed.
const EventsDialog = lazy(() => import("./EventsDialog.tsx"));
const EventsSnackbar = lazy(() => import("./EventsSnackbar.tsx"));

/** Unread Warning events of the project (badge), their list (dialog), and a snackbar for new ones. */
export function EventsBell() {
  const { t } = useI18n();
  const session = useSession();
  const { events: eventsUseCase } = useCore();
  const projectId = projectStorageId(session);
  const [seen, setSeen] = useState(() => ({
    projectId,
    at: eventsUseCase.seenAt(projectId),
  }));
  // A project switch reads that project's own "last seen" time.
  const seenAt = seen.projectId === projectId ? seen.at : eventsUseCase.seenAt(projectId);
  if (seen.projectId !== projectId) setSeen({ projectId, at: seenAt });
  const [open, setOpen] = useState(false);
  const [announced, setAnnounced] = useState<ClusterEvent[]>([]);
  const onEvents = useCallback(
    (batch: ClusterEvent[]) => {
      const fresh = warningsToAnnounce(batch, seenAt, Date.now());
      if (fresh.length > 0) setAnnounced(fresh);
    },
    [seenAt],
  );
  // Passive: the services pages open the stream; the bell keeps it open once it is connected.
  const { events } = useClusterEvents(onEvents, { passive: true });
  const unread = unreadWarnings(events, seenAt);

  const openList = () => {
    setOpen(true);
    setAnnounced([]);
    setSeen({ projectId, at: eventsUseCase.markSeen(projectId, events, Date.now()) });
  };

  return (
    <>
      <IconButton
        onClick={openList}
        aria-label={t.events.open({ count: unread.length })}
        title={t.events.open({ count: unread.length })}
        data-testid="events-bell"
      >
        {/* No badge at all when nothing is unread: a hidden "0" would still be text that the
            accessible name does not contain (axe: label-content-name-mismatch). */}
        {unread.length > 0 ? (
          <Badge badgeContent={unread.length} color="warning" max={99} data-testid="events-badge">
            <NotificationsIcon />
          </Badge>
        ) : (
          <NotificationsIcon />
        )}
      </IconButton>
      {open && (
        <Suspense fallback={null}>
          <EventsDialog
            events={events.filter((e) => e.severity !== "info")}
            previouslySeenAt={seen.at}
            onClose={() => setOpen(false)}
          />
        </Suspense>
      )}
      {announced.length > 0 && !open && (
        <Suspense fallback={null}>
          <EventsSnackbar events={announced} onOpen={openList} onClose={() => setAnnounced([])} />
        </Suspense>
      )}
    </>
  );
}
