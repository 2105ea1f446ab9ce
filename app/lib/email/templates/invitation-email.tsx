import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles } from './layout'

export type InvitationEmailProps = { inviterName: string; roleLabel: string; acceptUrl: string; expiresInDays: number }

export function invitationSubject() {
  return 'You are invited to Liaison'
}

export function InvitationEmail({ inviterName, roleLabel, acceptUrl, expiresInDays }: InvitationEmailProps) {
  return (
    <EmailLayout preview={`${inviterName} invited you to Liaison`}>
      <Text style={emailStyles.text}>
        {inviterName} invited you to Liaison as {roleLabel}. Choose a password to activate your account.
      </Text>
      <Button href={acceptUrl} style={emailStyles.button}>
        Accept the invitation
      </Button>
      <Text style={emailStyles.text}>Or open this link: {acceptUrl}</Text>
      <Text style={emailStyles.muted}>The link works once and expires in {expiresInDays} days.</Text>
    </EmailLayout>
  )
}
