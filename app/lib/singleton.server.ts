/**
 * One instance per process, even when the dev server reloads modules (a second PGlite on the
 * same folder, or a second email worker, would be a bug).
 */
export function singleton<T>(name: string, create: () => T): T {
  const store = globalThis as unknown as { __liaisonSingletons?: Map<string, unknown> }
  store.__liaisonSingletons ??= new Map()
  if (!store.__liaisonSingletons.has(name)) store.__liaisonSingletons.set(name, create())
  return store.__liaisonSingletons.get(name) as T
}
