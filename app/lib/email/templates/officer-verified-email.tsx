import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type OfficerVerifiedEmailProps = {
  name: string
  agencyName: string
  trainingUrl: string
  locale?: Locale
}

export function officerVerifiedSubject(locale: Locale = 'en') {
  return translator(locale)('email.verifiedSubject')
}

/** Tells an officer their account was verified: their training and certificates are open to them. */
export function OfficerVerifiedEmail({ name, agencyName, trainingUrl, locale = 'en' }: OfficerVerifiedEmailProps) {
  const t = translator(locale)
  return (
    <EmailLayout preview={t('email.verifiedPreview', { agency: agencyName })} locale={locale}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      <Text style={emailStyles.text}>{t('email.verifiedIntro', { agency: agencyName })}</Text>
      <Button href={trainingUrl} style={emailStyles.button}>
        {t('email.verifiedAction')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: trainingUrl })}</Text>
    </EmailLayout>
  )
}
