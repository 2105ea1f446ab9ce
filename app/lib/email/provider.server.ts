import { Resend } from 'resend'
import { env } from '../env.server'

export type DeliveryResult = { ok: true; provider: string; messageId: string | null } | { ok: false; error: string }

export type EmailProvider = {
  name: string
  deliver(message: { id: number; to: string; subject: string; html: string; text: string }): Promise<DeliveryResult>
}

/** Local mail mode: nothing leaves the machine; the outbox keeps the message for admins. */
export const localProvider: EmailProvider = {
  name: 'local',
  async deliver(message) {
    if (env.NODE_ENV === 'development') {
      console.info(`[mail] to ${message.to}: ${message.subject}\n${message.text}\n`)
    }
    return { ok: true, provider: 'local', messageId: null }
  },
}

export function resendProvider(options: { apiKey: string; baseUrl?: string; from: string }): EmailProvider {
  const client = new Resend(options.apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined)
  return {
    name: 'resend',
    async deliver(message) {
      try {
        const { data, error } = await client.emails.send(
          { from: options.from, to: message.to, subject: message.subject, html: message.html, text: message.text },
          // The same outbox row never becomes two emails, even if a retry follows a lost answer.
          { idempotencyKey: `liaison-outbox-${message.id}` },
        )
        if (error) return { ok: false, error: `${error.name}: ${error.message}` }
        return { ok: true, provider: 'resend', messageId: data?.id ?? null }
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) }
      }
    },
  }
}

export function providerFromEnv(): EmailProvider {
  return env.RESEND_API_KEY ? resendProvider({ apiKey: env.RESEND_API_KEY, baseUrl: env.RESEND_BASE_URL, from: env.EMAIL_FROM }) : localProvider
}
