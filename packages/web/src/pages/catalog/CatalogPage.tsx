import ClearIcon from "@mui/icons-material/Clear";
import SearchIcon from "@mui/icons-material/Search";
import Alert from "@mui/material/Alert";
import Box from "@mui/material/Box";
import Chip from "@mui/material/Chip";
import Grid from "@mui/material/Grid";
import IconButton from "@mui/material/IconButton";
import InputAdornment from "@mui/material/InputAdornment";
import Skeleton from "@mui/material/Skeleton";
import Tab from "@mui/material/Tab";
import Tabs from "@mui/material/Tabs";
import TextField from "@mui/material/TextField";
import Typography from "@mui/material/Typography";
import Markdown from "react-markdown";
import { Navigate, useNavigate, useParams, useSearchParams } from "react-router";
import { useCore } from "../../shell/CoreProvider.tsx";
import type { CatalogWrapperJson } from "@onyxia-ts/core";
import { useAsync } from "../../shell/useAsync.ts";
import { useI18n } from "../../i18n/I18nProvider.tsx";
import { localize } from "../../i18n/localizedString.ts";
import { ErrorPanel } from "../../shell/ErrorPanel.tsx";
import { useSession } from "../../shell/SessionProvider.tsx";
import { ChartCard } from "./ChartCard.tsx";
import { ChartGridSkeleton } from "./ChartGridSkeleton.tsx";
import { branding } from "../../config/branding.ts";
import {
  ALL_CATALOGS_ID,
  allCharts,
  catalogName,
  catalogPath,
  isCatalogVisible,
  searchCharts,
  sortedCharts,
  showsAllCatalogs,
  tabCatalogs,
  type SearchHit,
} from "../../core/usecases/catalogs/catalogLogic.ts";

/** Cards of charts from several catalogs, each naming its catalog. */
function ChartHits({ hits, lang }: { hits: SearchHit[]; lang: string }) {
  return (
    <Grid container spacing={2}>
      {hits.map(({ catalog, chart }) => (
        <Grid key={`${catalog.id}/${chart.name}`} size={{ xs: 12, sm: 6, lg: 4 }}>
          <ChartCard
            catalogId={catalog.id}
            chart={chart}
            catalogLabel={catalogName(catalog, lang)}
          />
        </Grid>
      ))}
    </Grid>
  );
}

export default function CatalogPage() {
  const { t, lang } = useI18n();
  const { loggedIn, project } = useSession();
  const { catalogId } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const search = searchParams.get("search") ?? "";
  const { catalogs } = useCore();
  const state = useAsync(
    () => catalogs.get(loggedIn, project?.id),
    [catalogs, loggedIn, project?.id],
  );

  const setSearch = (next: string) =>
    setSearchParams(next ? { search: next } : {}, { replace: true });

  const searchBox = (
    <TextField
      fullWidth
      value={search}
      onChange={(event) => setSearch(event.target.value)}
      placeholder={t.catalog.searchPlaceholder}
      slotProps={{
        htmlInput: { "aria-label": t.catalog.searchPlaceholder, "data-testid": "catalog-search" },
        input: {
          startAdornment: (
            <InputAdornment position="start">
              <SearchIcon />
            </InputAdornment>
          ),
          endAdornment: search ? (
            <InputAdornment position="end">
              <IconButton
                aria-label={t.catalog.clearSearch}
                onClick={() => setSearch("")}
                edge="end"
              >
                <ClearIcon />
              </IconButton>
            </InputAdornment>
          ) : undefined,
        },
      }}
      sx={{ mb: 3, maxWidth: 640 }}
    />
  );

  if (state.status === "loading") {
    return (
      <>
        <Skeleton width={320} height={48} sx={{ mb: 2 }} />
        <Skeleton width="60%" sx={{ mb: 3 }} />
        <ChartGridSkeleton />
      </>
    );
  }
  if (state.status === "error") return <ErrorPanel error={state.error} onRetry={state.retry} />;

  const projectKind = project?.group ? "group" : "personal";
  const visible = state.data.catalogs.filter((c) => isCatalogVisible(c, projectKind));
  const tabs = tabCatalogs(visible, projectKind);
  // Onyxia's synthetic "All" catalog: the first tab, and the default one.
  const withAll = showsAllCatalogs(tabs, visible, branding.disableDisplayAllCatalog);
  if (catalogId === undefined) {
    const first = withAll ? ALL_CATALOGS_ID : tabs[0]?.id;
    if (first === undefined) return <Alert severity="info">{t.catalog.noCatalog}</Alert>;
    return <Navigate to={catalogPath(first, search || undefined)} replace />;
  }
  const allSelected = withAll && catalogId === ALL_CATALOGS_ID;
  const current: CatalogWrapperJson | undefined = visible.find((c) => c.id === catalogId);
  // A TEST catalog reached by URL gets its own tab so the user still sees where they are.
  const shownTabs = current && !tabs.includes(current) ? [...tabs, current] : tabs;
  // Search spans every catalog that has a tab, plus the current one.
  const hits = searchCharts(shownTabs, search);

  return (
    <>
      <Tabs
        value={allSelected ? ALL_CATALOGS_ID : current ? current.id : false}
        onChange={(_, id: string) => navigate(catalogPath(id, search || undefined))}
        variant="scrollable"
        sx={{ mb: 3, borderBottom: 1, borderColor: "divider" }}
      >
        {withAll && (
          <Tab
            value={ALL_CATALOGS_ID}
            data-testid={`catalog-tab-${ALL_CATALOGS_ID}`}
            label={t.catalog.allCatalogs}
          />
        )}
        {shownTabs.map((c) => (
          <Tab
            key={c.id}
            value={c.id}
            data-testid={`catalog-tab-${c.id}`}
            label={
              <Box sx={{ display: "flex", gap: 1, alignItems: "center" }}>
                {catalogName(c, lang)}
                {c.status !== "PROD" && (
                  <Chip size="small" color="warning" label={t.catalog.testCatalog} />
                )}
              </Box>
            }
          />
        ))}
      </Tabs>
      {searchBox}
      {search.trim() !== "" ? (
        <>
          <Typography
            variant="subtitle2"
            color="text.secondary"
            sx={{ mb: 2 }}
            data-testid="search-count"
          >
            {hits.length === 0
              ? t.catalog.noMatch({ search })
              : t.catalog.searchResults({ count: hits.length })}
          </Typography>
          <ChartHits hits={hits} lang={lang} />
        </>
      ) : allSelected ? (
        <ChartHits hits={allCharts(tabs)} lang={lang} />
      ) : current ? (
        <>
          {current.description && (
            <Box
              sx={{
                mb: 3,
                color: "text.secondary",
                "& p": { mt: 0 },
                "& a": { color: "primary.main" },
              }}
            >
              <Markdown>{localize(current.description, lang)}</Markdown>
            </Box>
          )}
          <Grid container spacing={2}>
            {sortedCharts(current).map((chart) => (
              <Grid key={chart.name} size={{ xs: 12, sm: 6, lg: 4 }}>
                <ChartCard catalogId={current.id} chart={chart} />
              </Grid>
            ))}
          </Grid>
        </>
      ) : (
        <Alert severity="warning">{t.catalog.unknownCatalog({ catalogId })}</Alert>
      )}
    </>
  );
}
