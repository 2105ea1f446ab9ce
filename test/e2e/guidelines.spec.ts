import AxeBuilder from '@axe-core/playwright'
import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('guidelines', () => {
  it('a guideline page has no serious accessibility violation (axe-core)', async () => {
    const page = await newPage()
    await page.goto('/guidelines/emergency-disclosure-requests')
    await page.getByRole('heading', { level: 1, name: 'Emergency disclosure requests' }).waitFor()
    const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']).analyze()
    const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    expect(serious.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([])
    expect(pageProblems(page)).toEqual([])
  })

  it('sends at most 150 KB of compressed JavaScript for a guideline page', async () => {
    const page = await newPage()
    const sizes: number[] = []
    page.on('response', async (response) => {
      if (response.request().resourceType() !== 'script') return
      const sizesOf = await response.request().sizes()
      sizes.push(sizesOf.responseBodySize)
    })
    await page.goto('/guidelines/us-legal-process', { waitUntil: 'networkidle' })
    const total = sizes.reduce((sum, size) => sum + size, 0)
    expect(total).toBeGreaterThan(0)
    expect(total).toBeLessThan(150 * 1024)
  })

  it('switches to Spanish and lets an officer acknowledge', async () => {
    const page = await newPage()
    // Dana has not acknowledged this guideline yet (Rafael, in the demo world, has).
    await signIn(page, 'officer@police.example')
    await page.goto('/guidelines/emergency-disclosure-requests')
    await page.getByRole('link', { name: 'Español' }).click()
    await page.waitForURL(/lang=es/)
    // The URL changes before React renders the new data: wait for the Spanish article itself.
    await page.locator('article[lang="es"]').waitFor()
    expect(await page.locator('article').getAttribute('lang')).toBe('es')
    await page.getByRole('button', { name: /I have read and understood version/ }).click()
    await page.getByText(/You acknowledged version/).waitFor()
  })
})
