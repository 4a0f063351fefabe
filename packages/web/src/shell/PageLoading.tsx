import Box from "@mui/material/Box";
import LinearProgress from "@mui/material/LinearProgress";

/** Shown while a lazily loaded page's code arrives. */
export function PageLoading() {
  return (
    <Box sx={{ py: 2 }}>
      <LinearProgress aria-label="loading" />
    </Box>
  );
}
