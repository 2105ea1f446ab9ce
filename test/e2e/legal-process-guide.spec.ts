import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { origin, pageProblems, withBrowser } from './browser'

const newPage = withBrowser()
const PATH = '/guidelines/legal-process-guide'

/** The href of the link whose text is `label`, from the server's HTML. */
function linkTo(html: string, label: string) {
  const match = [...html.matchAll(/<a[^>]*href="([^"]*)"[^>]*>(?:<span[^>]*>)?([^<]*)/g)].find((item) => item[2].trim() === label)
  if (!match) throw new Error(`no link "${label}"`)
  return match[1].replace(/&amp;/g, '&')
}

describe('which legal process do I need?', () => {
  it('takes a reader without JavaScript from the first question to a result by plain links (the page wins over a guideline slug)', async () => {
    let response = await fetch(`${origin}${PATH}`)
    expect(response.status).toBe(200)
    let html = await response.text()
    expect(html).toContain('Is someone in danger of death or serious physical injury right now?')
    for (const label of ['No', 'No', 'Canada', 'Content']) {
      response = await fetch(`${origin}${linkTo(html, label)}`)
      expect(response.status, label).toBe(200)
      html = await response.text()
    }
    expect(html).toContain('Request under the Canada–US mutual legal assistance treaty')
    expect(html).toContain('href="/guidelines/canada-requests#content-through-the-mutual-legal-assistance-treaty"')
    const bad = await fetch(`${origin}${PATH}?emergency=perhaps`)
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('These answers do not fit the guide')
  })

  it('answers by clicking, with no serious accessibility violation (axe-core)', async () => {
    const page = await newPage()
    await page.goto('/guidelines')
    await page.getByRole('link', { name: 'Which legal process do I need?' }).click()
    await page.getByRole('heading', { level: 2, name: /danger of death/ }).waitFor()
    await page.getByRole('link', { name: /^No$/ }).click()
    await page.getByRole('heading', { level: 2, name: /sexual exploitation of a child/ }).waitFor()
    await page.getByRole('link', { name: /^Yes$/ }).click()
    await page.getByRole('link', { name: /^United States/ }).click()
    await page.getByRole('link', { name: /^Logs and other non-content records/ }).click()
    await page.getByRole('heading', { level: 2, name: 'Court order under 18 U.S.C. § 2703(d)' }).waitFor()
    expect(page.url()).toBe(`${origin}${PATH}?emergency=no&child-safety=yes&region=us&data-us=records`)
    expect(await seriousViolations(page)).toEqual([])
    await page.getByRole('link', { name: 'Back' }).click()
    await page.getByRole('heading', { level: 2, name: 'What do you need?' }).waitFor()
    expect(pageProblems(page)).toEqual([])
  })
})
