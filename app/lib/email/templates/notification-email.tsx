import { Button, Link, Section, Text } from '@react-email/components'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'
import { EmailLayout, emailStyles } from './layout'

export type NotificationEmailProps = {
  locale: Locale
  name: string
  preview: string
  /** The paragraphs that say what the notification is about, already in the recipient's language. */
  paragraphs: string[]
  /** Lists under a heading (a digest's sections); empty ones are left out. */
  sections?: { heading: string; items: string[] }[]
  action?: { label: string; url: string }
  /** One-click unsubscribe from this kind of email (every scheduled notification has one). */
  unsubscribeUrl: string
  settingsUrl: string
}

/** The scheduled notifications (reminders, digests, deadlines): one frame, the words per kind. */
export function NotificationEmail({ locale, name, preview, paragraphs, sections = [], action, unsubscribeUrl, settingsUrl }: NotificationEmailProps) {
  const t = translator(locale)
  return (
    <EmailLayout preview={preview} locale={locale} unsubscribeUrl={unsubscribeUrl}>
      <Text style={emailStyles.text}>{t('email.hello', { name })}</Text>
      {paragraphs.map((paragraph, index) => (
        <Text key={index} style={emailStyles.text}>
          {paragraph}
        </Text>
      ))}
      {sections
        .filter((section) => section.items.length > 0)
        .map((section) => (
          <Section key={section.heading}>
            <Text style={{ ...emailStyles.text, fontWeight: 700, margin: '16px 0 4px' }}>{section.heading}</Text>
            <ul style={{ ...emailStyles.text, margin: 0, paddingLeft: '20px' }}>
              {section.items.map((item, index) => (
                <li key={index}>{item}</li>
              ))}
            </ul>
          </Section>
        ))}
      {action ? (
        <>
          <Button href={action.url} style={emailStyles.button}>
            {action.label}
          </Button>
          <Text style={emailStyles.text}>{t('email.orOpen', { url: action.url })}</Text>
        </>
      ) : null}
      <Text style={emailStyles.muted}>
        {t('notify.settingsNote', { url: settingsUrl })} <Link href={unsubscribeUrl}>{t('notify.unsubscribeLink')}</Link>
      </Text>
    </EmailLayout>
  )
}
