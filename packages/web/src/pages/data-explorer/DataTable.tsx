// A virtualised table: only the rows in view (plus a margin) are in the DOM.
import Box from "@mui/material/Box";
import IconButton from "@mui/material/IconButton";
import Tooltip from "@mui/material/Tooltip";
import QueryStatsIcon from "@mui/icons-material/QueryStats";
import { useState } from "react";
import type { CellValue, Row, TableColumn } from "../../core/ports/tabularEngine.ts";

const ROW_HEIGHT = 32;
const VIEW_HEIGHT = 480;
const OVERSCAN = 8;

function show(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "NULL";
  return String(value);
}

export function DataTable(props: {
  columns: TableColumn[];
  rows: Row[];
  hidden: ReadonlySet<string>;
  selectedRow: number | undefined;
  onSelectRow: (index: number | undefined) => void;
  onProfile: (column: string) => void;
}) {
  const [scrollTop, setScrollTop] = useState(0);
  const columns = props.columns.filter((column) => !props.hidden.has(column.name));
  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(
    props.rows.length,
    Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN,
  );
  const template = `56px repeat(${columns.length}, minmax(120px, 1fr))`;
  return (
    <Box
      data-testid="de-table"
      role="table"
      aria-rowcount={props.rows.length}
      sx={{
        border: 1,
        borderColor: "divider",
        borderRadius: 1,
        overflow: "auto",
        maxHeight: VIEW_HEIGHT + ROW_HEIGHT + 4,
        fontSize: 13,
      }}
      onScroll={(event) => setScrollTop((event.target as HTMLElement).scrollTop)}
    >
      <Box
        role="row"
        sx={{
          display: "grid",
          gridTemplateColumns: template,
          position: "sticky",
          top: 0,
          zIndex: 1,
          bgcolor: "background.paper",
          borderBottom: 1,
          borderColor: "divider",
          minWidth: "fit-content",
        }}
      >
        <Box
          role="columnheader"
          sx={{ px: 1, lineHeight: `${ROW_HEIGHT}px`, color: "text.secondary" }}
        >
          #
        </Box>
        {columns.map((column) => (
          <Box
            role="columnheader"
            key={column.name}
            sx={{
              px: 1,
              display: "flex",
              alignItems: "center",
              gap: 0.5,
              overflow: "hidden",
              whiteSpace: "nowrap",
            }}
          >
            <strong>{column.name}</strong>
            <Box component="span" sx={{ color: "text.secondary", fontStyle: "italic" }}>
              {column.type.toLowerCase()}
            </Box>
            <Tooltip title={`Profile ${column.name}`}>
              <IconButton
                size="small"
                aria-label={`Profile ${column.name}`}
                data-testid={`de-profile-${column.name}`}
                onClick={() => props.onProfile(column.name)}
              >
                <QueryStatsIcon fontSize="inherit" />
              </IconButton>
            </Tooltip>
          </Box>
        ))}
      </Box>
      <Box
        sx={{
          position: "relative",
          height: props.rows.length * ROW_HEIGHT,
          minWidth: "fit-content",
        }}
      >
        {props.rows.slice(first, last).map((row, offset) => {
          const index = first + offset;
          const selected = index === props.selectedRow;
          return (
            <Box
              role="row"
              key={index}
              data-testid={`de-row-${index}`}
              aria-selected={selected}
              tabIndex={0}
              onClick={() => props.onSelectRow(selected ? undefined : index)}
              onKeyDown={(event) => {
                if (event.key === "Enter" || event.key === " ")
                  props.onSelectRow(selected ? undefined : index);
              }}
              sx={{
                display: "grid",
                gridTemplateColumns: template,
                position: "absolute",
                top: index * ROW_HEIGHT,
                left: 0,
                right: 0,
                height: ROW_HEIGHT,
                cursor: "pointer",
                bgcolor: selected ? "action.selected" : index % 2 ? "action.hover" : "transparent",
              }}
            >
              <Box
                role="cell"
                sx={{ px: 1, lineHeight: `${ROW_HEIGHT}px`, color: "text.secondary" }}
              >
                {index + 1}
              </Box>
              {columns.map((column) => (
                <Box
                  role="cell"
                  key={column.name}
                  data-column={column.name}
                  sx={{
                    px: 1,
                    lineHeight: `${ROW_HEIGHT}px`,
                    overflow: "hidden",
                    textOverflow: "ellipsis",
                    whiteSpace: "nowrap",
                    color: row[column.name] === null ? "text.disabled" : undefined,
                  }}
                >
                  {show(row[column.name])}
                </Box>
              ))}
            </Box>
          );
        })}
      </Box>
    </Box>
  );
}
