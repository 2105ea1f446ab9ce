import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles } from './layout'

export type PasswordResetEmailProps = { name: string; resetUrl: string; expiresInMinutes: number }

export function passwordResetSubject() {
  return 'Reset your Liaison password'
}

export function PasswordResetEmail({ name, resetUrl, expiresInMinutes }: PasswordResetEmailProps) {
  return (
    <EmailLayout preview="Reset your Liaison password">
      <Text style={emailStyles.text}>Hello {name},</Text>
      <Text style={emailStyles.text}>Someone asked to reset the password of your Liaison account. If it was you, choose a new password:</Text>
      <Button href={resetUrl} style={emailStyles.button}>
        Choose a new password
      </Button>
      <Text style={emailStyles.text}>Or open this link: {resetUrl}</Text>
      <Text style={emailStyles.muted}>
        The link works once and expires in {expiresInMinutes} minutes. If you did not ask for it, ignore this email: your password stays as it is.
      </Text>
    </EmailLayout>
  )
}
