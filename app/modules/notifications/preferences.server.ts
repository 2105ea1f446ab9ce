import { and, eq, sql } from 'drizzle-orm'
import { emailPreferences, users } from '#db/schema'
import { emailCategories, type EmailCategory } from '#db/schema/vocabulary'
import { now } from '~/lib/clock.server'
import { db, type Executor } from '~/lib/db.server'
import { readUnsubscribeToken } from './unsubscribe.server'

export type EmailPreferences = Record<EmailCategory, boolean>

/** A user's email choices: every category on unless they turned it off. */
export async function getEmailPreferences(userId: string, executor: Executor = db): Promise<EmailPreferences> {
  const rows = await executor.select().from(emailPreferences).where(eq(emailPreferences.userId, userId))
  const choices = Object.fromEntries(emailCategories.map((category) => [category, true])) as EmailPreferences
  for (const row of rows) choices[row.category] = row.enabled
  return choices
}

export async function setEmailPreferences(userId: string, choices: Partial<EmailPreferences>, executor: Executor = db) {
  const values = Object.entries(choices).map(([category, enabled]) => ({
    userId,
    category: category as EmailCategory,
    enabled: Boolean(enabled),
    updatedAt: now(),
  }))
  if (values.length === 0) return
  await executor
    .insert(emailPreferences)
    .values(values)
    .onConflictDoUpdate({
      target: [emailPreferences.userId, emailPreferences.category],
      set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` },
    })
}

/** True unless the user turned the category off. */
export async function wantsEmail(executor: Executor, userId: string, category: EmailCategory) {
  const [row] = await executor
    .select({ enabled: emailPreferences.enabled })
    .from(emailPreferences)
    .where(and(eq(emailPreferences.userId, userId), eq(emailPreferences.category, category)))
  return row?.enabled ?? true
}

/**
 * The one-click unsubscribe: turns the token's category off for its user. Null when the token is
 * not ours or its user no longer exists; the same answer however often it is posted.
 */
export async function unsubscribeWithToken(token: string) {
  const named = readUnsubscribeToken(token)
  if (!named) return null
  const [user] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, named.userId))
  if (!user) return null
  await setEmailPreferences(named.userId, { [named.category]: false })
  return { ...user, category: named.category }
}

/** Whom and what a token names, for the confirm page; null as above. */
export async function describeUnsubscribeToken(token: string) {
  const named = readUnsubscribeToken(token)
  if (!named) return null
  const [user] = await db.select({ email: users.email, locale: users.locale }).from(users).where(eq(users.id, named.userId))
  return user ? { ...user, category: named.category } : null
}
