import Button from "@mui/material/Button";
import Dialog from "@mui/material/Dialog";
import DialogActions from "@mui/material/DialogActions";
import DialogContent from "@mui/material/DialogContent";
import DialogContentText from "@mui/material/DialogContentText";
import DialogTitle from "@mui/material/DialogTitle";
import { useI18n } from "../../i18n/I18nProvider.tsx";

/** Some files of an upload exist already: overwrite them, upload only the new ones, or cancel. */
export function OverwriteDialog(props: {
  existing: string[];
  newCount: number;
  onChoose: (overwrite: boolean) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const choose = (overwrite: boolean) => {
    props.onClose();
    props.onChoose(overwrite);
  };
  return (
    <Dialog open onClose={props.onClose} data-testid="s3-overwrite-dialog">
      <DialogTitle>{t.s3.overwriteTitle}</DialogTitle>
      <DialogContent>
        <DialogContentText>
          {t.s3.overwriteBody({ count: props.existing.length, first: props.existing[0] ?? "" })}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>{t.s3.cancel}</Button>
        {props.newCount > 0 && (
          <Button onClick={() => choose(false)} data-testid="s3-skip-existing">
            {t.s3.skipExisting({ count: props.newCount })}
          </Button>
        )}
        <Button
          color="warning"
          variant="contained"
          onClick={() => choose(true)}
          data-testid="s3-overwrite"
        >
          {t.s3.overwrite}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
