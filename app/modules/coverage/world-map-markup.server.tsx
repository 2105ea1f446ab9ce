import { renderToStaticMarkup } from 'react-dom/server'
import { WorldMap } from '~/components/world-map'
import type { WorldMapData } from './world-map.server'

/**
 * The world map (its SVG, legend and figures table) as HTML. At full scale it is most of
 * /coverage: drawn per request, and its paths sent again as hydration data, it cost more server
 * time than the rest of the page (bench/README.md). /coverage draws it once per snapshot instead
 * and sends the markup, which the page inserts as it is.
 */
export function worldMapMarkup(map: WorldMapData): string {
  return renderToStaticMarkup(<WorldMap map={map} />)
}
