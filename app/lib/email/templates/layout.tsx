import { Body, Container, Head, Hr, Html, Preview, Section, Text } from '@react-email/components'
import type { ReactNode } from 'react'
import type { Locale } from '#db/schema/vocabulary'
import { translator } from '~/lib/i18n/i18n.server'

const colors = { ink: '#0f172a', muted: '#475569', accent: '#1d4ed8', line: '#e2e8f0' }

export const emailStyles = {
  text: { color: colors.ink, fontSize: '15px', lineHeight: '24px' },
  muted: { color: colors.muted, fontSize: '13px', lineHeight: '20px' },
  button: {
    backgroundColor: colors.accent,
    borderRadius: '6px',
    color: '#ffffff',
    display: 'inline-block',
    fontSize: '15px',
    fontWeight: 600,
    padding: '10px 18px',
    textDecoration: 'none',
  },
} as const

/** The frame every Liaison email shares, in the recipient's language (English by default). */
export function EmailLayout({
  preview,
  children,
  locale = 'en',
  unsubscribeUrl,
}: {
  preview: string
  children: ReactNode
  locale?: Locale
  /** A non-essential email's one-click unsubscribe link, shown under the footer. */
  unsubscribeUrl?: string
}) {
  const t = translator(locale)
  return (
    <Html lang={locale}>
      <Head />
      <Preview>{preview}</Preview>
      <Body style={{ backgroundColor: '#f8fafc', fontFamily: 'Helvetica, Arial, sans-serif', margin: 0 }}>
        <Container style={{ backgroundColor: '#ffffff', margin: '24px auto', maxWidth: '560px', padding: '32px' }}>
          <Text style={{ ...emailStyles.text, fontSize: '18px', fontWeight: 700, margin: '0 0 16px' }}>Liaison</Text>
          <Section>{children}</Section>
          <Hr style={{ borderColor: colors.line, margin: '24px 0' }} />
          <Text style={emailStyles.muted}>{t('email.footer')}</Text>
          {unsubscribeUrl ? <Text style={emailStyles.muted}>{t('notify.unsubscribe', { url: unsubscribeUrl })}</Text> : null}
        </Container>
      </Body>
    </Html>
  )
}
