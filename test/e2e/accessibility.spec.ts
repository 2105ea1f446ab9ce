import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { seriousViolations } from './axe'
import { pageProblems, signIn, withBrowser } from './browser'

const newPage = withBrowser()

/** Opens the page, waits for its heading and for hydration, then checks it. */
async function check(page: Page, path: string, heading: string | RegExp) {
  const response = await page.goto(path)
  expect(response?.status(), path).toBe(200)
  await page.getByRole('heading', { level: 1, name: heading }).first().waitFor()
  await page.waitForLoadState('networkidle')
  expect(await seriousViolations(page), path).toEqual([])
  expect(pageProblems(page), path).toEqual([])
}

describe('accessibility (axe-core in Chromium): one page of every kind', () => {
  it('signed out: sign-in, sign-up, forgot password, the guideline list and a guideline', async () => {
    const page = await newPage()
    await check(page, '/login', /Sign in/)
    await check(page, '/signup', /account/i)
    await check(page, '/forgot-password', /password/i)
    await check(page, '/guidelines', /Guidelines/)
    await check(page, '/guidelines/us-legal-process', /./)
  })

  it('a sign-in form showing its errors', async () => {
    const page = await newPage()
    await page.goto('/login')
    await page.getByLabel('Email').fill('nobody@liaison.example')
    await page.getByLabel('Password').fill('not the password at all')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('The email or password is not right.').waitFor()
    expect(await seriousViolations(page)).toEqual([])
  })

  it('an officer: training list, module, quiz, certificate (signed in and signed out) and settings', async () => {
    const page = await newPage()
    // Rafael has completed the child safety module and holds its certificate.
    await signIn(page, 'officer2@police.example')
    await check(page, '/training', /Training/)
    await check(page, '/training/emergency-requests', /./)
    await check(page, '/training/child-safety-referrals?quiz=1', /./)
    await page.getByRole('button', { name: 'Submit answers' }).waitFor()
    await check(page, '/training/child-safety-referrals', /./)
    const certificate = await page.locator('a[href^="/certificates/"]').first().getAttribute('href')
    expect(certificate).toBeTruthy()
    await check(page, certificate!, /Certificate|Valid|certificate/)
    await check(page, '/settings', /Settings/)
    const visitor = await newPage()
    await check(visitor, certificate!, /Certificate|Valid|certificate/)
  }, 120_000)

  it('a lead: home dashboard, agency list, record and form, with its errors', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await check(page, '/home', /./)
    await check(page, '/agencies', /Agencies/)
    const record = await page.locator('main table a[href^="/agencies/"]').first().getAttribute('href')
    expect(record).toBeTruthy()
    await check(page, record!, /./)
    await check(page, '/agencies/new', /agency/i)
    await page
      .getByRole('button', { name: /Save|Create|Add/ })
      .first()
      .click()
    await page.locator('[aria-invalid="true"]').first().waitFor()
    expect(await seriousViolations(page)).toEqual([])
    await check(page, '/engagements/new', /engagement/i)
  }, 120_000)

  it('a lead: the other lists', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    await check(page, '/contacts', /Contacts/)
    await check(page, '/engagements', /Engagements/)
    await check(page, '/conferences', /Conferences/)
    await check(page, '/officers', /Officers/)
    await check(page, '/tasks', /tasks/i)
  }, 120_000)

  it('a lead: the other records, the import page and the invitation form', async () => {
    const page = await newPage()
    await signIn(page, 'lead.us@liaison.example')
    for (const [list, heading] of [
      ['/contacts', /Contacts/],
      ['/engagements', /Engagements/],
      ['/conferences', /Conferences/],
      ['/officers?tab=all', /Officers/],
    ] as const) {
      await check(page, list, heading)
      const record = await page
        .locator(`main table a[href^="${list.split('?')[0]}/"]`)
        .first()
        .getAttribute('href')
      expect(record, `a record in ${list}`).toBeTruthy()
      await check(page, record!, /./)
    }
    await check(page, '/import', /Import/)
    await check(page, '/officers/invite', /Invite/)
  }, 180_000)

  it('an admin: users (list, record, form), the outbox and the activity log', async () => {
    const page = await newPage()
    await signIn(page, 'admin@liaison.example')
    await check(page, '/admin/users', /Users|users/)
    await check(page, '/admin/outbox', /Outbox|outbox|Email/i)
    const user = await page.goto('/admin/users').then(() => page.locator('main table a[href^="/admin/users/"]').first().getAttribute('href'))
    await check(page, user!, /./)
    await check(page, '/admin/users/new', /./)
    await check(page, '/admin/activity', /./)
  }, 120_000)
})
