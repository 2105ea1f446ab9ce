/**
 * The one source of "now" for expiry and throttling decisions. Tests move it with
 * `vi.setSystemTime`; the database's own now() is never used for those decisions.
 */
export function now(): Date {
  return new Date()
}
