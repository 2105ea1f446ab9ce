import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

/**
 * The link (`/reset-password/…`, `/verify-email/…`) of the latest email sent to `to`, as the
 * server's local mail mode wrote it to its LOCAL_MAIL_DIR: the admin outbox shows it masked.
 * Waits for the outbox worker to send it.
 */
export async function linkMailedTo(to: string, linkPath: string, timeoutMs = 15_000) {
  const folder = process.env.E2E_MAIL_DIR
  if (!folder) throw new Error('E2E_MAIL_DIR is not set: run the journeys through vitest.e2e.config.ts')
  const pattern = new RegExp(`https?://\\S+${linkPath.replace(/[/-]/g, '\\$&')}[a-z0-9]+`)
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const names = (await readdir(folder).catch(() => [] as string[])).filter((name) => name.endsWith(`-${to}.txt`)).sort()
    const latest = names.at(-1)
    const link = latest ? (await readFile(path.join(folder, latest), 'utf8')).match(pattern)?.[0] : undefined
    if (link) return link
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`No email to ${to} with a ${linkPath} link in ${folder}`)
}
