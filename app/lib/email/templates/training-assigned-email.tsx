import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles } from './layout'

export type TrainingAssignedEmailProps = {
  name: string
  assignerName: string
  moduleTitle: string
  estimatedMinutes: number
  /** The due date as people read it ("12 March 2026"), or null when there is none. */
  dueOn: string | null
  moduleUrl: string
}

export function trainingAssignedSubject(moduleTitle: string) {
  return `Training assigned: ${moduleTitle}`
}

export function TrainingAssignedEmail({ name, assignerName, moduleTitle, estimatedMinutes, dueOn, moduleUrl }: TrainingAssignedEmailProps) {
  return (
    <EmailLayout preview={`${assignerName} assigned you "${moduleTitle}"`}>
      <Text style={emailStyles.text}>Hello {name},</Text>
      <Text style={emailStyles.text}>
        {assignerName} assigned you the training module &ldquo;{moduleTitle}&rdquo; (about {estimatedMinutes} minutes)
        {dueOn ? `, to complete by ${dueOn}` : ''}.
      </Text>
      <Button href={moduleUrl} style={emailStyles.button}>
        Start the module
      </Button>
      <Text style={emailStyles.text}>Or open this link: {moduleUrl}</Text>
      <Text style={emailStyles.muted}>You can stop at any time: the module resumes where you left off. Sign in with the address this email was sent to.</Text>
    </EmailLayout>
  )
}
