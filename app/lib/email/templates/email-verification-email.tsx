import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type EmailVerificationEmailProps = { name: string; agencyName: string; verifyUrl: string; expiresInHours: number; locale?: Locale }

export function emailVerificationSubject(locale: Locale = 'en') {
  return translator(locale)('email.verifySubject')
}

/** To an officer who signed up, in the language of the page they signed up on. */
export function EmailVerificationEmail({ name, agencyName, verifyUrl, expiresInHours, locale = 'en' }: EmailVerificationEmailProps) {
  const t = translator(locale)
  return (
    <EmailLayout preview={t('email.verifySubject')} locale={locale}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      <Text style={emailStyles.text}>{t('email.verifyIntro', { agency: agencyName })}</Text>
      <Button href={verifyUrl} style={emailStyles.button}>
        {t('email.verifyButton')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: verifyUrl })}</Text>
      <Text style={emailStyles.text}>{t('email.verifyNext')}</Text>
      <Text style={emailStyles.muted}>{t('email.verifyExpiry', { hours: expiresInHours })}</Text>
    </EmailLayout>
  )
}
