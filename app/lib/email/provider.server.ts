import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { Resend } from 'resend'
import { env } from '../env.server'

export type DeliveryResult = { ok: true; provider: string; messageId: string | null } | { ok: false; error: string }

export type EmailProvider = {
  name: string
  deliver(message: { id: number; to: string; subject: string; html: string; text: string; headers?: Record<string, string> | null }): Promise<DeliveryResult>
}

/**
 * Local mail mode: nothing leaves the machine; the outbox keeps the message for admins (its
 * one-time links masked). The message as sent, links working, goes only to the developer: the
 * console in development, and a file per message in LOCAL_MAIL_DIR when it is set.
 */
export const localProvider: EmailProvider = {
  name: 'local',
  async deliver(message) {
    if (env.NODE_ENV === 'development') {
      console.info(`[mail] to ${message.to}: ${message.subject}\n${message.text}\n`)
    }
    if (env.LOCAL_MAIL_DIR) {
      const name = `${String(message.id).padStart(6, '0')}-${message.to.replace(/[^a-zA-Z0-9@._-]/g, '_')}.txt`
      try {
        await mkdir(env.LOCAL_MAIL_DIR, { recursive: true })
        await writeFile(
          path.join(env.LOCAL_MAIL_DIR, name),
          `To: ${message.to}\nSubject: ${message.subject}\n${Object.entries(message.headers ?? {})
            .map(([name, value]) => `${name}: ${value}\n`)
            .join('')}\n${message.text}\n`,
          { mode: 0o600 },
        )
      } catch (error) {
        return { ok: false, error: `LOCAL_MAIL_DIR: ${error instanceof Error ? error.message : String(error)}` }
      }
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
          {
            from: options.from,
            to: message.to,
            subject: message.subject,
            html: message.html,
            text: message.text,
            ...(message.headers ? { headers: message.headers } : {}),
          },
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
