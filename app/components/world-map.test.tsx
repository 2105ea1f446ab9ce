import { renderToString } from 'react-dom/server'
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router'
import { describe, expect, it } from 'vitest'
import { countries } from '#db/schema/vocabulary'
import { coverageSteps, noAgenciesFill } from '~/modules/coverage/world-map-scale'
import { type CountryFigures, worldGeometry, worldMapData } from '~/modules/coverage/world-map.server'
import { describeCountry, WorldMap } from './world-map'

/** The map as the server renders it (its links need a router). */
async function render(figures: CountryFigures[]) {
  const map = worldMapData(figures)
  const handler = createStaticHandler([{ path: '/', Component: () => <WorldMap map={map} /> }])
  const context = await handler.query(new Request('http://localhost/'))
  if (context instanceof Response) throw new Error(`unexpected response ${context.status}`)
  return renderToString(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} hydrate={false} />)
}

/** The country links of the map (not of its table): code → the link's markup. */
function countryLinks(html: string): Map<string, string> {
  const svg = html.slice(html.indexOf('<svg class="world-map-svg"'), html.indexOf('</svg>', html.indexOf('world-map-hint')))
  return new Map([...svg.matchAll(/<a [^>]*data-code="([A-Z]{2})"[^>]*>([\s\S]*?)<\/a>/g)].map((match) => [match[1], match[0]]))
}

const decode = (html: string) => html.replaceAll('&#x27;', "'").replaceAll('&amp;', '&').replaceAll('&quot;', '"')

describe('WorldMap', () => {
  it('draws every vocabulary country with figures as a link to its drill-down, named by its figures', async () => {
    const figures = countries.map((country, i) => ({ code: country.code, agencies: 1 + (i % 7), engaged365: i % 2, share: (i % 2) / (1 + (i % 7)) }))
    const html = await render(figures)
    const links = countryLinks(html)
    expect(links.size).toBe(countries.length)
    for (const [i, country] of countries.entries()) {
      const link = links.get(country.code)
      expect(link, country.code).toBeDefined()
      expect(link).toContain(`href="/coverage/${country.region}?country=${country.code}"`)
      expect(link).toMatch(/<path d="M|<circle /)
      const title = decode(link!.match(/<title>([^<]*)<\/title>/)![1])
      expect(title).toBe(describeCountry({ name: country.name, ...figures[i] }))
    }
  })

  it('shows the figures in words a person reads: name, agencies, engaged, share', async () => {
    const html = await render([
      { code: 'FR', agencies: 12, engaged365: 9, share: 0.75 },
      { code: 'LU', agencies: 1, engaged365: 0, share: 0 },
    ])
    const france = countryLinks(html).get('FR')!
    expect(france).toContain('<title>France: 12 agencies, 9 engaged in the last 365 days (75 %)</title>')
    expect(france).toContain(`fill="${coverageSteps[3].fill}"`)
    // The same words show under the map on hover or focus.
    expect(france).toMatch(/<text class="world-map-tip"[^>]*>France: 12 agencies, 9 engaged in the last 365 days \(75 %\)<\/text>/)
    expect(countryLinks(html).get('LU')).toContain('<title>Luxembourg: 1 agency, 0 engaged in the last 365 days (0 %)</title>')
  })

  it('draws Singapore and Malta as dots, at their positions', async () => {
    const html = await render([
      { code: 'SG', agencies: 3, engaged365: 1, share: 1 / 3 },
      { code: 'MT', agencies: 2, engaged365: 2, share: 1 },
    ])
    const links = countryLinks(html)
    expect(links.size).toBe(2)
    for (const code of ['SG', 'MT']) {
      const { x, y } = worldGeometry().dots.get(code)!
      expect(links.get(code)).toContain(`<circle cx="${x}" cy="${y}" r="4"`)
      expect(links.get(code)).toContain('world-map-dot')
      expect(links.get(code)).not.toContain('<path')
    }
    expect(links.get('SG')).toContain(`fill="${coverageSteps[1].fill}"`)
    expect(links.get('MT')).toContain(`fill="${coverageSteps[4].fill}"`)
  })

  it('links a country drawn too small to point at by a dot, its shape coloured but not linked', async () => {
    const html = await render([{ code: 'LU', agencies: 2, engaged365: 1, share: 0.5 }])
    const link = countryLinks(html).get('LU')!
    const { x, y } = worldGeometry().dots.get('LU')!
    expect(link).toContain(`<circle cx="${x}" cy="${y}" r="4" fill="${coverageSteps[2].fill}"`)
    expect(link).not.toContain('<path')
    const shape = worldGeometry().shapes.find((candidate) => candidate.code === 'LU')!
    expect(html).toContain(`<path class="world-map-land" d="${shape.d}" fill="${coverageSteps[2].fill}" aria-hidden="true"></path>`)
  })

  it('draws countries without agencies in neutral grey, without a link', async () => {
    const html = await render([{ code: 'FR', agencies: 12, engaged365: 9, share: 0.75 }])
    expect(countryLinks(html).size).toBe(1)
    expect(html).toMatch(new RegExp(`<path class="world-map-land" d="M[^"]+" fill="${noAgenciesFill}"><title>Germany: no agencies</title></path>`))
    expect(html).toContain('<title>Kosovo: no agencies</title>')
    expect(html).not.toContain('href="/coverage/EMEA?country=DE"')
    // Dots are drawn only for small countries with agencies.
    expect(html).not.toContain('world-map-dot')
  })

  it('has a legend with every step and the neutral colour, and a figures table', async () => {
    const html = await render([
      { code: 'FR', agencies: 12, engaged365: 9, share: 0.75 },
      { code: 'BR', agencies: 1200, engaged365: 300, share: 0.25 },
      { code: 'SG', agencies: 3, engaged365: 1, share: 1 / 3 },
    ])
    const legend = html.slice(html.indexOf('<figcaption'), html.indexOf('</figcaption>'))
    for (const step of coverageSteps) {
      expect(legend).toContain(`fill="${step.fill}"`)
      expect(decode(legend)).toContain(step.label)
    }
    expect(legend).toContain(`fill="${noAgenciesFill}"`)
    expect(legend).toContain('No agencies')

    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>'))
    expect(table).toMatch(/<th scope="col"[^>]*>Country<\/th>.*Agencies.*Engaged in 365 days.*Share/s)
    const rows = [...table.matchAll(/<tr><td><a href="([^"]+)"[^>]*>([^<]+)<\/a><\/td>((?:<td[^>]*>[^<]*<\/td>)+)<\/tr>/g)].map((row) => [
      row[1],
      row[2],
      ...[...row[3].matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((cell) => cell[1]),
    ])
    expect(rows).toEqual([
      ['/coverage/LATAM?country=BR', 'Brazil', '1,200', '300', '25 %'],
      ['/coverage/EMEA?country=FR', 'France', '12', '9', '75 %'],
      ['/coverage/APAC?country=SG', 'Singapore', '3', '1', '33 %'],
    ])
    // The skip link leads to the table.
    expect(html).toContain('href="#world-map-table"')
    expect(html).toContain('id="world-map-table"')
  })

  it('says so when no country has agencies', async () => {
    const html = await render([])
    expect(html).toContain('No country has agencies yet.')
    expect(html).not.toContain('<table')
    expect(countryLinks(html).size).toBe(0)
  })
})
