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
import { useSession } from "../../shell/SessionProvider.tsx";

/** Saves what the launcher link says (see savedConfigFromLink); a same-name save asks first. */
export function SaveConfigButton(props: { projectId: string; href: string; version: string }) {
  const { t } = useI18n();
  const { configs, save, durable } = useSavedConfigs(props.projectId);
  // In a group project the list is every member's: saving says so first (Onyxia's confirmation).
  const shared = Boolean(useSession().projects.find((p) => p.id === props.projectId)?.group);
  const [pending, setPending] = useState<SavedConfig | undefined>();
  const [savedName, setSavedName] = useState<string | undefined>();

  const commit = (config: SavedConfig) => {
    void save(config);
    setSavedName(config.friendlyName);
  };
  const onClick = () => {
    const config = savedConfigFromLink(props.href, props.version);
    if (shared || willOverwrite(configs, config.friendlyName)) setPending(config);
    else commit(config);
  };
  const overwriting = pending !== undefined && willOverwrite(configs, pending.friendlyName);

  return (
    <>
      {/* describeChild: the tooltip describes the button; its name stays its visible label. */}
      <Tooltip title={durable ? "" : t.savedConfigs.browserOnly} describeChild>
        <Button startIcon={<BookmarkAddIcon />} onClick={onClick} data-testid="save-config">
          {t.savedConfigs.save}
        </Button>
      </Tooltip>
      <ConfirmDialog
        open={pending !== undefined}
        title={overwriting ? t.savedConfigs.overwriteTitle : t.savedConfigs.save}
        body={[
          ...(overwriting ? [t.savedConfigs.overwriteBody({ name: pending.friendlyName })] : []),
          ...(shared ? [t.vault.groupSaveWarning] : []),
        ].join(" ")}
        confirm={overwriting ? t.savedConfigs.overwrite : t.savedConfigs.save}
        onClose={() => setPending(undefined)}
        onConfirm={() => pending && commit(pending)}
      />
      <Snackbar
        open={savedName !== undefined}
        autoHideDuration={4000}
        onClose={() => setSavedName(undefined)}
        message={
          durable
            ? t.savedConfigs.saved({ name: savedName ?? "" })
            : `${t.savedConfigs.saved({ name: savedName ?? "" })}. ${t.savedConfigs.browserOnly}`
        }
      />
    </>
  );
}
