import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

async function mainNavigation(page: Awaited<ReturnType<typeof newPage>>) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents()
}

const staffNav = ['Home', 'Coverage', 'Agencies', 'Contacts', 'Engagements', 'Calendar', 'Conferences', 'Tasks', 'Officers', 'Guidelines']

describe('each demo role sees its own navigation', () => {
  const cases = [
    { email: 'admin@liaison.example', start: '/home', nav: [...staffNav, 'Admin'] },
    { email: 'head@liaison.example', start: '/home', nav: staffNav },
    { email: 'lead.us@liaison.example', start: '/home', nav: staffNav },
    { email: 'lead.apac@liaison.example', start: '/home', nav: staffNav },
    { email: 'officer@police.example', start: '/training', nav: ['Training', 'Guidelines', 'Certificates'] },
  ]
  for (const { email, start, nav } of cases) {
    it(`${email} lands on ${start} with ${nav.join(', ')} navigation`, async () => {
      const page = await newPage()
      await signIn(page, email)
      expect(new URL(page.url()).pathname).toBe(start)
      expect(await mainNavigation(page)).toEqual(nav)
      await page.locator('summary[aria-label^="Account menu"]').click()
      await page.getByRole('link', { name: 'Settings' }).waitFor()
      expect(pageProblems(page)).toEqual([])
      await page.context().close()
    })
  }

  it('closes the account menu on Escape, on a click outside and after navigating', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await page.waitForLoadState('networkidle')
    const menu = page.locator('details:has(summary[aria-label^="Account menu"])')
    const summary = menu.locator('summary')
    const isOpen = () => menu.evaluate((details) => (details as HTMLDetailsElement).open)

    await summary.click()
    expect(await isOpen()).toBe(true)
    await page.keyboard.press('Escape')
    expect(await isOpen()).toBe(false)
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true)

    await summary.click()
    await page.locator('main h1').first().click()
    expect(await isOpen()).toBe(false)

    await summary.click()
    await page.getByRole('link', { name: 'Settings' }).click()
    await page.waitForURL(/\/settings$/)
    await page.getByRole('heading', { level: 1 }).first().waitFor()
    expect(await isOpen()).toBe(false)
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })

  it('takes keyboard shortcuts: ? lists them, g then a letter opens a page, n starts a new record, never while typing', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await page.waitForLoadState('networkidle')
    await page.keyboard.press('?')
    const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' })
    await dialog.waitFor()
    expect(await dialog.textContent()).toContain('Go to Agencies')
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    await page.keyboard.press('g')
    await page.keyboard.press('a')
    await page.waitForURL(/\/agencies$/)
    await page.getByRole('heading', { level: 1, name: 'Agencies' }).waitFor()
    await page.waitForLoadState('networkidle')
    // Typed into the search box, the letters are just letters.
    await page.locator('#agency-search').fill('')
    await page.locator('#agency-search').press('n')
    expect(new URL(page.url()).pathname).toBe('/agencies')
    await page.locator('main h1').first().click()
    await page.keyboard.press('n')
    await page.waitForURL(/\/agencies\/new$/)
    expect(pageProblems(page)).toEqual([])
    await page.context().close()
  })

  it('shows a lead the regions assigned to them on /home', async () => {
    const page = await newPage()
    await signIn(page, 'lead.emea@liaison.example')
    await page.getByRole('heading', { name: 'Your regions', exact: true }).waitFor()
    await page.getByText('Europe, Middle East and Africa').waitFor()
    expect(await page.getByText('Asia Pacific').count()).toBe(0)
    await page.screenshot({ path: 'test-results/home-lead.png', fullPage: true })
    await page.context().close()
  })
})

describe('officers and staff pages', () => {
  it('an officer opening staff pages sees the 403 page', async () => {
    const page = await newPage()
    await signIn(page, 'officer@police.example')
    for (const path of ['/home', '/agencies', '/admin/users']) {
      const response = await page.goto(path)
      expect(response?.status(), path).toBe(403)
      await page.getByRole('heading', { name: 'You do not have access' }).waitFor()
      expect(await page.content()).not.toMatch(/at .*\.js:\d+/) // no stack trace
    }
    await page.context().close()
  })

  it('a visitor is sent to sign in and then back where they were going', async () => {
    const page = await newPage()
    await page.goto('/settings')
    expect(new URL(page.url()).pathname).toBe('/login')
    await page.getByLabel('Email').fill('lead.ca@liaison.example')
    await page.getByLabel('Password').fill('liaison-demo-2026')
    await Promise.all([page.waitForURL('**/settings'), page.getByRole('button', { name: 'Sign in' }).click()])
    await page.getByRole('heading', { name: 'Settings' }).waitFor()
    await page.context().close()
  })

  it('an unknown page shows the friendly 404', async () => {
    const page = await newPage()
    const response = await page.goto('/no-such-page')
    expect(response?.status()).toBe(404)
    await page.getByRole('heading', { name: 'Page not found' }).waitFor()
    await page.context().close()
  })
})
