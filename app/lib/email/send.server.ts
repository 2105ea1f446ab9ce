import { render } from '@react-email/components'
import type { ReactElement } from 'react'
import { emailOutbox } from '#db/schema'
import { now } from '../clock.server'
import type { Executor } from '../db.server'
import { nudgeEmailWorker } from './outbox.server'

export type OutgoingEmail = {
  to: string
  /** Template name, for the outbox list and for tests. */
  template: string
  subject: string
  body: ReactElement
}

/**
 * The one way to send an email: render it and queue it in the caller's transaction, so the
 * email exists exactly when the action that causes it does. The outbox worker delivers it.
 */
export async function sendEmail(executor: Executor, email: OutgoingEmail) {
  const [html, text] = await Promise.all([render(email.body), render(email.body, { plainText: true })])
  const [row] = await executor
    .insert(emailOutbox)
    .values({ recipient: email.to, template: email.template, subject: email.subject, html, text, createdAt: now(), nextAttemptAt: now() })
    .returning({ id: emailOutbox.id })
  nudgeEmailWorker()
  return row
}
