import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** With DISABLE_AUTO_LAUNCH=true, an `autoLaunch=true` link asks first (as Onyxia's web does). */
export function AutoLaunchDialog({
  open,
  onConfirm,
  onCancel,
}: {
  open: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <Dialog open={open} onClose={onCancel} data-testid="auto-launch-dialog">
      <DialogTitle>{t.launcher.autoLaunchTitle}</DialogTitle>
      <DialogContent>
        <DialogContentText>{t.launcher.autoLaunchBody}</DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onCancel}>{t.launcher.autoLaunchReview}</Button>
        <Button variant="contained" onClick={onConfirm} data-testid="auto-launch-confirm">
          {t.launcher.launch}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
