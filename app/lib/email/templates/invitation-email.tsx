import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

/** An officer is invited to an agency (in the officer's language); staff to a role (in English). */
export type InvitedAs = { kind: 'officer'; agencyName: string } | { kind: 'staff'; roleLabel: string }

export type InvitationEmailProps = { inviterName: string; invitedAs: InvitedAs; acceptUrl: string; expiresInDays: number; locale?: Locale }

export function invitationSubject(locale: Locale = 'en') {
  return translator(locale)('email.invitationSubject')
}

export function InvitationEmail({ inviterName, invitedAs, acceptUrl, expiresInDays, locale = 'en' }: InvitationEmailProps) {
  const t = translator(locale)
  return (
    <EmailLayout preview={t('email.invitationPreview', { inviter: inviterName })} locale={locale}>
      <Text style={emailStyles.text}>
        {invitedAs.kind === 'officer'
          ? t('email.invitationOfficer', { inviter: inviterName, agency: invitedAs.agencyName })
          : t('email.invitationStaff', { inviter: inviterName, role: invitedAs.roleLabel })}
      </Text>
      <Button href={acceptUrl} style={emailStyles.button}>
        {t('email.invitationButton')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: acceptUrl })}</Text>
      <Text style={emailStyles.muted}>{t('email.invitationExpiry', { days: expiresInDays })}</Text>
    </EmailLayout>
  )
}
