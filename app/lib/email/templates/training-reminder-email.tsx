import { Button, Text } from '@react-email/components'
import { EmailLayout, emailStyles } from './layout'

export type TrainingReminderEmailProps = {
  name: string
  senderName: string
  moduleTitle: string
  /** The due date as people read it ("12 March 2026"), or null when there is none. */
  dueOn: string | null
  overdue: boolean
  moduleUrl: string
}

export function trainingReminderSubject(moduleTitle: string, overdue: boolean) {
  return overdue ? `Overdue training: ${moduleTitle}` : `Reminder: ${moduleTitle}`
}

export function TrainingReminderEmail({ name, senderName, moduleTitle, dueOn, overdue, moduleUrl }: TrainingReminderEmailProps) {
  const when = dueOn ? (overdue ? ` It was due on ${dueOn}.` : ` It is due on ${dueOn}.`) : ''
  return (
    <EmailLayout preview={`A reminder about "${moduleTitle}"`}>
      <Text style={emailStyles.text}>Hello {name},</Text>
      <Text style={emailStyles.text}>
        {senderName} sends a reminder about the training module &ldquo;{moduleTitle}&rdquo; assigned to you.{when}
      </Text>
      <Button href={moduleUrl} style={emailStyles.button}>
        Continue the module
      </Button>
      <Text style={emailStyles.text}>Or open this link: {moduleUrl}</Text>
      <Text style={emailStyles.muted}>The module resumes where you left off. If you have already completed it, you can ignore this email.</Text>
    </EmailLayout>
  )
}
