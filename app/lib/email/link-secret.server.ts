import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { env } from '../env.server'
import { singleton } from '../singleton.server'

/**
 * The one-time token of a link in an email (password reset, invitation) is written into the
 * stored message as `LINK_SECRET_MASK`, so the outbox (and whoever reads it) holds no usable
 * link. The token itself is kept beside it sealed with AES-256-GCM, under a key derived from
 * the app's secret (COOKIE_SECRET), and is put back into the message only when it is handed
 * to the provider.
 */
export const LINK_SECRET_MASK = '••••••'

const keyState = singleton('email-link-key', () => {
  // Without COOKIE_SECRET, one per process: links of emails still queued at a restart can no longer be opened.
  const secret = env.COOKIE_SECRET ?? randomBytes(32).toString('hex')
  return { key: Buffer.from(hkdfSync('sha256', secret, 'liaison', 'email link secret v1', 32)) }
})

const IV_BYTES = 12
const TAG_BYTES = 16

/** Seals a token for one recipient: a sealed token copied onto another row does not open. */
export function sealLinkSecret(token: string, recipient: string) {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keyState.key, iv)
  cipher.setAAD(Buffer.from(recipient.toLowerCase()))
  const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')
}

/** The token, or null when it was sealed under another key or for another recipient, or altered. */
export function openLinkSecret(sealed: string, recipient: string): string | null {
  const bytes = Buffer.from(sealed, 'base64url')
  if (bytes.length <= IV_BYTES + TAG_BYTES) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyState.key, bytes.subarray(0, IV_BYTES))
    decipher.setAAD(Buffer.from(recipient.toLowerCase()))
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES))
    return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** The message as it is sent: the mask replaced by the token. */
export function revealLinkSecret(content: string, token: string) {
  return content.replaceAll(LINK_SECRET_MASK, token)
}
