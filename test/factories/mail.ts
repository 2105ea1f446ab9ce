import { expect } from 'vitest'
import { createEmailWorker } from '~/lib/email/outbox.server'
import type { EmailProvider } from '~/lib/email/provider.server'

export type DeliveredEmail = { id: number; to: string; subject: string; html: string; text: string }

/** A provider that keeps what it is given: the messages as the recipients get them. */
export function capturingProvider() {
  const delivered: DeliveredEmail[] = []
  const provider: EmailProvider = {
    name: 'capture',
    async deliver(message) {
      delivered.push(message)
      return { ok: true, provider: 'capture', messageId: `captured-${delivered.length}` }
    },
  }
  return { provider, delivered }
}

/** Runs the outbox worker once over every due email and returns them as delivered. */
export async function deliverOutbox() {
  const { provider, delivered } = capturingProvider()
  await createEmailWorker({ provider }).processDue()
  return delivered
}

/** The token of the last link to `path` (e.g. "/reset-password/") delivered to `to`. */
export function linkToken(delivered: DeliveredEmail[], to: string, path: string) {
  const texts = delivered.filter((email) => email.to === to).map((email) => email.text)
  const pattern = new RegExp(`${path.replace(/[/-]/g, '\\$&')}([a-z0-9]+)`)
  const match = texts.at(-1)?.match(pattern)
  expect(match, `the email to ${to} carries a ${path} link`).toBeTruthy()
  return match![1]
}

/** Delivers the outbox and answers the token of the link just sent to `to`. */
export async function deliveredLinkToken(to: string, path: string) {
  return linkToken(await deliverOutbox(), to, path)
}
