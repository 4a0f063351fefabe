import BookmarkAddIcon from "@mui/icons-material/BookmarkAdd";
import Button from "@mui/material/Button";
import Snackbar from "@mui/material/Snackbar";
import Tooltip from "@mui/material/Tooltip";
import { useState } from "react";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import {
  savedConfigFromLink,
  willOverwrite,
  type SavedConfig,
} from "../../core/usecases/saved-configs/savedConfigs.ts";
import { useSavedConfigs } from "../../shell/useCases.ts";

/** Saves what the launcher link says (see savedConfigFromLink); a same-name save asks first. */
export function SaveConfigButton(props: { projectId: string; href: string; version: string }) {
  const { t } = useI18n();
  const { configs, save } = useSavedConfigs(props.projectId);
  const [pending, setPending] = useState<SavedConfig | undefined>();
  const [savedName, setSavedName] = useState<string | undefined>();

  const commit = (config: SavedConfig) => {
    save(config);
    setSavedName(config.friendlyName);
  };
  const onClick = () => {
    const config = savedConfigFromLink(props.href, props.version);
    if (willOverwrite(configs, config.friendlyName)) setPending(config);
    else commit(config);
  };

  return (
    <>
      {/* describeChild: the tooltip describes the button; its name stays its visible label. */}
      <Tooltip title={t.savedConfigs.browserOnly} describeChild>
        <Button startIcon={<BookmarkAddIcon />} onClick={onClick} data-testid="save-config">
          {t.savedConfigs.save}
        </Button>
      </Tooltip>
      <ConfirmDialog
        open={pending !== undefined}
        title={t.savedConfigs.overwriteTitle}
        body={t.savedConfigs.overwriteBody({ name: pending?.friendlyName ?? "" })}
        confirm={t.savedConfigs.overwrite}
        onClose={() => setPending(undefined)}
        onConfirm={() => pending && commit(pending)}
      />
      <Snackbar
        open={savedName !== undefined}
        autoHideDuration={4000}
        onClose={() => setSavedName(undefined)}
        message={`${t.savedConfigs.saved({ name: savedName ?? "" })}. ${t.savedConfigs.browserOnly}`}
      />
    </>
  );
}
