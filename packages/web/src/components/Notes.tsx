import Box from "@mui/material/Box";
import Markdown from "react-markdown";
import { safeHttpUrl } from "../config/safeUrl.ts";

/** The chart's NOTES rendered as Markdown; links open in a new tab and only http(s) ones are kept. */
export function Notes({ text }: { text: string }) {
  return (
    <Box
      data-testid="service-notes"
      sx={{ "& pre": { overflow: "auto" }, "& a": { wordBreak: "break-all" } }}
    >
      <Markdown
        urlTransform={(url) => safeHttpUrl(url) ?? ""}
        components={{
          a: ({ href, children }) => (
            <a href={href} target="_blank" rel="noreferrer noopener">
              {children}
            </a>
          ),
        }}
      >
        {text}
      </Markdown>
    </Box>
  );
}
