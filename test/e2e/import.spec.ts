import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

describe('CSV import', () => {
  it('a lead imports the sample file with one bad row: reads the report, then imports the valid rows', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await page.goto('/agencies')
    await page.getByRole('link', { name: 'Import CSV' }).click()
    await page.getByRole('heading', { name: /Import/ }).first().waitFor()

    // The sample, downloaded from the page, keeps its header and US row; two new US agencies
    // are added and one row is broken (an unknown kind).
    const sampleHref = await page.getByRole('link', { name: 'Sample agencies CSV' }).getAttribute('href')
    const sample = await page.evaluate(async (href) => (await fetch(href!)).text(), sampleHref)
    const [header, ...rows] = sample.trim().split('\n')
    expect(header.startsWith('name,kind,country')).toBe(true)
    const usRow = rows.find((row) => row.includes(',US,'))!
    const stamp = Date.now()
    const file = [
      header,
      usRow,
      `Springfield Police Department ${stamp},local,US,Illinois,Springfield,,,,prospect,2,ICAC,`,
      `Travis County Sheriff's Office ${stamp},local,US,Texas,Austin,,,,prospect,3,,`,
      `Broken Row Agency ${stamp},spaceship,US,Texas,Austin,,,,prospect,2,,`,
    ].join('\n')
    await page.setInputFiles('#import-file', { name: 'agencies.csv', mimeType: 'text/csv', buffer: Buffer.from(file) })
    await page.getByRole('button', { name: 'Upload and map columns' }).click()
    await page.getByRole('heading', { name: 'Match the columns' }).waitFor()
    await page.getByRole('button', { name: 'Check every row' }).click()

    await page.getByRole('heading', { name: '1 row of 4 has a problem' }).waitFor()
    const problems = page.getByRole('region', { name: 'Rows with problems' })
    const problemRow = problems.getByRole('row').nth(1)
    expect(await problemRow.getByRole('cell').first().textContent()).toBe('5')
    expect(await problemRow.textContent()).toContain('spaceship')
    expect(await page.getByRole('button', { name: /Import all/ }).isDisabled()).toBe(true)

    await page.getByRole('button', { name: 'Import only the 3 valid rows' }).click()
    await page.getByRole('heading', { name: 'agencies.csv is imported' }).waitFor()
    const created = page.getByRole('term').filter({ hasText: 'Created' }).locator('xpath=following-sibling::dd')
    expect(await created.textContent()).toBe('2')

    await page.goto(`/agencies?q=${encodeURIComponent(`Springfield Police Department ${stamp}`)}`)
    await page.getByRole('link', { name: `Springfield Police Department ${stamp}` }).waitFor()
    expect(pageProblems(page)).toEqual([])
  })
})
