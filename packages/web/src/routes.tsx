import { lazy } from "react";
import { createBrowserRouter, Navigate } from "react-router";
import { branding } from "./config/branding.ts";
import { Layout } from "./shell/Layout.tsx";

// Every page is its own chunk: the initial bundle only carries the shell.
const loaders = {
  home: () => import("./pages/home/HomePage.tsx"),
  catalog: () => import("./pages/catalog/CatalogPage.tsx"),
  launcher: () => import("./pages/launcher/LauncherPage.tsx"),
  myServices: () => import("./pages/my-services/MyServicesPage.tsx"),
  myService: () => import("./pages/my-service/MyServicePage.tsx"),
  account: () => import("./pages/account/AccountPage.tsx"),
  s3: () => import("./pages/s3/S3ExplorerPage.tsx"),
  dataExplorer: () => import("./pages/data-explorer/DataExplorerPage.tsx"),
  mySecrets: () => import("./pages/my-secrets/MySecretsPage.tsx"),
  admin: () => import("./pages/admin/AdminPage.tsx"),
};
const HomePage = lazy(loaders.home);
const CatalogPage = lazy(loaders.catalog);
const LauncherPage = lazy(loaders.launcher);
const MyServicesPage = lazy(loaders.myServices);
const MyServicePage = lazy(loaders.myService);
const AccountPage = lazy(loaders.account);
const S3ExplorerPage = lazy(loaders.s3);
const DataExplorerPage = lazy(loaders.dataExplorer);
const MySecretsPage = lazy(loaders.mySecrets);
const AdminPage = lazy(loaders.admin);

/** Starts downloading the first page's chunk while the session loads, instead of after it. */
export function preloadPage(pathname: string): void {
  const first = pathname.split("/")[1] ?? "";
  const loader =
    first === "catalog"
      ? loaders.catalog
      : first === "launcher"
        ? loaders.launcher
        : first === "my-services"
          ? loaders.myServices
          : first === "my-service"
            ? loaders.myService
            : first === "account"
              ? loaders.account
              : first === "s3"
                ? loaders.s3
                : first === "data-explorer"
                  ? loaders.dataExplorer
                  : first === "admin"
                    ? loaders.admin
                    : first === "" && branding.disableHomepage
                      ? loaders.catalog
                      : first === "" || first === "home" || first === "accueil"
                        ? loaders.home
                        : undefined;
  void loader?.();
}
const NotFoundPage = lazy(() => import("./pages/not-found/NotFoundPage.tsx"));

export const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      // DISABLE_HOMEPAGE: the catalog is the home page, as in Onyxia's web.
      {
        path: "/",
        element: branding.disableHomepage ? <Navigate to="/catalog" replace /> : <HomePage />,
      },
      { path: "/home", element: <HomePage /> },
      { path: "/accueil", element: <HomePage /> },
      { path: "/catalog/:catalogId?", element: <CatalogPage /> },
      { path: "/launcher/:catalogId/:chartName", element: <LauncherPage /> },
      { path: "/my-services", element: <MyServicesPage /> },
      { path: "/my-service/:releaseName", element: <MyServicePage /> },
      { path: "/account/:tab?", element: <AccountPage /> },
      // Onyxia's route: /s3/<bucket>/<key…>?profile=<name>; /s3 shows the profile and snippets.
      { path: "/s3/*", element: <S3ExplorerPage /> },
      { path: "/data-explorer", element: <DataExplorerPage /> },
      { path: "/my-secrets/*", element: <MySecretsPage /> },
      { path: "/admin", element: <AdminPage /> },
      { path: "/404", element: <NotFoundPage /> },
      { path: "*", element: <Navigate to="/404" replace /> },
    ],
  },
]);
