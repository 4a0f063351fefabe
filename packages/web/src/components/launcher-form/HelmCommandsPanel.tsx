import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import TerminalIcon from "@mui/icons-material/Terminal";
import Accordion from "@mui/material/Accordion";
import AccordionDetails from "@mui/material/AccordionDetails";
import AccordionSummary from "@mui/material/AccordionSummary";
import Box from "@mui/material/Box";
import Typography from "@mui/material/Typography";
import { useI18n } from "../../i18n/I18nProvider.tsx";

export function HelmCommandsPanel({ commands }: { commands: string }) {
  const { t } = useI18n();
  return (
    <Accordion data-testid="helm-commands" slotProps={{ transition: { unmountOnExit: true } }}>
      <AccordionSummary expandIcon={<ExpandMoreIcon />}>
        <TerminalIcon sx={{ mr: 1 }} fontSize="small" />
        <Typography sx={{ fontWeight: 600 }}>{t.launcher.commands}</Typography>
      </AccordionSummary>
      <AccordionDetails>
        <Box
          component="pre"
          sx={{
            m: 0,
            p: 2,
            borderRadius: 1,
            overflow: "auto",
            maxHeight: 480,
            fontSize: 13,
            bgcolor: (theme) => (theme.palette.mode === "dark" ? "#12151d" : "#1f2430"),
            color: "#e6e8ef",
          }}
        >
          {commands}
        </Box>
      </AccordionDetails>
    </Accordion>
  );
}
