import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('CSV import', () => {
  it('a lead imports the sample file with one bad row: reads the report, then imports the valid rows', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')

    // From the contacts list, the page opens with contacts chosen; from the agencies list, agencies.
    await page.goto('/contacts')
    await page.getByRole('link', { name: 'Import CSV' }).click()
    await page
      .getByRole('heading', { name: /Import/ })
      .first()
      .waitFor()
    expect(await page.getByRole('radio', { name: 'Contacts' }).isChecked()).toBe(true)
    await page.goto('/agencies')
    await page.getByRole('link', { name: 'Import CSV' }).click()
    await page
      .getByRole('heading', { name: /Import/ })
      .first()
      .waitFor()
    expect(await page.getByRole('radio', { name: 'Agencies' }).isChecked()).toBe(true)

    // The sample exactly as the page offers it to a US lead (US agencies only), and one broken
    // row at the end (an unknown kind).
    const sampleHref = await page.getByRole('link', { name: 'Sample agencies CSV' }).getAttribute('href')
    const sample = await page.evaluate(async (href) => (await fetch(href!)).text(), sampleHref)
    const [header, ...rows] = sample.trim().split('\n')
    expect(header.startsWith('name,kind,country')).toBe(true)
    expect(rows).toHaveLength(2)
    expect(rows.every((row) => row.split(',')[2] === 'US')).toBe(true)
    const stamp = Date.now()
    const file = [header, ...rows, `Broken Row Agency ${stamp},spaceship,US,Texas,Austin,,,,prospect,2,,`].join('\n')
    await page.setInputFiles('#import-file', { name: 'agencies.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
    await page.getByRole('button', { name: 'Upload and map columns' }).click()
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor()
    expect(await page.getByText('agencies.csv: 3 rows of agencies').count()).toBe(1)
    await page.getByRole('button', { name: 'Check every row' }).click()

    await page.getByRole('heading', { name: '1 row of 3 has a problem' }).waitFor()
    const problems = page.getByRole('region', { name: 'Rows with problems' })
    expect(await problems.getByRole('row').count()).toBe(2)
    const problemRow = problems.getByRole('row').nth(1)
    expect(await problemRow.getByRole('cell').first().textContent()).toBe('4')
    expect(await problemRow.textContent()).toContain('spaceship')
    // Every row of the sample is in the lead's region: nothing is refused for that.
    expect(await page.getByText(/outside your regions/i).count()).toBe(0)
    expect(await page.getByRole('button', { name: /Import all/ }).isDisabled()).toBe(true)

    await page.getByRole('button', { name: 'Import only the 2 valid rows' }).click()
    await page.getByRole('heading', { name: 'agencies.csv is imported' }).waitFor()
    const created = page.getByRole('term').filter({ hasText: 'Created' }).locator('xpath=following-sibling::dd')
    expect(await created.textContent()).toBe('2')

    // The imported agency is found, and its own timeline says it was created.
    await page.goto(`/agencies?q=${encodeURIComponent('Boston Police Department')}`)
    await page.getByRole('link', { name: 'Boston Police Department' }).first().click()
    await page.getByRole('heading', { name: 'Boston Police Department' }).waitFor()
    await page
      .getByText(/created agency Boston Police Department/)
      .first()
      .waitFor()
    expect(pageProblems(page)).toEqual([])
  })
})
