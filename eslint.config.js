import { readdirSync } from "node:fs";
import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Web: the direction of imports (packages/web/ARCHITECTURE-web.md). Pages never import another
// page (what two pages share lives in components/ or core/), and the application core (ports,
// adapters, use cases, bootstrap) never imports React, MUI, the router or the UI folders.
const webPages = readdirSync(`${import.meta.dirname}/packages/web/src/pages`, {
  withFileTypes: true,
})
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);
const webImportRules = [
  ...webPages.map((page) => ({
    files: [`packages/web/src/pages/${page}/**/*.{ts,tsx}`],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              // "../launcher/x", "../../pages/launcher/x": any page folder but this one.
              regex: `^(\\.\\./)+(pages/)?(${webPages.filter((p) => p !== page).join("|")})(/|$)`,
              message:
                "A page does not import another page: move what they share to components/ or core/.",
            },
          ],
        },
      ],
    },
  })),
  {
    files: ["packages/web/src/core/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["react", "react-dom", "react-dom/*", "react-router", "@mui/*", "@emotion/*"],
              message: "The application core is React-free: bind it to React in shell/ or a page.",
            },
            {
              regex: "(^|/)(pages|shell|components|theme)/|\\.tsx$",
              message:
                "The application core does not import the UI (pages, shell, components, theme).",
            },
          ],
        },
      ],
    },
  },
];
// The direction of imports (ARCHITECTURE.md), checked here so it cannot rot:
// - only packages/server/src/{routes,http}/ (and the entry points app.ts, main.ts, index.ts)
//   know HTTP: nothing else imports fastify or those two folders;
// - only packages/server/src/config/ (and main.ts) read process.env;
// - packages/core is pure: no Node I/O module, nothing from the server or the web app.
const HTTP_ONLY = {
  group: ["fastify", "fastify/*", "@fastify/*", "**/routes/*", "**/http/*", "**/http/**"],
  message:
    "Only packages/server/src/routes and http know HTTP: throw a domain error (domain/errors.ts) and let a route shape the answer.",
};

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      ".stack/**",
      ".tools/**",
      "coverage/**",
      "bench/.out/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  ...webImportRules,
  {
    files: ["packages/server/src/**/*.ts"],
    ignores: [
      "packages/server/src/routes/**",
      "packages/server/src/http/**",
      "packages/server/src/app.ts",
      "packages/server/src/main.ts",
      "packages/server/src/index.ts",
    ],
    rules: { "no-restricted-imports": ["error", { patterns: [HTTP_ONLY] }] },
  },
  {
    files: ["packages/server/src/**/*.ts"],
    ignores: [
      "packages/server/src/config/**",
      "packages/server/src/main.ts",
      "packages/server/src/cli/**",
    ],
    rules: {
      "no-restricted-properties": [
        "error",
        {
          object: "process",
          property: "env",
          message:
            "Read settings through the validated configuration (config/, AppConfig.runtime).",
        },
      ],
    },
  },
  {
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "node:*",
                "fs",
                "fs/*",
                "path",
                "os",
                "child_process",
                "http",
                "https",
                "net",
                "zlib",
                "crypto",
                "stream",
              ],
              message:
                "packages/core is pure (no I/O): the server or the browser injects what it needs.",
            },
            {
              group: [
                "**/server/**",
                "**/web/**",
                "@onyxia-ts/server",
                "@onyxia-ts/web",
                "fastify",
                "react",
                "react-dom",
              ],
              message: "packages/core imports nothing from the server or the web app.",
            },
          ],
        },
      ],
    },
  },
);
