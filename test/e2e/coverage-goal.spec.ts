import { readFile } from 'node:fs/promises'
import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { pdfPageTexts } from '#test/pdf-text'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

/** The quarter the server counts in (UTC), as the goal form and the URLs name it. */
function currentQuarter(at = new Date()) {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`
}

const TARGET = 1_000_000

/** The US "Engagements logged" goal's progress on /coverage, e.g. 14 (of 1000000). */
async function usEngagementsGoal(page: Page, period: string) {
  await page.goto(`/coverage?period=${period}&region=US`)
  const row = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'United States' }) })
  const goal = row.getByRole('listitem').filter({ hasText: 'Engagements logged' })
  const text = (await goal.textContent()) ?? ''
  const match = text.match(/(\d+) of (\d+)/)
  expect(match, text).not.toBeNull()
  return { value: Number(match![1]), target: Number(match![2]), text }
}

describe('a goal from setting to the quarterly report', () => {
  it('the head sets a goal and sees it behind, a lead logs three priority-1 engagements, the figure moves, and the PDF shows the goal first', async () => {
    const period = currentQuarter()

    // The head replaces the demo world's US engagements goal with their own.
    const head = await newPage()
    await signIn(head, 'head@liaison.example')
    await head.goto(`/goals?period=${period}`)
    const existing = head.getByRole('row').filter({ hasText: 'US' }).getByRole('link', { name: 'Engagements logged' })
    if (await existing.count()) {
      await existing.click()
      await head.waitForLoadState('networkidle')
      await head.getByRole('button', { name: 'Delete goal' }).click()
      await head.getByRole('alertdialog').getByRole('button', { name: 'Delete', exact: true }).click()
      await head.waitForURL(/\/goals(\?|$)/)
    }
    await head.goto(`/goals?period=${period}`)
    await head.waitForLoadState('networkidle')
    await head.getByLabel('Region').selectOption('US')
    await head.getByLabel('Quarter', { exact: true }).last().selectOption(period)
    await head.getByLabel('Measure').selectOption({ label: 'Engagements logged' })
    await head.getByLabel('Target').fill(String(TARGET))
    await head.getByRole('button', { name: 'Set goal' }).click()
    await head
      .getByRole('row')
      .filter({ hasText: `of ${TARGET}` })
      .waitFor()

    const before = await usEngagementsGoal(head, period)
    expect(before.target).toBe(TARGET)
    expect(before.text).toContain('Behind')

    // The US lead logs an engagement with each of three priority-1 agencies.
    const lead = await newPage()
    await signIn(lead, 'lead.us@liaison.example')
    await lead.goto('/agencies?priority=1')
    const hrefs = await lead.locator('main table a[href^="/agencies/"]').evaluateAll((links) => links.map((link) => link.getAttribute('href')!))
    const agencies = [...new Set(hrefs.filter((href) => /^\/agencies\/[0-9a-f-]{36}$/.test(href)))].slice(0, 3)
    expect(agencies).toHaveLength(3)
    for (const [index, href] of agencies.entries()) {
      await lead.goto(href)
      await lead.getByRole('link', { name: 'Log engagement' }).first().click()
      await lead.getByRole('heading', { name: 'Log an engagement' }).waitFor()
      await lead.waitForLoadState('networkidle')
      await lead.getByLabel('Title').fill(`Quarterly check-in ${index + 1}`)
      await lead.getByLabel('Summary').fill('Went through the legal process guide and the emergency request form.')
      await lead.getByRole('button', { name: 'Log engagement' }).click()
      await lead.getByText(/Engagement logged/).waitFor()
    }
    expect(pageProblems(lead)).toEqual([])

    // The head's figure has moved by three.
    const after = await usEngagementsGoal(head, period)
    expect(after.value).toBe(before.value + 3)

    // The quarterly report's first page shows the goal with its progress.
    const [download] = await Promise.all([head.waitForEvent('download'), head.getByRole('link', { name: 'Quarterly report (PDF)' }).click()])
    expect(download.suggestedFilename()).toMatch(new RegExp(`^liaison-quarterly-report-${period}-US-\\d{4}-\\d{2}-\\d{2}\\.pdf$`))
    const [first] = await pdfPageTexts(await readFile((await download.path())!))
    expect(first).toContain(`Quarterly outreach report, ${period}`)
    expect(first).toContain(`Engagements logged\n${after.value} of ${TARGET}\nBehind`)
    expect(pageProblems(head)).toEqual([])
  })
})
