import { createElement } from 'react'
import { renderToString } from 'react-dom/server'
import { I18nextProvider } from 'react-i18next'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { commonPasswordMessage } from '~/lib/auth/password.server'
import { i18nFor } from '~/lib/i18n/i18n'
import en from '~/lib/i18n/messages/en'
import es from '~/lib/i18n/messages/es'
import {
  acceptInvitationSchema,
  changePasswordSchema,
  forgotPasswordSchema,
  loginSchema,
  profileSchema,
  resetPasswordSchema,
} from '~/modules/accounts/accounts-schema'
import { signupSchema, unknownDomainMessage } from '~/modules/officers/officers-schema'
import { ErrorList, FormError } from './forms'

const known = new Set(Object.values(en.validation))

/** Every message a schema gives for a few bad submissions. */
function messagesOf(schema: z.ZodType, inputs: object[]) {
  return inputs.flatMap((input) => {
    const result = schema.safeParse(input)
    return result.success ? [] : result.error.issues.map((issue) => issue.message)
  })
}

const long = 'x'.repeat(300)
const bad = [
  {},
  { email: '', password: '', name: '', confirmPassword: '', currentPassword: '' },
  { email: 'nope', name: 'A', password: 'short', confirmPassword: 'other' },
  { email: `${long}@x.org`, name: long, password: long, confirmPassword: long, locale: 'de' },
]

describe('form errors in the reader’s language', () => {
  it('every message of the officers’ and visitors’ forms has a translation', () => {
    const messages = [
      ...[loginSchema, forgotPasswordSchema, signupSchema, resetPasswordSchema, acceptInvitationSchema].flatMap((schema) => messagesOf(schema, bad)),
      // The settings' forms name themselves in a hidden field.
      ...messagesOf(
        profileSchema,
        bad.map((input) => ({ ...input, intent: 'profile' })),
      ),
      ...messagesOf(
        changePasswordSchema,
        bad.map((input) => ({ ...input, intent: 'password' })),
      ),
      commonPasswordMessage,
      unknownDomainMessage,
    ]
    expect(messages.length).toBeGreaterThan(10)
    expect([...new Set(messages)].filter((message) => !known.has(message))).toEqual([])
  })

  it('shows a known message translated, and any other as it is', () => {
    const html = renderToString(
      createElement(I18nextProvider, { i18n: i18nFor('es', es) }, [
        createElement(ErrorList, { key: 'list', errors: ['Enter your email address.', 'A staff-only message.'] }),
        createElement(FormError, { key: 'form', errors: ['The passwords do not match.'] }),
      ]),
    )
    expect(html).toContain(es.validation.enterEmail)
    expect(html).toContain('A staff-only message.')
    expect(html).toContain(es.validation.passwordsDiffer)
    expect(html).not.toContain('Enter your email address.')
  })
})
