import type { MapCountry, WorldMapData } from '~/modules/coverage/world-map.server'
import { coverageSteps, noAgenciesFill, noAgenciesLabel } from '~/modules/coverage/world-map-scale'

/** Height of the band under the map where the figures of the hovered or focused country show. */
const TIP_BAND = 30
const DOT_RADIUS = 4

export function formatShare(share: number): string {
  return `${Math.round(share * 100)} %`
}

/** One country's figures in a sentence: the link's title, the visible tip and what a screen reader says. */
export function describeCountry(country: Pick<MapCountry, 'name' | 'agencies' | 'engaged365' | 'share'>): string {
  const agencies = `${country.agencies.toLocaleString('en')} ${country.agencies === 1 ? 'agency' : 'agencies'}`
  return `${country.name}: ${agencies}, ${country.engaged365.toLocaleString('en')} engaged in the last 365 days (${formatShare(country.share)})`
}

/**
 * The world coloured by coverage (the share of a country's agencies engaged in the last 365 days),
 * drawn as SVG on the server from paths the loader computed (`worldMapData`): no geometry code and
 * no script in the browser. Plain links, no router: /coverage renders it to markup once per
 * snapshot (`worldMapMarkup`), so it must render outside a router too. Each country with agencies is a link to its page in the region's
 * drill-down, named by a `<title>` with its figures, which also show under the map on hover or
 * focus (CSS only). Countries too small for the 110m atlas are dots. The figures table below holds
 * the same numbers for screen readers and for copying.
 */
export function WorldMap({ map, id = 'world-map', title = 'Coverage by country' }: { map: WorldMapData; id?: string; title?: string }) {
  const byCode = new Map(map.countries.map((country) => [country.code, country]))
  const dotted = new Set(map.dots.map((dot) => dot.code))
  const tipY = map.height + TIP_BAND / 2
  const tip = (country: MapCountry) => (
    <text className="world-map-tip" x={8} y={tipY} dominantBaseline="middle">
      {describeCountry(country)}
    </text>
  )

  return (
    <figure className="world-map" aria-labelledby={`${id}-title`}>
      <a href={`#${id}-table`} className="sr-only focus:not-sr-only">
        Skip the map to its table
      </a>
      <svg className="world-map-svg" viewBox={`0 0 ${map.width} ${map.height + TIP_BAND}`} role="group" aria-labelledby={`${id}-title`}>
        <title id={`${id}-title`}>{`${title}: share of each country's agencies engaged in the last 365 days`}</title>
        <path className="world-map-sea" d={map.outline} />
        {map.shapes.map((shape) => {
          const country = shape.code ? byCode.get(shape.code) : undefined
          if (!country) {
            return (
              <path key={shape.code ?? shape.name} className="world-map-land" d={shape.d} fill={noAgenciesFill}>
                <title>{`${shape.name}: no agencies`}</title>
              </path>
            )
          }
          if (dotted.has(country.code)) {
            // Too small to point at: coloured here, linked by its dot.
            return <path key={shape.code} className="world-map-land" d={shape.d} fill={country.fill} aria-hidden="true" />
          }
          return (
            <a key={shape.code} href={country.href} className="world-map-country" data-code={country.code}>
              <title>{describeCountry(country)}</title>
              <path d={shape.d} fill={country.fill} />
              {tip(country)}
            </a>
          )
        })}
        {map.dots.map((dot) => {
          const country = byCode.get(dot.code)!
          return (
            <a key={dot.code} href={country.href} className="world-map-country world-map-dot" data-code={country.code}>
              <title>{describeCountry(country)}</title>
              <circle cx={dot.x} cy={dot.y} r={DOT_RADIUS} fill={country.fill} />
              {tip(country)}
            </a>
          )
        })}
        <text className="world-map-hint" x={8} y={tipY} dominantBaseline="middle">
          Hover over or focus a country for its figures; select it to open it.
        </text>
      </svg>

      <figcaption className="world-map-legend">
        <span className="font-medium">Agencies engaged in the last 365 days</span>
        <ul>
          {coverageSteps.map((step) => (
            <li key={step.label}>
              <Swatch fill={step.fill} />
              {step.label}
            </li>
          ))}
          <li>
            <Swatch fill={noAgenciesFill} />
            {noAgenciesLabel}
          </li>
          <li>
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
              <circle cx="6" cy="6" r="4" fill={coverageSteps[2].fill} className="world-map-swatch" />
            </svg>
            Small countries are dots
          </li>
        </ul>
      </figcaption>

      {map.countries.length === 0 ? (
        <p id={`${id}-table`} className="text-sm text-muted">
          No country has agencies yet.
        </p>
      ) : (
        <table id={`${id}-table`} className="data-table world-map-table">
          <caption className="sr-only">{`${title}: figures`}</caption>
          <thead>
            <tr>
              <th scope="col">Country</th>
              <th scope="col" className="text-right">
                Agencies
              </th>
              <th scope="col" className="text-right">
                Engaged in 365 days
              </th>
              <th scope="col" className="text-right">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {map.countries.map((country) => (
              <tr key={country.code}>
                <td>
                  <a href={country.href}>{country.name}</a>
                </td>
                <td className="text-right tabular-nums">{country.agencies.toLocaleString('en')}</td>
                <td className="text-right tabular-nums">{country.engaged365.toLocaleString('en')}</td>
                <td className="text-right tabular-nums">{formatShare(country.share)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  )
}

function Swatch({ fill }: { fill: string }) {
  return (
    <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
      <rect width="12" height="12" rx="2" fill={fill} className="world-map-swatch" />
    </svg>
  )
}
