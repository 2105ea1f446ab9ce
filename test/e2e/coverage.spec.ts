import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
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

    expect(await seriousViolations(page)).toEqual([])
    expect(pageProblems(page)).toEqual([])

    // A client-side navigation (another quarter) brings the map's markup in its data.
    const quarter = page.locator('select[name="period"]')
    const other = await quarter.locator('option').nth(2).getAttribute('value')
    await quarter.selectOption(other!)
    await page.getByRole('button', { name: 'Show' }).click()
    await page.waitForURL(new RegExp(`period=${other}`))
    await page.getByRole('heading', { level: 2, name: 'Coverage by country' }).waitFor()
    expect(await page.locator('.world-map-svg a').count()).toBeGreaterThan(10)
    expect(pageProblems(page)).toEqual([])

    const total = [...scripts.values()].reduce((sum, size) => sum + size, 0)
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(150 * 1024)
  })
})
