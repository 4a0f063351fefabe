import { defineConfig } from "vite";

// No @vitejs/plugin-react: it resolves the root's Vite 8 (pulled in by vitest), sees Rolldown and
// hands this Vite 7 a Rolldown-only transform, which breaks `vite` dev. Vite's own esbuild step
// compiles TSX with the automatic JSX runtime; the only loss is React Fast Refresh (full reloads in dev).
export default defineConfig({
  esbuild: { jsx: "automatic" },
  // Onyxia's branding variable names work as-is at build time (see src/config/branding.ts).
  envPrefix: ["VITE_", "HEADER_TEXT_", "TAB_TITLE", "DARK_MODE", "ENABLED_LANGUAGES"],
  server: { proxy: { "/api": "http://127.0.0.1:8080" } },
  build: {
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // MUI and react-router mark modules "use client" for server components; meaningless in a SPA.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
      // Core is pure (no I/O, no global side effects), but its package does not say so: without this,
      // every core module (config parsing, catalog index, schema registry…) lands in the launcher chunk.
      treeshake: { moduleSideEffects: (id) => !id.includes("/packages/core/src/") },
    },
  },
});
