import Alert from "@mui/material/Alert";
import AlertTitle from "@mui/material/AlertTitle";
import Button from "@mui/material/Button";
import Stack from "@mui/material/Stack";
import { S3Error } from "../../core/ports/s3.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";

/** An S3 failure with a title by kind (missing bucket, access denied, S3 down…) and its detail. */
export function S3ErrorAlert(props: {
  error: unknown;
  onRetry?: () => void;
  onCreateBucket?: () => void;
}) {
  const { t } = useI18n();
  const { error } = props;
  if (!(error instanceof S3Error))
    return <ErrorPanel error={error} {...(props.onRetry ? { onRetry: props.onRetry } : {})} />;
  const titles: Partial<Record<S3Error["kind"], string>> = {
    noSuchBucket: t.s3.errorNoSuchBucket,
    notFound: t.s3.errorNotFound,
    accessDenied: t.s3.errorAccessDenied,
    unreachable: t.s3.errorUnreachable,
    expiredCredentials: t.s3.errorExpired,
    invalidName: t.s3.errorInvalidName,
    tooLarge: t.s3.errorTooLarge,
    cancelled: t.s3.errorCancelled,
  };
  return (
    <Alert
      severity="error"
      role="alert"
      data-testid="s3-error"
      data-kind={error.kind}
      action={
        <Stack direction="row" spacing={1}>
          {error.kind === "noSuchBucket" && props.onCreateBucket && (
            <Button
              color="inherit"
              size="small"
              onClick={props.onCreateBucket}
              data-testid="s3-create-bucket"
            >
              {t.s3.createBucket}
            </Button>
          )}
          {props.onRetry && (
            <Button color="inherit" size="small" onClick={props.onRetry}>
              {t.errors.retry}
            </Button>
          )}
        </Stack>
      }
    >
      <AlertTitle>{titles[error.kind] ?? t.s3.errorOther}</AlertTitle>
      {error.message}
    </Alert>
  );
}
