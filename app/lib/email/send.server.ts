import { toPlainText } from '@react-email/components'
import type { ReactElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { emailOutbox } from '#db/schema'
import { now } from '../clock.server'
import type { Executor } from '../db.server'
import { LINK_SECRET_MASK, sealLinkSecret } from './link-secret.server'
import { nudgeEmailWorker } from './outbox.server'

type EmailBase = {
  to: string
  /** Template name, for the outbox list and for tests. */
  template: string
  subject: string
  /** Extra headers for the provider (a non-essential email's List-Unsubscribe and List-Unsubscribe-Post). */
  headers?: Record<string, string>
}

export type OutgoingEmail =
  | (EmailBase & { body: ReactElement; linkSecret?: undefined })
  | (EmailBase & {
      /**
       * The one-time token of the email's link (password reset, invitation). It is never stored
       * readable: the body is rendered with a mask in its place, and the worker puts it back
       * when it hands the message to the provider.
       */
      linkSecret: string
      body: (secret: string) => ReactElement
    })

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
  const body = email.linkSecret === undefined ? email.body : email.body(LINK_SECRET_MASK)
  const { html, text } = renderEmail(body)
  if (email.linkSecret !== undefined && !html.includes(LINK_SECRET_MASK)) throw new Error(`The ${email.template} email does not show its link`)
  const linkSecret = email.linkSecret === undefined ? null : sealLinkSecret(email.linkSecret, email.to)
  const [row] = await executor
    .insert(emailOutbox)
    .values({
      recipient: email.to,
      template: email.template,
      subject: email.subject,
      html,
      text,
      linkSecret,
      headers: email.headers ?? null,
      createdAt: now(),
      nextAttemptAt: now(),
    })
    .returning({ id: emailOutbox.id })
  nudgeEmailWorker()
  return row
}
