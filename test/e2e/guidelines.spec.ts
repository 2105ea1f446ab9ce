import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('guidelines', () => {
  it('a guideline page has no serious accessibility violation (axe-core)', async () => {
    const page = await newPage()
    await page.goto('/guidelines/emergency-disclosure-requests')
    await page.getByRole('heading', { level: 1, name: 'Emergency disclosure requests' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])
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

  it('sends the article once: it stays after hydration and comes with the data on a client navigation', async () => {
    const page = await newPage()
    const response = await page.goto('/guidelines/preservation-requests')
    const html = await response!.text()
    const article = page.locator('.prose-content')
    const heading = (await article.locator('h2').first().textContent())!.trim()
    // The article's text is in the document once, not again in the hydration data.
    const sentence = (await article.locator('p').first().textContent())!.trim().slice(0, 60)
    expect(html.split(sentence.slice(0, 40)).length - 1).toBe(1)
    // Once hydrated the article is still there (React keeps the server's markup).
    await page.waitForFunction(() => {
      const element = document.querySelector('.prose-content')
      return Boolean(element && Object.keys(element).some((key) => key.startsWith('__reactFiber')))
    })
    expect((await article.locator('h2').first().textContent())?.trim()).toBe(heading)
    // Client-side navigations (the page is never reloaded) bring the article in the data.
    await page.evaluate(() => ((window as unknown as { stayed?: boolean }).stayed = true))
    await page.getByRole('link', { name: 'All guidelines' }).click()
    await page.waitForURL(/\/guidelines$/)
    await page.getByRole('link', { name: 'Emergency disclosure requests' }).first().click()
    await page.waitForURL(/emergency-disclosure-requests/)
    await page.locator('.prose-content h2').first().waitFor()
    expect(await page.locator('.prose-content h2').count()).toBeGreaterThan(2)
    await page.goBack()
    await page.goBack()
    await page.waitForURL(/preservation-requests/)
    await expect.poll(async () => (await page.locator('.prose-content h2').first().textContent())?.trim()).toBe(heading)
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    expect(pageProblems(page)).toEqual([])
  })

  it('switches to Spanish, screens included, and lets an officer acknowledge', async () => {
    const page = await newPage()
    // Dana has not acknowledged this guideline yet (Rafael, in the demo world, has).
    await signIn(page, 'officer@police.example')
    await page.goto('/guidelines/emergency-disclosure-requests')
    await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Español' }).click()
    await page.waitForURL(/lang=es/)
    // The URL changes before React renders the new data: wait for the Spanish article itself.
    await page.locator('article[lang="es"]').waitFor()
    expect(await page.locator('article').getAttribute('lang')).toBe('es')
    expect(await page.locator('html').getAttribute('lang')).toBe('es')
    // The acknowledgement waits at the end of the text, in Spanish.
    await page.getByRole('button', { name: /Leí y entendí la versión/ }).click()
    // The switch is remembered: the page it returns to is still in Spanish.
    await page.getByText(/Confirmó la lectura de la versión/).waitFor()
    expect(pageProblems(page)).toEqual([])
  })
})
