import { reactRouter } from '@react-router/dev/vite'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  // Native and server-only packages are never pre-bundled for the browser.
  optimizeDeps: { exclude: ['@node-rs/argon2', '@electric-sql/pglite'] },
  ssr: { external: ['@node-rs/argon2', '@electric-sql/pglite'] },
  plugins: [tailwindcss(), reactRouter(), tsconfigPaths()],
})
