// Idle suspend (issue 17) on a service card and the service page: "idle for 6 h, will be paused
// in 2 h" with "Not now", "activity unknown" without metrics, "paused for idleness" after.
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import type { Service } from "@onyxia-ts/core";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { formatDateTime, formatDuration } from "../i18n/formatting.ts";
import { idleNotice } from "../core/usecases/services/serviceDisplay.ts";

export interface IdleNoticeProps {
  idle: Service["idle"];
  /** The owner may postpone; others only see the notice. */
  canPostpone: boolean;
  busy: boolean;
  onPostpone: () => void;
}

/** The clock, ticking every 30 s (the notice counts minutes). */
function useNow(periodMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now;
}

export function IdleNotice(props: IdleNoticeProps) {
  const { t, lang } = useI18n();
  const now = useNow(30_000);
  const notice = idleNotice(props.idle, now);
  if (!notice || !props.idle) return null;
  const m = t.services.idle;
  if (notice.kind === "unknown")
    return (
      <Alert severity="info" sx={{ mt: 1, py: 0 }} data-testid="idle-unknown">
        {notice.signals.some((s) => s !== "cpu")
          ? m.unknownSignals({ signals: notice.signals.join(", ") })
          : m.unknown}
      </Alert>
    );
  if (notice.kind === "paused")
    return (
      <Alert severity="info" sx={{ mt: 1, py: 0 }} data-testid="idle-paused">
        {m.paused({ when: formatDateTime(notice.pausedAt, lang) })}
        {notice.deleteAt ? m.deleteAt({ when: formatDateTime(notice.deleteAt, lang) }) : ""}
      </Alert>
    );
  const idle = formatDuration(notice.idleMs, lang);
  return (
    <Alert
      severity={notice.warned ? "warning" : "info"}
      sx={{ mt: 1, py: 0, alignItems: "center" }}
      data-testid="idle-notice"
      title={
        // Once warned, what each signal said (the controller's reason, with its figures).
        notice.warned && props.idle.lastAction?.kind === "warn"
          ? `${m.explain({ cpu: props.idle.cpuBelowMillicores })}. ${props.idle.lastAction.reason}`
          : m.explain({ cpu: props.idle.cpuBelowMillicores })
      }
      action={
        props.canPostpone ? (
          <Button
            color="inherit"
            size="small"
            disabled={props.busy}
            onClick={props.onPostpone}
            title={m.notNowHint({ window: formatDuration(props.idle.afterMs, lang) })}
            data-testid="idle-postpone"
          >
            {m.notNow}
          </Button>
        ) : undefined
      }
    >
      {notice.pauseInMs > 0
        ? m.idleFor({ idle, pause: formatDuration(notice.pauseInMs, lang) })
        : m.pausing({ idle })}
    </Alert>
  );
}
