import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import TextField from "@mui/material/TextField";
import ToggleButton from "@mui/material/ToggleButton";
import ToggleButtonGroup from "@mui/material/ToggleButtonGroup";
import type { ShareDuration } from "@onyxia-ts/core";
import { useState } from "react";
import type { ShareLink } from "../../core/usecases/s3/explorerActions.ts";
import { formatDateTime } from "../../i18n/formatting.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { useAsync } from "../../shell/useAsync.ts";
import { S3ErrorAlert } from "./S3ErrorAlert.tsx";

/** A pre-signed link valid 1 hour, 1 day or 7 days (the plain URL when the object is public). */
export function ShareDialog(props: {
  name: string;
  share: (duration: ShareDuration) => Promise<ShareLink>;
  onClose: () => void;
}) {
  const { t, lang } = useI18n();
  const [duration, setDuration] = useState<ShareDuration>("1h");
  const link = useAsync(() => props.share(duration), [duration]);
  const [copied, setCopied] = useState(false);
  return (
    <Dialog open onClose={props.onClose} data-testid="s3-share-dialog" fullWidth maxWidth="sm">
      <DialogTitle>{t.s3.shareTitle({ name: props.name })}</DialogTitle>
      <DialogContent>
        <ToggleButtonGroup
          exclusive
          size="small"
          value={duration}
          onChange={(_, next: ShareDuration | null) => next && setDuration(next)}
          sx={{ mb: 2 }}
        >
          <ToggleButton value="1h" data-testid="s3-share-1h">
            {t.s3.oneHour}
          </ToggleButton>
          <ToggleButton value="1d" data-testid="s3-share-1d">
            {t.s3.oneDay}
          </ToggleButton>
          <ToggleButton value="7d" data-testid="s3-share-7d">
            {t.s3.sevenDays}
          </ToggleButton>
        </ToggleButtonGroup>
        {link.status === "error" ? (
          <S3ErrorAlert error={link.error} onRetry={link.retry} />
        ) : (
          <>
            <TextField
              fullWidth
              size="small"
              label={t.s3.shareLink}
              value={link.status === "success" ? link.data.url : "…"}
              slotProps={{ htmlInput: { readOnly: true, "data-testid": "s3-share-link" } }}
            />
            {link.status === "success" && (
              <Alert severity="info" sx={{ mt: 1 }}>
                {link.data.isPublic
                  ? t.s3.sharePublic
                  : t.s3.shareExpires({
                      at: formatDateTime(link.data.expiresAt ?? new Date(), lang),
                    })}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button
          disabled={link.status !== "success"}
          onClick={() =>
            link.status === "success" &&
            void navigator.clipboard.writeText(link.data.url).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t.s3.copied : t.s3.copy}
        </Button>
        <Button variant="contained" onClick={props.onClose}>
          {t.s3.close}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
