import { redirect } from 'react-router'
import { eq, sql } from 'drizzle-orm'
import { sessions, userRegions, users } from '#db/schema'
import { regionCodes, type Locale, type OfficerVerification, type RegionCode, type Role } from '#db/schema/vocabulary'
import { buildOnce, db } from '../db.server'
import { oncePerRequest } from '../request-store.server'
import { qualified } from '../sql'
import { resolveTimeZone } from '../time-zone.server'
import { hasAllRegions, isStaff } from './permissions'
import { parseSessionToken, readSessionToken, touchSession, verifySession } from './session.server'

export type CurrentUser = {
  id: string
  email: string
  name: string
  role: Role
  /** null: no language chosen, content follows the browser (resolveContentLocale). */
  locale: Locale | null
  agencyId: string | null
  officerVerification: OfficerVerification | null
  /** Regions the user works in: every region for admins and the global head. */
  regions: RegionCode[]
  allRegions: boolean
  /** The zone times are shown in (resolveTimeZone: chosen, else the browser's, else UTC). */
  timeZone: string
  /** The zone chosen in the settings; null follows the browser. */
  chosenTimeZone: string | null
  sessionId: string
}

/**
 * The session, its user and their regions in one round trip. It runs on every signed-in page,
 * so its SQL text and result mapping are built once and it runs as a named prepared statement.
 */
const currentSessionQuery = buildOnce(() =>
  db
    .select({
      session: sessions,
      user: users,
      regions: userRegionsColumn(),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .prepare('current_session'),
)

async function loadUser(request: Request): Promise<CurrentUser | null> {
  const token = await readSessionToken(request)
  if (!token) return null
  const parsed = parseSessionToken(token)
  if (!parsed) return null
  const [row] = await currentSessionQuery().execute({ sessionId: parsed.id })
  const session = await verifySession(row?.session, parsed.secret)
  if (!session) return null
  const user = row.user
  if (user.status !== 'active') return null
  await touchSession(session, user.role)
  return { ...viewerOf(user, row.regions, resolveTimeZone(user.timeZone, request)), sessionId: session.id }
}

/** The regions assigned to the user of the row (`users.id`), as one array. */
export function userRegionsColumn() {
  return sql<
    RegionCode[]
  >`coalesce((select array_agg(${userRegions.regionCode}) from ${userRegions} where ${userRegions.userId} = ${qualified(users.id)}), '{}')`
}

/** A user as the guards see them, session aside: every region when their role has all of them, in the zone given. */
export function viewerOf(user: typeof users.$inferSelect, assigned: RegionCode[], timeZone: string): Omit<CurrentUser, 'sessionId'> {
  const allRegions = hasAllRegions(user.role)
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    locale: user.locale,
    agencyId: user.agencyId,
    officerVerification: user.officerVerification,
    regions: allRegions ? [...regionCodes] : assigned,
    allRegions,
    timeZone,
    chosenTimeZone: user.timeZone,
  }
}

/**
 * The signed-in user, or null. Looked up once per page load: on a GET the root loader and the
 * route's loaders share the lookup. A POST looks again for each of its requests, because its
 * action may change the user (name, locale, sign-out) before the loaders run.
 */
export function getUser(request: Request): Promise<CurrentUser | null> {
  const shared = request.method === 'GET' || request.method === 'HEAD'
  return oncePerRequest(request, 'current-user', () => loadUser(request), { shared })
}

function signInRedirect(request: Request) {
  const redirectTo = pagePathOf(request)
  return redirect(`/login?${new URLSearchParams({ redirectTo })}`)
}

export function forbidden(message = 'You do not have access to this page.') {
  return new Response(message, { status: 403, statusText: 'Forbidden' })
}

export function notFound(message = 'Not found.') {
  return new Response(message, { status: 404, statusText: 'Not Found' })
}

/** Throws a redirect to the sign-in page when nobody is signed in. */
export async function requireUser(request: Request): Promise<CurrentUser> {
  const user = await getUser(request)
  if (!user) throw signInRedirect(request)
  return user
}

/** Staff only (admin, global head, leads); officers get 403. */
export async function requireStaff(request: Request): Promise<CurrentUser> {
  const user = await requireUser(request)
  if (!isStaff(user.role)) throw forbidden()
  return user
}

export async function requireRole(request: Request, ...allowed: Role[]): Promise<CurrentUser> {
  const user = await requireUser(request)
  if (!allowed.includes(user.role)) throw forbidden()
  return user
}

/** For sign-in and similar pages: a signed-in visitor goes to their start page. */
export async function requireAnonymous(request: Request) {
  const user = await getUser(request)
  if (user) throw redirect(startPageFor(user.role))
}

export function startPageFor(role: Role): string {
  return isStaff(role) ? '/home' : '/training'
}

/**
 * The page a request is for, to come back to after signing in. Loaders get the request as it
 * came (`v8_passThroughRequests`): a client navigation asks for `/agencies.data?_routes=…`, a form
 * posts to `/officers?index`; the page is `/agencies`, `/officers`.
 */
export function pagePathOf(request: Request) {
  const url = new URL(request.url)
  if (url.pathname.endsWith('.data')) url.pathname = url.pathname === '/_root.data' ? '/' : url.pathname.slice(0, -'.data'.length)
  url.searchParams.delete('_routes')
  url.searchParams.delete('index')
  return `${url.pathname}${url.search}`
}
