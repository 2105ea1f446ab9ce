import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe("a presentation's audience", () => {
  it('is picked with the agency type-ahead, listed on the presentation, and a conference page shows its funnel', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')

    await page.goto('/presentations/new')
    await page.waitForLoadState('networkidle') // hydrated: the type-ahead fetches as one types
    const title = `Preserving evidence with emergency requests ${Date.now()}`
    await page.getByLabel('Title').fill(title)
    await page.getByLabel('Presented at (UTC)').fill('2026-05-12T14:30')
    const picker = page.getByRole('combobox', { name: 'Agencies in the audience' })
    await picker.click()
    await picker.pressSequentially('Dallas Police')
    for (let attempt = 0; attempt < 5 && (await page.locator('input[type=hidden][name=agencyIds]').count()) === 0; attempt++) {
      await page
        .getByRole('listbox')
        .getByRole('option', { name: /Dallas Police Department/ })
        .click({ timeout: 5_000 })
        .catch(() => {})
    }
    await page.keyboard.press('Escape')
    expect(await page.getByRole('list', { name: 'Agencies in the audience chosen' }).textContent()).toContain('Dallas Police Department')
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('button', { name: 'Record presentation' }).click()

    await page.getByRole('heading', { name: title }).waitFor()
    const audience = page.getByRole('region', { name: 'Agencies in the audience' })
    await audience.getByRole('link', { name: 'Dallas Police Department' }).waitFor()
    expect(await seriousViolations(page)).toEqual([])

    // A conference of the demo world where talks were given: its funnel reads as a table.
    await page.goto('/conferences?status=attended')
    await page.locator('a[href^="/conferences/"]:not([href$="/new"])').first().click()
    const funnel = page.getByRole('table', { name: /Outreach funnel of/ })
    await funnel.waitFor()
    expect(await funnel.getByRole('rowheader').allTextContents()).toEqual([
      'Presentations given',
      'Agencies reached',
      'Officers signed up within 90 days',
      'Of whom verified',
      'Of whom completed a module',
    ])
    expect(await seriousViolations(page)).toEqual([])
    expect(pageProblems(page)).toEqual([])
  })
})
