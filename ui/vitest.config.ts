import { defineConfig } from "vitest/config";

// Unit tests cover the pure TypeScript logic (i18n tables, formatting, keyboard-grid helpers): no DOM, no Svelte.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // localStorage, which Node lacks (filters are remembered there).
    setupFiles: ["src/test-setup.ts"],
  },
});
