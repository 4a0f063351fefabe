import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import TextField from "@mui/material/TextField";
import { useState } from "react";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** Asks for a name or a path (new folder, rename/move, bookmark title); `check` explains a bad one. */
export function NameDialog(props: {
  title: string;
  label: string;
  help?: string;
  initial: string;
  confirm: string;
  check?: (value: string) => string | undefined;
  onConfirm: (value: string) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(props.initial);
  const problem = value.trim() === "" ? undefined : props.check?.(value.trim());
  const valid = value.trim() !== "" && problem === undefined;
  const submit = () => {
    if (!valid) return;
    props.onClose();
    props.onConfirm(value.trim());
  };
  return (
    <Dialog open onClose={props.onClose} data-testid="s3-name-dialog" fullWidth maxWidth="sm">
      <DialogTitle>{props.title}</DialogTitle>
      <DialogContent>
        {props.help && <DialogContentText>{props.help}</DialogContentText>}
        <TextField
          autoFocus
          fullWidth
          margin="dense"
          label={props.label}
          value={value}
          error={problem !== undefined}
          helperText={problem ?? " "}
          onChange={(e) => setValue(e.target.value)}
          onKeyDown={(e) => e.key === "Enter" && submit()}
          slotProps={{ htmlInput: { "data-testid": "s3-name-input" } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.s3.cancel}</Button>
        <Button
          variant="contained"
          disabled={!valid}
          data-testid="s3-name-confirm"
          onClick={submit}
        >
          {props.confirm}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
