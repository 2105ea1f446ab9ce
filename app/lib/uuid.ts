/**
 * The one uuid check of the app, client-safe. Only the canonical 8-4-4-4-12 hex spelling is
 * accepted: it is the one the database hands out, and anything else that reaches a uuid column
 * (`000…000` without dashes, a stray character) makes PostgreSQL throw instead of finding nothing.
 */
export const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && uuidPattern.test(value)
}
