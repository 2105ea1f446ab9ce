import { Button, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type TrainingReminderEmailProps = {
  name: string
  senderName: string
  moduleTitle: string
  /** The due date as people read it ("12 March 2026"), or null when there is none. */
  dueOn: string | null
  overdue: boolean
  moduleUrl: string
  locale?: Locale
  /** One-click unsubscribe from training emails. */
  unsubscribeUrl?: string
}

export function trainingReminderSubject(moduleTitle: string, overdue: boolean, locale: Locale = 'en') {
  return translator(locale)(overdue ? 'email.overdueSubject' : 'email.reminderSubject', { title: moduleTitle })
}

export function TrainingReminderEmail({ name, senderName, moduleTitle, dueOn, overdue, moduleUrl, locale = 'en', unsubscribeUrl }: TrainingReminderEmailProps) {
  const t = translator(locale)
  const when = dueOn ? ` ${t(overdue ? 'email.wasDue' : 'email.isDue', { due: dueOn })}` : ''
  return (
    <EmailLayout preview={t('email.reminderPreview', { title: moduleTitle })} locale={locale} unsubscribeUrl={unsubscribeUrl}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      <Text style={emailStyles.text}>
        {t('email.reminderIntro', { sender: senderName, title: moduleTitle })}
        {when}
      </Text>
      <Button href={moduleUrl} style={emailStyles.button}>
        {t('email.continueModule')}
      </Button>
      <Text style={emailStyles.text}>{t('email.orOpen', { url: moduleUrl })}</Text>
      <Text style={emailStyles.muted}>{t('email.reminderNote')}</Text>
    </EmailLayout>
  )
}
