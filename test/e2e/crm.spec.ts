import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

/** Picks the first suggestion of a type-ahead, retrying while the list re-opens after a pick. */
async function pickFirstOption(page: Page, label: string, field: string, expectedCount: number) {
  for (let attempt = 0; attempt < 5; attempt++) {
    if (!(await page.getByRole('listbox').isVisible())) {
      const input = page.getByRole('combobox', { name: label })
      await input.click()
      await input.press('ArrowDown')
    }
    const option = page.getByRole('listbox').getByRole('option').first()
    await option.click({ timeout: 5_000 }).catch(() => {})
    const chosen = page.locator(`input[type=hidden][name=${field}]`)
    if ((await chosen.count()) >= expectedCount) return
    await page.waitForTimeout(300)
  }
  throw new Error(`Could not pick option ${expectedCount} of ${label}`)
}

describe('an outreach lead at work', () => {
  it('finds an agency by a misspelt name, logs a meeting with two contacts and a follow-up, and sees it on the timeline and in their tasks', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')

    await page.goto('/agencies')
    await page.waitForLoadState('networkidle') // hydrated: the "/" shortcut is live
    await page.keyboard.press('/')
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('agency-search')
    await page.keyboard.type('Federal Bureau of Investigaton')
    await page.keyboard.press('Enter')
    await page.waitForURL(/q=Federal/)
    const result = page.getByRole('link', { name: 'Federal Bureau of Investigation (FBI)' })
    await result.waitFor()
    await page.getByRole('status').filter({ hasText: 'No exact match for “Federal Bureau of Investigaton” here; showing close spellings.' }).waitFor()
    await result.click()
    await page.getByRole('heading', { name: 'Federal Bureau of Investigation (FBI)' }).waitFor()
    const agencyUrl = page.url()

    await page.getByRole('link', { name: 'Log engagement' }).first().click()
    await page.getByRole('heading', { name: 'Log an engagement' }).waitFor()
    const title = `Emergency request walkthrough ${Date.now()}`
    await page.getByLabel('Title').fill(title)
    // The agency is already chosen; pick two of its people from the type-ahead.
    expect(await page.getByRole('list', { name: 'Agencies chosen' }).textContent()).toContain('Federal Bureau of Investigation')
    for (let pick = 1; pick <= 2; pick++) await pickFirstOption(page, 'Their people', 'contactIds', pick)
    await page.keyboard.press('Escape')
    expect(await page.getByRole('list', { name: 'Their people chosen' }).getByRole('listitem').count()).toBe(2)
    await page.getByLabel('Emergency response').check()
    await page.getByLabel('Summary').fill('Walked the cybercrime unit through the emergency request form and the call-back check.')
    await page.getByRole('button', { name: 'Add a follow-up' }).click()
    // The cursor is in the new row: typing fills it instead of pressing the button again.
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.labels?.[0]?.textContent)).toBe('Follow-up 1')
    await page.keyboard.type('Send the emergency request guide')
    expect(await page.getByLabel('Follow-up 1', { exact: true }).inputValue()).toBe('Send the emergency request guide')
    expect(await page.getByLabel('Follow-up 2', { exact: true }).count()).toBe(0)
    await page.getByRole('button', { name: 'Log engagement' }).click()

    await page.getByText('Engagement logged with 1 follow-up task.').waitFor()
    await page.getByRole('heading', { name: title }).waitFor()

    await page.goto(agencyUrl)
    await page.getByRole('region', { name: 'Timeline' }).getByText(`logged engagement ${title}`).waitFor()
    await page.getByRole('region', { name: 'Open tasks' }).getByText('Send the emergency request guide').waitFor()

    await page.goto('/tasks')
    const task = page.getByText('Send the emergency request guide')
    await task.waitFor()
    await page.getByRole('checkbox', { name: 'Complete “Send the emergency request guide”' }).click()
    await page.getByRole('checkbox', { name: 'Reopen “Send the emergency request guide”' }).waitFor()
    expect(pageProblems(page)).toEqual([])
  })
})

describe('the agency form', () => {
  it('says in the browser, before anything is sent, why a free-mail provider or a shared suffix cannot be an agency domain', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await page.goto('/agencies/new')
    await page.waitForLoadState('networkidle')
    const posts: string[] = []
    page.on('request', (request) => {
      if (request.method() === 'POST') posts.push(request.url())
    })
    await page.getByLabel('Name').fill('Springfield Police Department')
    await page.getByLabel('Email domains').fill('springfield.gov, gmail.com, co.uk')
    await page.getByRole('button', { name: 'Add agency' }).click()
    await page.getByText("gmail.com is a free email provider: enter the agency's own domain.").waitFor()
    await page.getByText("co.uk is shared by many organisations: enter the agency's own domain, such as police.example.gov.uk.").waitFor()
    expect(posts).toEqual([])
    expect(new URL(page.url()).pathname).toBe('/agencies/new')
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })
})

describe('the agency list for the global head', () => {
  it('hydrates without a mismatch, with every country in the filter built in the browser too', async () => {
    const page = await newPage()
    const reactErrors: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'error' && /Minified React error|hydrat/i.test(message.text())) reactErrors.push(message.text())
    })
    await signIn(page, 'head@liaison.example')
    await page.goto('/agencies')
    await page.waitForLoadState('networkidle')
    const country = page.getByLabel('Country')
    expect(await country.locator('option').count()).toBeGreaterThan(240)
    await country.selectOption({ label: 'Åland Islands' })
    await page.waitForURL(/country=AX/)
    expect(reactErrors).toEqual([])
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })
})
