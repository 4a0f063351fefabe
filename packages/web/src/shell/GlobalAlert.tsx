import Alert from "@mui/material/Alert";
import { useState } from "react";
import { branding } from "../config/branding.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { localize } from "../i18n/localizedString.ts";

/** GLOBAL_ALERT: the admin's banner above every page, closable for this page view. */
export function GlobalAlert() {
  const { lang } = useI18n();
  const [closed, setClosed] = useState(false);
  const alert = branding.globalAlert;
  if (!alert || closed) return null;
  return (
    <Alert
      severity={alert.severity}
      onClose={() => setClosed(true)}
      sx={{ mb: 2 }}
      data-testid="global-alert"
    >
      {localize(alert.message, lang)}
    </Alert>
  );
}
