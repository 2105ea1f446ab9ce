import { describe, expect, it } from 'vitest'
import { pageProblems, signIn, withBrowser } from './browser'
import { linkMailedTo } from './mail'

const newPage = withBrowser()

describe('forgot password → mail (masked in the outbox) → reset → sign in', () => {
  it('works end to end in local mail mode', async () => {
    const visitor = await newPage()
    await visitor.goto('/login')
    await visitor.getByRole('link', { name: 'Forgot your password?' }).click()
    await visitor.getByRole('heading', { name: 'Forgot your password?' }).waitFor()
    await visitor.getByLabel('Email').fill('lead.latam@liaison.example')
    await visitor.getByRole('button', { name: 'Send the reset link' }).click()
    await visitor.getByText('If an account exists for that address').waitFor()

    // The admin sees the message in the outbox, its link masked; the message as sent has it.
    const admin = await newPage()
    await signIn(admin, 'admin@liaison.example')
    await admin.goto('/admin/outbox?q=lead.latam')
    await admin.getByRole('link', { name: 'Reset your Liaison password' }).first().click()
    const text = await admin.getByTestId('email-text').textContent()
    expect(text).toContain('/reset-password/••••••')
    const link = await linkMailedTo('lead.latam@liaison.example', '/reset-password/')
    expect(text).not.toContain(new URL(link).pathname)

    await visitor.goto(new URL(link!).pathname)
    await visitor.getByLabel('New password', { exact: true }).fill('a new phrase for latam')
    await visitor.getByLabel('Repeat the new password').fill('a new phrase for latam')
    await Promise.all([visitor.waitForURL('**/login'), visitor.getByRole('button', { name: 'Save the new password' }).click()])
    await visitor.getByText('Your password is changed').waitFor()

    await signIn(visitor, 'lead.latam@liaison.example', 'a new phrase for latam')
    expect(new URL(visitor.url()).pathname).toBe('/home')
    expect(pageProblems(visitor)).toEqual([])
    expect(pageProblems(admin)).toEqual([])
  })

  it('shows field errors and keeps the email when the sign-in form is wrong', async () => {
    const page = await newPage()
    await page.goto('/login')
    await page.getByLabel('Email').fill('lead.us@liaison.example')
    await page.getByLabel('Password').fill('definitely wrong')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByText('The email or password is not right.').waitFor()
    expect(await page.getByLabel('Email').inputValue()).toBe('lead.us@liaison.example')
  })
})
