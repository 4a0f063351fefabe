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

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", ".stack/**", ".tools/**", "coverage/**"] },
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
);
