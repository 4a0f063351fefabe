// The reason an admin must give before suspending, resuming or deleting someone's service.
import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import TextField from "@mui/material/TextField";
import type { AdminAction } from "@onyxia-ts/core";
import { ADMIN_REASON_MAX, checkAdminReason } from "@onyxia-ts/core";
import { useState } from "react";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export function ReasonDialog(props: {
  action: AdminAction;
  release: string;
  busy: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState("");
  const valid = checkAdminReason(reason).ok;
  return (
    <Dialog open onClose={props.onClose} data-testid="admin-reason-dialog" fullWidth maxWidth="sm">
      <DialogTitle>
        {t.admin.reasonTitle({ action: t.admin[props.action], release: props.release })}
      </DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>{t.admin.reasonHelp}</DialogContentText>
        <TextField
          autoFocus
          fullWidth
          multiline
          minRows={2}
          label={t.admin.reasonLabel}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          slotProps={{ htmlInput: { maxLength: ADMIN_REASON_MAX, "data-testid": "admin-reason" } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.admin.cancel}</Button>
        <Button
          variant="contained"
          color={props.action === "delete" ? "error" : "primary"}
          disabled={!valid || props.busy}
          onClick={() => props.onConfirm(reason.trim())}
          data-testid="admin-reason-confirm"
        >
          {t.admin.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
