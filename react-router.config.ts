import type { Config } from '@react-router/dev/config'

export default {
  ssr: true,
  // Every route is in the first page's manifest: no `/__manifest` requests while navigating
  // (the app has about seventy routes, a few KB of manifest).
  routeDiscovery: { mode: 'initial' },
} satisfies Config
