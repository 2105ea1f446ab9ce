/**
 * The one source of "now" for expiry and throttling decisions. Tests move it with
 * `vi.setSystemTime`; the database's own now() is never used for those decisions.
 */
export function now(): Date {
  return new Date()
}

/**
 * Today as the ISO day (YYYY-MM-DD) in UTC that due dates and conference days are compared with.
 * Pages get it from their loader rather than the browser's clock, so the server's render and
 * the hydrated one agree.
 */
export function today(at: Date = now()): string {
  return at.toISOString().slice(0, 10)
}
