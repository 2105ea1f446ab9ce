import { AsyncLocalStorage } from 'node:async_hooks'
import { singleton } from './singleton.server'

/**
 * Values shared by everything that runs for one HTTP request. React Router gives each loader its own
 * copy of the `Request`, so a cache keyed by the request object cannot serve the root loader
 * and the route loader together; `server.ts` opens one store around every request instead.
 * The store is a process singleton: `server.ts` and the app build each import this module.
 */
export const requestStore = singleton('request-store', () => new AsyncLocalStorage<Map<string, unknown>>())

/** Runs `next` with a fresh store (Express middleware). */
export function withRequestStore(_request: unknown, _response: unknown, next: () => void) {
  requestStore.run(new Map(), next)
}

/**
 * `compute()` once per HTTP request and key, shared by the loaders of that request. With
 * `shared: false`, or outside a request (a test calling a loader), once per `Request` object.
 */
export function oncePerRequest<T>(request: Request, key: string, compute: () => T, { shared = true } = {}): T {
  const store = (shared ? requestStore.getStore() : undefined) ?? objectStore(request)
  if (!store.has(key)) store.set(key, compute())
  return store.get(key) as T
}

const stores = new WeakMap<Request, Map<string, unknown>>()
function objectStore(request: Request) {
  let store = stores.get(request)
  if (!store) stores.set(request, (store = new Map()))
  return store
}
