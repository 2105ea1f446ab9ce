import { isDatabaseReachable } from '~/lib/db.server'

/** For load balancers and monitors: 200 when the database answers, 503 when it does not. */
export async function loader() {
  const reachable = await isDatabaseReachable()
  return Response.json({ db: reachable ? 'ok' : 'unreachable' }, { status: reachable ? 200 : 503 })
}
