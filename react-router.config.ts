import type { Config } from '@react-router/dev/config'

export default {
  ssr: true,
  // Every route is in the first page's manifest: no `/__manifest` requests while navigating
  // (the app has about seventy routes, a few KB of manifest).
  routeDiscovery: { mode: 'initial' },
  future: {
    // Loaders and actions get the request as it came, not two fresh copies each (about 12 µs a
    // copy, four a page); they read the page's URL from their `url` argument (ADR 010).
    v8_passThroughRequests: true,
  },
} satisfies Config
