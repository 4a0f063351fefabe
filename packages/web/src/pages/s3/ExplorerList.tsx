// The folder's listing as a virtualised list: only the rows in view (and a few around them) are in
// the DOM, whatever the number of entries (bench/s3-listing.ts: 10,000 objects). Scrolling
// re-renders this list only, and a row that stays in view is not rendered again (memo).
import FileIcon from "@mui/icons-material/InsertDriveFileOutlined";
import FolderIcon from "@mui/icons-material/FolderOutlined";
import MoreIcon from "@mui/icons-material/MoreVert";
import Box from "@mui/material/Box";
import IconButton from "@mui/material/IconButton";
import Link from "@mui/material/Link";
import Stack from "@mui/material/Stack";
import Typography from "@mui/material/Typography";
import { memo, useState } from "react";
import type { ExplorerEntry } from "../../core/usecases/s3/explorerStore.ts";
import { formatDateTime, formatSize } from "../../i18n/formatting.ts";
import type { Language } from "../../i18n/languages.ts";

const ROW_HEIGHT = 40;
const VISIBLE_ROWS = 15;
/** Rows rendered above and below the view, so a fast scroll does not show blank space. */
const OVERSCAN = 4;

interface RowProps {
  entry: ExplorerEntry;
  index: number;
  lang: Language;
  actionsLabel: string;
  onOpen: (entry: ExplorerEntry) => void;
  onMenu: (anchor: HTMLElement, entry: ExplorerEntry) => void;
}

const Row = memo(function Row({ entry, index, lang, actionsLabel, onOpen, onMenu }: RowProps) {
  return (
    <Stack
      role="listitem"
      direction="row"
      spacing={1}
      data-testid="s3-row"
      data-key={entry.key}
      sx={{
        position: "absolute",
        top: index * ROW_HEIGHT,
        height: ROW_HEIGHT,
        left: 0,
        right: 0,
        alignItems: "center",
        px: 1,
        borderBottom: 1,
        borderColor: "divider",
      }}
    >
      {entry.isFolder ? <FolderIcon fontSize="small" /> : <FileIcon fontSize="small" />}
      <Link
        component="button"
        underline="hover"
        onClick={() => onOpen(entry)}
        sx={{
          flex: 1,
          textAlign: "left",
          minWidth: 0,
          overflow: "hidden",
          textOverflow: "ellipsis",
          whiteSpace: "nowrap",
        }}
      >
        {entry.name}
      </Link>
      <Typography variant="caption" sx={{ width: 90, textAlign: "right" }}>
        {entry.isFolder ? "" : formatSize(entry.size, lang)}
      </Typography>
      <Typography variant="caption" sx={{ width: 160, display: { xs: "none", md: "block" } }}>
        {entry.lastModified ? formatDateTime(entry.lastModified, lang) : ""}
      </Typography>
      <IconButton
        size="small"
        aria-label={actionsLabel}
        data-testid="s3-row-menu"
        onClick={(e) => onMenu(e.currentTarget, entry)}
      >
        <MoreIcon fontSize="small" />
      </IconButton>
    </Stack>
  );
});

/** `onOpen` and `onMenu` should be stable: rows only re-render when their entry moves or changes. */
export const ExplorerList = memo(function ExplorerList(props: {
  entries: readonly ExplorerEntry[];
  lang: Language;
  actionsLabel: string;
  onOpen: (entry: ExplorerEntry) => void;
  onMenu: (anchor: HTMLElement, entry: ExplorerEntry) => void;
}) {
  const { entries } = props;
  const [scrollTop, setScrollTop] = useState(0);
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    entries.length,
    Math.ceil(scrollTop / ROW_HEIGHT) + VISIBLE_ROWS + OVERSCAN,
  );
  const rows = [];
  for (let index = first; index < last; index++) {
    const entry = entries[index]!;
    rows.push(
      <Row
        key={entry.key}
        entry={entry}
        index={index}
        lang={props.lang}
        actionsLabel={props.actionsLabel}
        onOpen={props.onOpen}
        onMenu={props.onMenu}
      />,
    );
  }
  return (
    <Box
      sx={{ height: ROW_HEIGHT * Math.min(VISIBLE_ROWS, entries.length), overflowY: "auto", mt: 1 }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      data-testid="s3-list"
      role="list"
    >
      <Box sx={{ height: entries.length * ROW_HEIGHT, position: "relative" }}>{rows}</Box>
    </Box>
  );
});
