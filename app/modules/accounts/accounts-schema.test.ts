import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { awkwardString, fuzzFormSchema } from '~/lib/forms/schema-fuzz.test-helpers'
import { contactFormSchema } from '~/modules/contacts/contacts-schema'
import { inviteOfficerSchema, signupSchema } from '~/modules/officers/officers-schema'
import { inviteUserSchema } from '~/modules/users/users-schema'
import { acceptInvitationSchema, forgotPasswordSchema, loginSchema, profileSchema, resetPasswordSchema, safeRedirect, settingsSchema } from './accounts-schema'

// Passwords are only hashed and compared, never stored as typed.
const notStored = ['password', 'confirmPassword', 'currentPassword', 'redirectTo']

describe('account schemas', () => {
  it('strip NUL from names', () => {
    expect(settingsSchema.parse({ intent: 'profile', name: 'Dana\u0000 Reyes', locale: 'es' })).toMatchObject({ name: 'Dana Reyes' })
    expect(loginSchema.safeParse({ email: 'dana\u0000@police.example', password: 'x' }).success).toBe(false)
  })

  it('any input: a zod result, and accepted values PostgreSQL takes', () => {
    const password = 'correct horse battery staple'
    expect(fuzzFormSchema(loginSchema, { email: 'dana@police.example', password, redirectTo: '/training' }, { notStored })).toBeGreaterThan(0)
    expect(fuzzFormSchema(forgotPasswordSchema, { email: 'dana@police.example' })).toBeGreaterThan(0)
    expect(fuzzFormSchema(resetPasswordSchema, { password, confirmPassword: password }, { notStored })).toBeGreaterThan(0)
    expect(fuzzFormSchema(acceptInvitationSchema, { name: 'Dana Reyes', password, confirmPassword: password }, { notStored })).toBeGreaterThan(0)
    expect(fuzzFormSchema(settingsSchema, { intent: 'profile', name: 'Dana Reyes', locale: 'pt' }, { notStored })).toBeGreaterThan(0)
    expect(
      fuzzFormSchema(
        settingsSchema,
        { intent: 'password', currentPassword: password, password: `${password}!`, confirmPassword: `${password}!` },
        { notStored },
      ),
    ).toBeGreaterThan(0)
  })
})

describe("every form that takes a person's name", () => {
  it('removes a right-to-left override and the other invisible characters (personName)', () => {
    const nameFields = {
      invitationAccept: acceptInvitationSchema.shape.name,
      settings: profileSchema.shape.name,
      signup: signupSchema.shape.name,
      officerInvite: inviteOfficerSchema.shape.name,
      userInvite: inviteUserSchema.shape.name,
      contact: contactFormSchema.shape.fullName,
    }
    for (const [form, nameField] of Object.entries(nameFields)) expect(nameField.parse('\u202EDana\u200B Reyes\u202C'), form).toBe('Dana Reyes')
  })
})

describe('the redirect after sign-in', () => {
  it('follows local paths only, percent-encoded so the Location header is valid', () => {
    expect(safeRedirect('/settings', '/home')).toBe('/settings')
    expect(safeRedirect('/agencies?q=Polic%C3%ADa&page=2', '/home')).toBe('/agencies?q=Polic%C3%ADa&page=2')
    expect(safeRedirect('/agencies?q=€', '/home')).toBe('/agencies?q=%E2%82%AC')
    for (const wrong of [
      '//evil.example/x',
      '/\\evil.example',
      '/.//evil.example',
      '/a/..//evil.example',
      'https://evil.example',
      '/x\u0000',
      '/x\r\nSet-Cookie: a=b',
      '',
      null,
      undefined,
    ]) {
      expect(safeRedirect(wrong, '/home'), String(wrong)).toBe('/home')
    }
  })

  it('whatever it is given, answers a same-site path a Location header can carry', () => {
    const target = fc.oneof(
      awkwardString,
      awkwardString.map((text) => `/${text}`),
      fc.webUrl().map((url) => url.replace(/^https?:\/\/[^/]+/, '')),
      fc.webPath(),
    )
    fc.assert(
      fc.property(target, (value) => {
        const path = safeRedirect(value, '/home')
        expect(path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\')).toBe(true)
        expect(path).toMatch(/^[\x21-\x7e]+$/)
        expect(new URL(path, 'https://liaison.example').origin).toBe('https://liaison.example')
        expect(() => new Response(null, { status: 302, headers: { Location: path } })).not.toThrow()
      }),
      { numRuns: 1000 },
    )
  })
})
