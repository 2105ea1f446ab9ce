import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { origin, pageProblems, signIn, withBrowser } from './browser'
import { linkMailedTo } from './mail'

const newPage = withBrowser()

type Question = { id: string; kind: 'single' | 'multiple'; options: { id: string; correct?: boolean }[] }
const quiz = parse(readFileSync('content/training/emergency-requests/quiz.yml', 'utf8')) as { questions: Question[] }

describe('an officer from sign-up to a verified certificate', () => {
  it('signs up with an agency email, confirms it from the mail, is verified by a lead, completes a module, fails then passes the quiz, downloads the certificate, and a visitor verifies it', async () => {
    const stamp = Date.now()
    const email = `demo.casey.${stamp}@fbi.gov`
    const password = `a long phrase for casey ${stamp}`

    // 1. Sign-up: the address is at a domain registered on the FBI.
    const officer = await newPage()
    await officer.goto('/signup')
    await officer.getByLabel('Your name').fill('Casey Demo')
    await officer.getByLabel('Work email').fill(email)
    await officer.getByLabel('Password').fill(password)
    await officer.getByRole('button', { name: 'Create my account' }).click()
    await officer.getByRole('heading', { name: 'Check your email' }).waitFor()

    // 2. The confirmation mail, as local mail mode sent it (the admin outbox shows its link masked).
    const link = await linkMailedTo(email, '/verify-email/')
    await officer.goto(new URL(link).pathname)
    await officer.getByRole('button', { name: 'Confirm and sign in' }).click()
    await officer.waitForURL('**/training')

    // 3. The US lead verifies the officer in the queue.
    const lead = await newPage()
    await signIn(lead, 'lead.us@liaison.example')
    await lead.goto('/officers')
    const row = lead.getByRole('row').filter({ hasText: email })
    await row.getByRole('button', { name: 'Verify' }).click()
    await lead.getByRole('alertdialog').getByRole('button', { name: 'Verify' }).click()
    await lead.getByRole('row').filter({ hasText: email }).waitFor({ state: 'detached' })

    // 4. The officer works through every section of the module.
    await officer.goto('/training/emergency-requests')
    // The section came with the document only; once hydrated it is still shown.
    await officer.waitForFunction(() => {
      const element = document.querySelector('article .prose-content')
      return Boolean(element && Object.keys(element).some((key) => key.startsWith('__reactFiber')))
    })
    const sectionTitle = officer.locator('article .prose-content h2').first()
    const firstTitle = (await sectionTitle.textContent())?.trim()
    expect(firstTitle).toBeTruthy()
    for (let section = 0; section < 10; section++) {
      const finish = officer.getByRole('button', { name: 'Mark complete and take the quiz' })
      if (await finish.isVisible()) {
        await finish.click()
        break
      }
      await officer.getByRole('button', { name: 'Mark complete and continue' }).click()
      await officer.waitForTimeout(300)
      // The next section arrives in the data of a client navigation.
      await expect.poll(async () => (await sectionTitle.textContent())?.trim()).not.toBe(firstTitle)
    }
    await officer.getByRole('button', { name: 'Submit answers' }).waitFor()
    const html = await officer.content()
    expect(html).not.toContain('"correct"')

    // 5. A first attempt with wrong answers fails …
    const answer = async (pickCorrect: boolean) => {
      const groups = officer.locator('form fieldset')
      for (const [index, question] of quiz.questions.entries()) {
        const group = groups.nth(index)
        for (const box of await group.locator('input[type=checkbox]:checked').all()) await box.uncheck()
        const chosen = pickCorrect ? question.options.filter((option) => option.correct) : [question.options.find((option) => !option.correct)!]
        for (const option of chosen) await group.locator(`input[value="${option.id}"]`).check()
      }
      await officer.getByRole('button', { name: 'Submit answers' }).click()
    }
    await answer(false)
    await officer.getByRole('heading', { name: /Not passed yet/ }).waitFor()
    await officer.getByRole('link', { name: 'Try again' }).click()
    await officer.getByRole('button', { name: 'Submit answers' }).waitFor()

    // … and a second one passes and issues the certificate.
    await answer(true)
    await officer.getByRole('heading', { name: /Passed: 100%/ }).waitFor()
    const certificateLink = officer.getByRole('link', { name: /^[A-Z0-9]{5}-[A-Z0-9]{5}$/ }).first()
    const code = (await certificateLink.textContent())!.replace('-', '')
    const pdf = await officer.request.get(`${origin}/training/emergency-requests/certificate.pdf`)
    expect(pdf.headers()['content-type']).toBe('application/pdf')
    const body = await pdf.body()
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')

    // 6. Anyone can verify the code, signed out.
    const visitor = await newPage()
    await visitor.goto(`/certificates/${code}`)
    await visitor.getByText('Casey Demo').waitFor()
    expect(await visitor.locator('main').innerText()).toMatch(/Valid\s+until/)
    expect(pageProblems(officer)).toEqual([])
    expect(pageProblems(visitor)).toEqual([])
  })
})
