import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Alert from "@mui/material/Alert";
import Chip from "@mui/material/Chip";
import Paper from "@mui/material/Paper";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import type { FormModel, FormNode } from "@onyxia-ts/core";
import { useContext } from "react";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { GroupAddonsContext } from "./groupAddons.ts";
import { FormNodeList } from "./inputs/FormNodeView.tsx";

/** Top-level scalars first in one panel, then each top-level group as its own accordion. */
function MainSection({ nodes }: { nodes: readonly FormNode[] }) {
  const { t } = useI18n();
  const addons = useContext(GroupAddonsContext);
  const leaves = nodes.filter((n) => n.kind !== "group" && n.kind !== "array");
  const groups = nodes.filter((n) => n.kind === "group" || n.kind === "array");
  // An add-on whose group the chart does not have (or hides) is shown above the form instead.
  const shown = new Set(groups.filter((g) => !g.hidden).map((g) => g.helmPath.join(".")));
  const unplaced = Object.entries(addons).filter(([path]) => !shown.has(path));
  return (
    <Stack spacing={2}>
      {unplaced.map(([path, addon]) => (
        <div key={path}>{addon}</div>
      ))}
      {leaves.some((n) => !n.hidden) && (
        <Paper variant="outlined" sx={{ p: 2 }}>
          <Typography sx={{ fontWeight: 600, mb: 2 }}>{t.launcher.mainSection}</Typography>
          <FormNodeList nodes={leaves} />
        </Paper>
      )}
      <div>
        <FormNodeList nodes={groups} />
      </div>
    </Stack>
  );
}

export function FormSections({ model }: { model: FormModel }) {
  const { t } = useI18n();
  return (
    <Stack spacing={2}>
      <MainSection nodes={model.main} />
      {model.dependencies.map((dependency) => (
        <Accordion
          key={dependency.name}
          data-testid={`dependency-${dependency.name}`}
          slotProps={{ transition: { unmountOnExit: true } }}
        >
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography sx={{ fontWeight: 600, mr: 1 }}>
              {t.launcher.dependencySection({ name: dependency.name })}
            </Typography>
            {!dependency.enabled && <Chip size="small" label={dependency.condition ?? ""} />}
          </AccordionSummary>
          <AccordionDetails>
            {!dependency.enabled && (
              <Alert severity="info" sx={{ mb: 2 }}>
                {t.launcher.dependencyDisabled}
              </Alert>
            )}
            <FormNodeList nodes={dependency.group.children} />
          </AccordionDetails>
        </Accordion>
      ))}
      {model.global && !model.global.hidden && model.global.children.some((c) => !c.hidden) && (
        <Accordion data-testid="section-global" slotProps={{ transition: { unmountOnExit: true } }}>
          <AccordionSummary expandIcon={<ExpandMoreIcon />}>
            <Typography sx={{ fontWeight: 600 }}>{t.launcher.globalSection}</Typography>
          </AccordionSummary>
          <AccordionDetails>
            <FormNodeList nodes={model.global.children} />
          </AccordionDetails>
        </Accordion>
      )}
    </Stack>
  );
}
