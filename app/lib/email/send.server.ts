import { toPlainText } from '@react-email/components'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
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

const doctype = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">'

/**
 * An email's HTML and plain text. Rendered in one synchronous pass: react-email's streamed
 * render can put a NUL byte where a multi-byte character (the preview's padding, an accent)
 * meets a chunk boundary, which PostgreSQL refuses to store.
 */
export function renderEmail(body: ReactElement) {
  const html = `${doctype}${renderToStaticMarkup(body)}`
  return { html, text: toPlainText(html) }
}

/**
 * The one way to send an email: render it and queue it in the caller's transaction, so the
 * email exists exactly when the action that causes it does. The outbox worker delivers it.
 */
export async function sendEmail(executor: Executor, email: OutgoingEmail) {
  const { html, text } = renderEmail(email.body)
  const [row] = await executor
    .insert(emailOutbox)
    .values({ recipient: email.to, template: email.template, subject: email.subject, html, text, createdAt: now(), nextAttemptAt: now() })
    .returning({ id: emailOutbox.id })
  nudgeEmailWorker()
  return row
}
