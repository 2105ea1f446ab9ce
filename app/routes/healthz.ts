import { RETRY_AFTER_SECONDS } from '~/lib/db-availability.server'
import { isDatabaseReachable } from '~/lib/db.server'

/** For load balancers and monitors: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const reachable = await isDatabaseReachable()
  if (reachable) return Response.json({ db: 'ok' })
  return Response.json({ db: 'unreachable' }, { status: 503, headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) } })
}
