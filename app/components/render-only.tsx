import { createContext, useContext } from 'react'

/**
 * Large markup that a page renders but that the browser already has once the page has loaded:
 * a guideline's compiled HTML. On a document request the loader hands it to the server render
 * through this per-request store instead of its data, so it is not sent a second time inside the
 * hydration data (a third of a guideline page's bytes). Data requests (client navigations) carry
 * it in the loader data as usual. Empty in the browser.
 */
export type RenderOnly = Map<string, string>

const RenderOnlyContext = createContext<RenderOnly | null>(null)

export const RenderOnlyProvider = RenderOnlyContext.Provider

/** The loader data's markup, or on the server the markup its loader kept for the render. */
export function useRenderOnly(key: string, fromData: string | null): string {
  const store = useContext(RenderOnlyContext)
  return fromData ?? store?.get(key) ?? ''
}
