import Card from "@mui/material/Card";
import CardContent from "@mui/material/CardContent";
import Grid from "@mui/material/Grid";
import Skeleton from "@mui/material/Skeleton";
import Stack from "@mui/material/Stack";

export function ChartGridSkeleton({ count = 6 }: { count?: number }) {
  return (
    <Grid container spacing={2} data-testid="catalog-skeleton">
      {Array.from({ length: count }, (_, i) => (
        <Grid key={i} size={{ xs: 12, sm: 6, lg: 4 }}>
          <Card>
            <CardContent>
              <Stack direction="row" spacing={2} sx={{ alignItems: "center", mb: 2 }}>
                <Skeleton variant="rounded" width={48} height={48} />
                <Skeleton width="40%" height={28} />
              </Stack>
              <Skeleton />
              <Skeleton />
              <Skeleton width="60%" />
              <Stack direction="row" sx={{ justifyContent: "space-between", mt: 2 }}>
                <Skeleton width={90} height={32} />
                <Skeleton variant="rounded" width={80} height={36} />
              </Stack>
            </CardContent>
          </Card>
        </Grid>
      ))}
    </Grid>
  );
}
