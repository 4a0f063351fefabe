import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import { useEffect, useState } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { idleSecondsLeft, WARNING_SECONDS } from "../core/usecases/session/idle.ts";

/** After `lifetimeSeconds` without activity the user is logged out; the last minute is a visible countdown. */
export function IdleCountdown({
  lifetimeSeconds,
  onExpire,
}: {
  lifetimeSeconds: number;
  onExpire: () => void;
}) {
  const { t } = useI18n();
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());
  const left = idleSecondsLeft(lastActivity, now, lifetimeSeconds);
  const warning = left <= WARNING_SECONDS;

  useEffect(() => {
    // While the countdown shows, only the button counts as activity (a stray mouse move should not hide it).
    if (warning) return;
    const bump = () => setLastActivity(Date.now());
    const kinds = ["pointerdown", "keydown", "wheel", "touchstart"] as const;
    for (const kind of kinds) window.addEventListener(kind, bump, { passive: true });
    return () => {
      for (const kind of kinds) window.removeEventListener(kind, bump);
    };
  }, [warning]);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (left <= 0) onExpire();
  }, [left <= 0]);

  return (
    <Dialog open={warning && left > 0} data-testid="idle-countdown">
      <DialogTitle>{t.auth.idleTitle}</DialogTitle>
      <DialogContent>{t.auth.idleBody({ seconds: left })}</DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={() => setLastActivity(Date.now())}>
          {t.auth.stayLoggedIn}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
