import AxeBuilder from '@axe-core/playwright'
import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('/coverage', () => {
  it('shows the head the regions, trends, map and funnels of the demo world, hydrates cleanly, has no serious accessibility violation and sends at most 150 KB of compressed JavaScript', async () => {
    const page = await newPage()
    // Every script the browser fetched, sign-in page included (cached ones are not fetched again): an upper bound.
    const scripts = new Map<string, number>()
    page.on('response', async (response) => {
      if (response.request().resourceType() === 'script') scripts.set(response.url(), (await response.request().sizes()).responseBodySize)
    })
    await signIn(page, 'head@liaison.example')
    await page.goto('/coverage', { waitUntil: 'networkidle' })
    await page.getByRole('heading', { level: 2, name: 'Regions' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Trends' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Coverage by country' }).waitFor()
    await page.getByRole('heading', { level: 2, name: /Outreach funnel/ }).waitFor()
    expect(await page.locator('.world-map-svg a').count()).toBeGreaterThan(10)

    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([])
    expect(pageProblems(page)).toEqual([])

    const total = [...scripts.values()].reduce((sum, size) => sum + size, 0)
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(150 * 1024)
  })
})
