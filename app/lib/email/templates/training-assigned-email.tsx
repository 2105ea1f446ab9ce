import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type TrainingAssignedEmailProps = {
  name: string
  assignerName: string
  moduleTitle: string
  estimatedMinutes: number
  /** The due date as people read it ("12 March 2026"), or null when there is none. */
  dueOn: string | null
  moduleUrl: string
  locale?: Locale
  /** One-click unsubscribe from training emails. */
  unsubscribeUrl?: string
}

export function trainingAssignedSubject(moduleTitle: string, locale: Locale = 'en') {
  return translator(locale)('email.assignedSubject', { title: moduleTitle })
}

export function TrainingAssignedEmail({
  name,
  assignerName,
  moduleTitle,
  estimatedMinutes,
  dueOn,
  moduleUrl,
  locale = 'en',
  unsubscribeUrl,
}: TrainingAssignedEmailProps) {
  const t = translator(locale)
  const values = { assigner: assignerName, title: moduleTitle, minutes: estimatedMinutes }
  return (
    <EmailLayout preview={t('email.assignedPreview', values)} locale={locale} unsubscribeUrl={unsubscribeUrl}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      <Text style={emailStyles.text}>{dueOn ? t('email.assignedIntroDue', { ...values, due: dueOn }) : t('email.assignedIntro', values)}</Text>
      <Button href={moduleUrl} style={emailStyles.button}>
        {t('email.startModule')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: moduleUrl })}</Text>
      <Text style={emailStyles.muted}>{t('email.assignedNote')}</Text>
    </EmailLayout>
  )
}
