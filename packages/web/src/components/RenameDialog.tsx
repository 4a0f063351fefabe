import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogTitle from "@mui/material/DialogTitle";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { useI18n } from "../i18n/I18nProvider.tsx";

export function RenameDialog(props: {
  initial: string;
  onRename: (name: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(props.initial);
  const valid = name.trim() !== "";
  return (
    <Dialog open onClose={props.onClose} data-testid="rename-dialog">
      <DialogTitle>{t.services.rename}</DialogTitle>
      <DialogContent>
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          label={t.launcher.friendlyName}
          value={name}
          onChange={(e) => setName(e.target.value)}
          slotProps={{ htmlInput: { "data-testid": "rename-input", maxLength: 253 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.services.cancel}</Button>
        <Button
          variant="contained"
          disabled={!valid}
          data-testid="rename-confirm"
          onClick={() => {
            props.onClose();
            props.onRename(name.trim());
          }}
        >
          {t.services.rename}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
