import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type PasswordResetEmailProps = { name: string; resetUrl: string; expiresInMinutes: number; locale?: Locale }

export function passwordResetSubject(locale: Locale = 'en') {
  return translator(locale)('email.resetSubject')
}

export function PasswordResetEmail({ name, resetUrl, expiresInMinutes, locale = 'en' }: PasswordResetEmailProps) {
  const t = translator(locale)
  return (
    <EmailLayout preview={t('email.resetSubject')} locale={locale}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      <Text style={emailStyles.text}>{t('email.resetIntro')}</Text>
      <Button href={resetUrl} style={emailStyles.button}>
        {t('email.resetButton')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: resetUrl })}</Text>
      <Text style={emailStyles.muted}>{t('email.resetExpiry', { minutes: expiresInMinutes })}</Text>
    </EmailLayout>
  )
}
