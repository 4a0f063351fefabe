import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Button from "@mui/material/Button";
import { ApiError } from "../api/ApiError.ts";
import { useI18n } from "../i18n/I18nProvider.tsx";
import type { Messages } from "../i18n/messages.ts";

export function describeError(error: unknown, t: Messages): string {
  if (error instanceof ApiError) {
    const url = `/api${error.path}`;
    switch (error.kind) {
      case "network":
        return t.errors.network;
      case "invalid-response":
        return t.errors.invalidResponse({ url });
      case "http":
        return [t.errors.http({ status: error.status ?? 0, url }), error.serverMessage].filter(Boolean).join(" ");
    }
  }
  return error instanceof Error ? error.message : String(error);
}

export function ErrorPanel({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Alert
      severity="error"
      role="alert"
      data-testid="error-panel"
      action={
        onRetry ? (
          <Button color="inherit" size="small" onClick={onRetry}>
            {t.errors.retry}
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>{t.errors.title}</AlertTitle>
      {describeError(error, t)}
    </Alert>
  );
}
