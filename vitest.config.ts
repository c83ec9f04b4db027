import { defineConfig } from 'vitest/config';

// Browser journeys run in their own project (e2e/), after the unit and HTTP tests.
export default defineConfig({
  esbuild: { jsx: 'automatic', jsxImportSource: 'hono/jsx' },
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}', 'test/**/*.test.ts', 'e2e/**/*.test.ts'],
    // Two cores: more workers only queue on the same PostgreSQL and slow each other down.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
