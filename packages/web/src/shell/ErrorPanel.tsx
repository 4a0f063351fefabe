import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Button from "@mui/material/Button";
import { useI18n } from "../i18n/I18nProvider.tsx";
import { describeError } from "./describeError.ts";

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
