import { createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto'
import { emailCategories, type EmailCategory } from '#db/schema/vocabulary'
import { env } from '~/lib/env.server'
import { singleton } from '~/lib/singleton.server'
import { isUuid } from '~/lib/uuid'

/**
 * One-click unsubscribe (RFC 8058). The link names a user and a category and is signed with an
 * HMAC under a key derived from COOKIE_SECRET, as the email link key is: anyone holding the
 * email can turn that one category off for that one person, and nothing else. It does not
 * expire (an unsubscribe link must keep working); a new COOKIE_SECRET voids the old links.
 */
const keyState = singleton('unsubscribe-key', () => {
  const secret = env.COOKIE_SECRET ?? randomBytes(32).toString('hex')
  return { key: Buffer.from(hkdfSync('sha256', secret, 'liaison', 'unsubscribe link v1', 32)) }
})

function signatureOf(userId: string, category: EmailCategory) {
  return createHmac('sha256', keyState.key).update(`${userId}:${category}`).digest('base64url')
}

export function unsubscribeToken(userId: string, category: EmailCategory) {
  return `${userId}.${category}.${signatureOf(userId, category)}`
}

/** The user and category a token names, or null when it was not signed by this app (or was altered). */
export function readUnsubscribeToken(token: string): { userId: string; category: EmailCategory } | null {
  const [userId, category, signature, ...rest] = token.split('.')
  if (rest.length > 0 || !userId || !category || !signature) return null
  if (!isUuid(userId) || !(emailCategories as readonly string[]).includes(category)) return null
  const expected = Buffer.from(signatureOf(userId, category as EmailCategory))
  const given = Buffer.from(signature)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  return { userId, category: category as EmailCategory }
}

export function unsubscribeUrl(userId: string, category: EmailCategory) {
  return `${env.APP_ORIGIN}/unsubscribe/${unsubscribeToken(userId, category)}`
}

/** The headers of a non-essential email: a mail client's own "Unsubscribe" posts to the link (RFC 8058). */
export function unsubscribeHeaders(userId: string, category: EmailCategory) {
  return { 'List-Unsubscribe': `<${unsubscribeUrl(userId, category)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}
