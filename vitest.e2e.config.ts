import tsconfigPaths from 'vite-tsconfig-paths'
import { defineConfig } from 'vitest/config'

// Browser journeys: Chromium (Debian's) driven by playwright-core against the production
// build, served on a loopback port with a fresh embedded database.
export default defineConfig({
  plugins: [tsconfigPaths()],
  test: {
    include: ['test/e2e/**/*.spec.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
})
