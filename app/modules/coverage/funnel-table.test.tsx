import { renderToString } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { FunnelTable } from './funnel-table'

describe('FunnelTable', () => {
  it('reads as a table of steps and counts, with bars sized against the largest count', () => {
    const html = renderToString(
      <FunnelTable counts={{ presentations: 2, agencies: 8, signedUp: 4, verified: 3, completed: 0 }} caption="Outreach funnel of CACC 2026" />,
    )
    expect(html).toContain('<caption class="sr-only">Outreach funnel of CACC 2026</caption>')
    const rows = [...html.matchAll(/<th scope="row"[^>]*>([^<]+)<.*?<td[^>]*>([^<]+)<\/td>/g)].map((match) => [match[1], match[2]])
    expect(rows).toEqual([
      ['Presentations given', '2'],
      ['Agencies reached', '8'],
      ['Officers signed up within 90 days', '4'],
      ['Of whom verified', '3'],
      ['Of whom completed a module', '0'],
    ])
    expect([...html.matchAll(/width:(\d+(?:\.\d+)?)%/g)].map((match) => Number(match[1]))).toEqual([25, 100, 50, 37.5, 0])
  })

  it('draws empty bars when nothing happened, without dividing by zero', () => {
    const html = renderToString(<FunnelTable counts={{ presentations: 0, agencies: 0, signedUp: 0, verified: 0, completed: 0 }} caption="Empty" />)
    expect(html).not.toContain('NaN')
    expect([...html.matchAll(/width:(\d+)%/g)].map((match) => Number(match[1]))).toEqual([0, 0, 0, 0, 0])
  })
})
