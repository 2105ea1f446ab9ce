import { defineConfig } from 'vitest/config'

// Checks on the output of `npm run build`, run after it (`npm run test:build`, and in .ci/run).
export default defineConfig({
  test: { include: ['test/build/**/*.test.ts'] },
})
