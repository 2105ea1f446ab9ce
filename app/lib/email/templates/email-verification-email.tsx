import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles } from './layout'

export type EmailVerificationEmailProps = { name: string; agencyName: string; verifyUrl: string; expiresInHours: number }

export function emailVerificationSubject() {
  return 'Confirm your email address for Liaison'
}

export function EmailVerificationEmail({ name, agencyName, verifyUrl, expiresInHours }: EmailVerificationEmailProps) {
  return (
    <EmailLayout preview="Confirm your email address for Liaison">
      <Text style={emailStyles.text}>Hello {name},</Text>
      <Text style={emailStyles.text}>
        Someone signed up for Liaison with this address as an officer of {agencyName}. If it was you, confirm your email address:
      </Text>
      <Button href={verifyUrl} style={emailStyles.button}>
        Confirm my email address
      </Button>
      <Text style={emailStyles.text}>Or open this link: {verifyUrl}</Text>
      <Text style={emailStyles.text}>
        Once your address is confirmed, an outreach lead for your agency&apos;s region verifies your account. Until then you can read the guidelines and start
        training; certificates are issued once your account is verified.
      </Text>
      <Text style={emailStyles.muted}>
        The link works once and expires in {expiresInHours} hours. If you did not sign up, ignore this email: no account is opened without it.
      </Text>
    </EmailLayout>
  )
}
