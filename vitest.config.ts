import { configDefaults, defineConfig } from 'vitest/config'
import tsconfigPaths from 'vite-tsconfig-paths'

// The React Router Vite plugin is deliberately absent: tests import modules and route
// loaders/actions directly.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['app/**/*.test.{ts,tsx}', 'db/**/*.test.ts', 'test/**/*.test.ts', 'scripts/**/*.test.ts'],
    // The checks on the production build run after it (vitest.build.config.ts).
    exclude: [...configDefaults.exclude, 'test/build/**'],
    setupFiles: ['test/setup/setup-test-env.ts'],
    // One database per worker: the modules of a worker (and so its db connection) are
    // shared by its test files; tables are emptied between tests.
    isolate: false,
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
})
