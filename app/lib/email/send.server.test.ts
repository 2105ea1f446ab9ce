import { createElement } from 'react'
import { describe, expect, it } from 'vitest'
import { locales } from '#db/schema/vocabulary'
import { renderEmail } from './send.server'
import { EmailVerificationEmail } from './templates/email-verification-email'
import { PasswordResetEmail } from './templates/password-reset-email'
import { TrainingAssignedEmail } from './templates/training-assigned-email'
import { TrainingReminderEmail } from './templates/training-reminder-email'

const url = 'https://liaison.example/x'

describe('the officers’ emails', () => {
  for (const locale of locales) {
    it(`render whole in ${locale}: its language, no NUL byte (which PostgreSQL refuses), no English left`, () => {
      const bodies = [
        createElement(EmailVerificationEmail, { name: 'Camila Rojas', agencyName: 'Policía Nacional', verifyUrl: url, expiresInHours: 24, locale }),
        createElement(PasswordResetEmail, { name: 'Camila Rojas', resetUrl: url, expiresInMinutes: 60, locale }),
        createElement(TrainingAssignedEmail, {
          name: 'Camila Rojas',
          assignerName: 'Lena Lead',
          moduleTitle: 'Solicitudes de emergencia',
          estimatedMinutes: 35,
          dueOn: '1 de mayo de 2099',
          moduleUrl: url,
          locale,
        }),
        createElement(TrainingReminderEmail, {
          name: 'Camila Rojas',
          senderName: 'Lena Lead',
          moduleTitle: 'Solicitudes',
          dueOn: null,
          overdue: false,
          moduleUrl: url,
          locale,
        }),
      ]
      for (const body of bodies) {
        const { html, text } = renderEmail(body)
        expect(html).not.toContain('\u0000')
        expect(text).not.toContain('\u0000')
        expect(html).toContain(`<html dir="ltr" lang="${locale}">`)
        expect(text).toContain(url)
        if (locale !== 'en') expect(text).not.toMatch(/Hello|You receive this|Or open this link/)
      }
    })
  }
})
