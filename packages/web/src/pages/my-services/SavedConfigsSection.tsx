import DeleteIcon from "@mui/icons-material/DeleteOutline";
import EditIcon from "@mui/icons-material/Edit";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import RocketIcon from "@mui/icons-material/RocketLaunch";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import Button from "@mui/material/Button";
import Card from "@mui/material/Card";
import CardActions from "@mui/material/CardActions";
import CardContent from "@mui/material/CardContent";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useState } from "react";
import { Link, useSearchParams } from "react-router";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { ConfirmDialog } from "../../components/ConfirmDialog.tsx";
import { RenameDialog } from "../../components/RenameDialog.tsx";
import { savedConfigLink } from "../../core/usecases/saved-configs/savedConfigs.ts";
import { useSavedConfigs } from "../../shell/useCases.ts";

/** Onyxia's "saved" list on My services; its open state is in the URL (`isSavedConfigsExtended`). */
export function SavedConfigsSection(props: { projectId: string }) {
  const { t } = useI18n();
  const { configs, remove, rename, durable, notice } = useSavedConfigs(props.projectId);
  const [params, setParams] = useSearchParams();
  const expanded = params.get("isSavedConfigsExtended") === "true";
  const [renaming, setRenaming] = useState<string | undefined>();
  const [deleting, setDeleting] = useState<string | undefined>();
  const [renameError, setRenameError] = useState<string | undefined>();

  const toggle = (open: boolean) =>
    setParams(
      (current) => {
        if (open) current.set("isSavedConfigsExtended", "true");
        else current.delete("isSavedConfigsExtended");
        return current;
      },
      { replace: true },
    );

  return (
    <Accordion
      expanded={expanded}
      onChange={(_event, open) => toggle(open)}
      sx={{ mb: 2 }}
      data-testid="saved-configs"
    >
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <Typography variant="h3">{t.savedConfigs.section({ count: configs.length })}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        {!durable && (
          <Alert severity="info" sx={{ mb: 2 }} data-testid="saved-configs-browser-only">
            {t.savedConfigs.browserOnly}
          </Alert>
        )}
        {notice && (
          <Alert
            severity={notice.kind === "reloaded" ? "warning" : "error"}
            sx={{ mb: 2 }}
            data-testid="saved-configs-notice"
          >
            {notice.message}
          </Alert>
        )}
        {renameError && (
          <Alert severity="warning" sx={{ mb: 2 }} onClose={() => setRenameError(undefined)}>
            {renameError}
          </Alert>
        )}
        {configs.length === 0 && (
          <Typography color="text.secondary">{t.savedConfigs.none}</Typography>
        )}
        <Box
          sx={{
            display: "grid",
            gap: 2,
            gridTemplateColumns: "repeat(auto-fill, minmax(280px, 1fr))",
          }}
        >
          {configs.map((config) => (
            <Card key={config.friendlyName} data-testid={`saved-config-${config.friendlyName}`}>
              <CardContent>
                <Typography variant="h3" noWrap>
                  {config.friendlyName}
                </Typography>
                <Typography variant="body2" color="text.secondary">
                  {t.savedConfigs.version({
                    chart: config.chartName,
                    version: config.chartVersion,
                  })}
                </Typography>
              </CardContent>
              <CardActions sx={{ flexWrap: "wrap" }}>
                <Button
                  size="small"
                  variant="contained"
                  startIcon={<RocketIcon />}
                  component={Link}
                  to={savedConfigLink(config, { autoLaunch: true })}
                  data-testid="saved-config-launch"
                >
                  {t.savedConfigs.launch}
                </Button>
                <Button
                  size="small"
                  startIcon={<EditIcon />}
                  component={Link}
                  to={savedConfigLink(config)}
                >
                  {t.savedConfigs.edit}
                </Button>
                <Button size="small" onClick={() => setRenaming(config.friendlyName)}>
                  {t.savedConfigs.rename}
                </Button>
                <Button
                  size="small"
                  color="error"
                  startIcon={<DeleteIcon />}
                  onClick={() => setDeleting(config.friendlyName)}
                >
                  {t.savedConfigs.delete}
                </Button>
              </CardActions>
            </Card>
          ))}
        </Box>
      </AccordionDetails>
      {renaming !== undefined && (
        <RenameDialog
          initial={renaming}
          onClose={() => setRenaming(undefined)}
          onRename={(name) => {
            setRenameError(
              rename(renaming, name) ? undefined : t.savedConfigs.renameTaken({ name }),
            );
          }}
        />
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        title={t.savedConfigs.deleteTitle}
        body={t.savedConfigs.deleteBody({ name: deleting ?? "" })}
        confirm={t.savedConfigs.delete}
        onClose={() => setDeleting(undefined)}
        onConfirm={() => deleting !== undefined && remove(deleting)}
      />
    </Accordion>
  );
}
