import { vitePlugin as remix } from '@remix-run/dev'
import tailwindcss from '@tailwindcss/vite'
import { defineConfig } from 'vite'
import tsconfigPaths from 'vite-tsconfig-paths'

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true
  }
}

export default defineConfig({
  server: { port: 3000 },
  build: { target: 'es2022' },
  // Native and server-only packages are never pre-bundled for the browser.
  optimizeDeps: { exclude: ['@node-rs/argon2', '@electric-sql/pglite'] },
  ssr: { external: ['@node-rs/argon2', '@electric-sql/pglite'] },
  plugins: [
    tailwindcss(),
    remix({
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_singleFetch: true,
          v3_lazyRouteDiscovery: false,
          v3_routeConfig: true,
        },
    }),
    tsconfigPaths(),
  ],
})
