import ExpandLessIcon from "@mui/icons-material/ExpandLess";
import ExpandMoreIcon from "@mui/icons-material/ExpandMore";
import TerminalIcon from "@mui/icons-material/Terminal";
import Box from "@mui/material/Box";
import Button from "@mui/material/Button";
import IconButton from "@mui/material/IconButton";
import Paper from "@mui/material/Paper";
import Typography from "@mui/material/Typography";
import { useEffect, useRef, useState, useSyncExternalStore } from "react";
import { useCore } from "../CoreProvider.tsx";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { formatTime } from "../../i18n/formatting.ts";

/** Onyxia's command bar: the helm/kubectl commands equivalent to what the user just did, live. */
export function CommandBar() {
  const { t, lang } = useI18n();
  const { commandLog } = useCore();
  const entries = useSyncExternalStore(commandLog.subscribe, commandLog.entries);
  const [open, setOpen] = useState(false);
  const end = useRef<HTMLDivElement>(null);
  useEffect(() => {
    end.current?.scrollIntoView({ block: "nearest" });
  }, [entries, open]);
  const last = entries[entries.length - 1];
  return (
    <Paper
      variant="outlined"
      data-testid="command-bar"
      sx={{
        mb: 2,
        overflow: "hidden",
        bgcolor: (theme) => (theme.palette.mode === "dark" ? "#12151d" : "#1f2430"),
        color: "#e6e8ef",
      }}
    >
      <Box sx={{ display: "flex", alignItems: "center", gap: 1, px: 1.5, py: 0.5 }}>
        <TerminalIcon fontSize="small" />
        <Typography
          variant="body2"
          sx={{
            fontFamily: "monospace",
            flexGrow: 1,
            minWidth: 0,
            overflow: "hidden",
            textOverflow: "ellipsis",
            whiteSpace: "nowrap",
          }}
        >
          {last ? `$ ${last.commands[last.commands.length - 1]}` : t.commandBar.empty}
        </Typography>
        {open && entries.length > 0 && (
          <Button size="small" color="inherit" onClick={commandLog.clear}>
            {t.commandBar.clear}
          </Button>
        )}
        <IconButton
          size="small"
          color="inherit"
          aria-label={t.commandBar.toggle}
          onClick={() => setOpen((o) => !o)}
          data-testid="command-bar-toggle"
        >
          {open ? <ExpandLessIcon /> : <ExpandMoreIcon />}
        </IconButton>
      </Box>
      {open && (
        <Box
          component="pre"
          data-testid="command-bar-log"
          sx={{ m: 0, px: 2, pb: 1.5, maxHeight: 260, overflow: "auto", fontSize: 12.5 }}
        >
          {entries.map((entry) => (
            <Box key={entry.id} sx={{ mb: 1 }}>
              <Box component="span" sx={{ color: "#8b93a7" }}>
                # {formatTime(entry.at, lang)} {entry.call}
              </Box>
              {entry.commands.map((c, i) => (
                <div key={i}>$ {c}</div>
              ))}
            </Box>
          ))}
          <div ref={end} />
        </Box>
      )}
    </Paper>
  );
}
