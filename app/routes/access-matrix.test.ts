import path from 'node:path'
import type { RouteConfigEntry } from '@react-router/dev/routes'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { conferences, emailOutbox, goals, presentations, trainingAssignments, users } from '#db/schema'
import type { RegionCode, Role } from '#db/schema/vocabulary'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf, type RouteHandler } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { issueAuthToken } from '~/lib/auth/auth-token.server'
import { staffRoles } from '~/lib/auth/permissions'
import { db } from '~/lib/db.server'
import { issueCalendarFeedToken } from '~/modules/calendar/calendar-feed.server'
import { issueCertificate } from '~/modules/certificates/certificates.server'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'
import { unsubscribeToken } from '~/modules/notifications/unsubscribe.server'

/**
 * Who may use each route's loader and action. Every route the app serves must be here: the
 * routes come from app/routes.ts (the same flatRoutes the build uses), so a new route without
 * a line here fails this test until someone decides who may open it.
 *
 * - `everyone`: no sign-in needed (public pages, token links, sign-in itself).
 * - `signed-out`: for visitors; a signed-in user is sent to their start page.
 * - `signed-in`: any active account; a visitor is sent to sign in.
 * - `staff`: admins, the global head and outreach leads; officers get 403.
 * - `head`: admins and the global head.
 * - `admin`, `officer`: that role only.
 * - `… in region`: a lead asking for a record of another region is answered as if it did not
 *   exist: a loader with 404; an action with 404 or exactly what it answers for an id that does
 *   not exist (an empty form is refused as such before any record is looked up). Without it, the
 *   record is shared knowledge (conferences and their talks are read by every lead).
 */
type Audience = 'everyone' | 'signed-out' | 'signed-in' | 'staff' | 'head' | 'admin' | 'officer'
type Rule = Audience | `${Audience} in region`
type RoutePolicy = {
  loader?: Rule
  action?: Rule
  /** The page shows the user's own record (a certificate they hold): 404 for anyone who has none. */
  ownRecord?: true
  /** The action names its record in this form field rather than in the address. */
  formRecord?: RegionalParam
  /** The loader reads this query parameter (a feed token), given the world's value for it. */
  query?: 'token'
}

const policy: Record<string, RoutePolicy> = {
  root: { loader: 'everyone' },
  'routes/_index': { loader: 'everyone' },
  'routes/healthz': { loader: 'everyone' },
  'routes/login': { loader: 'signed-out', action: 'everyone' },
  'routes/logout': { loader: 'everyone', action: 'everyone' },
  'routes/signup': { loader: 'signed-out', action: 'signed-out' },
  'routes/forgot-password': { loader: 'signed-out', action: 'everyone' },
  'routes/reset-password.$token': { loader: 'everyone', action: 'everyone' },
  'routes/invitations.$token': { loader: 'everyone', action: 'everyone' },
  'routes/verify-email.$token': { loader: 'everyone', action: 'everyone' },
  'routes/certificates._index': { loader: 'everyone' },
  'routes/certificates.$code': { loader: 'everyone', action: 'head' },
  'routes/calendar[.]ics': { loader: 'everyone', query: 'token' },
  'routes/guidelines._index': { loader: 'everyone' },
  'routes/guidelines.$slug': { loader: 'everyone', action: 'officer' },
  'routes/guidelines.legal-process-guide': { loader: 'everyone' },
  'routes/settings': { loader: 'signed-in', action: 'signed-in' },
  'routes/settings_.calendar-feed': { loader: 'signed-in', action: 'signed-in' },
  'routes/settings_.emails': { loader: 'signed-in', action: 'signed-in' },
  'routes/unsubscribe.$token': { loader: 'everyone', action: 'everyone' },
  'routes/training._index': { loader: 'signed-in' },
  'routes/training.$slug': { loader: 'signed-in', action: 'signed-in' },
  'routes/training.$slug.certificate[.]pdf': { loader: 'signed-in', ownRecord: true },
  'routes/training.$slug.due[.]ics': { loader: 'signed-in', ownRecord: true },
  'routes/home': { loader: 'staff' },
  'routes/calendar': { loader: 'staff', action: 'staff' },
  'routes/coverage._index': { loader: 'staff' },
  'routes/coverage.$region._index': { loader: 'staff' },
  'routes/coverage.$region.$country': { loader: 'staff' },
  'routes/coverage[.]csv': { loader: 'staff' },
  'routes/coverage[.]pdf': { loader: 'staff' },
  'routes/coverage.$region.countries[.]csv': { loader: 'staff' },
  'routes/coverage.$region.$country_.agencies[.]csv': { loader: 'staff' },
  'routes/goals._index': { loader: 'staff', action: 'head' },
  'routes/goals.$goalId': { loader: 'head', action: 'head' },
  'routes/tasks': { loader: 'staff', action: 'staff' },
  'routes/search.agencies': { loader: 'staff' },
  'routes/search.contacts': { loader: 'staff' },
  'routes/search.staff': { loader: 'staff' },
  'routes/import': { loader: 'staff', action: 'staff' },
  'routes/import.upload': { action: 'staff' },
  'routes/import.sample.$kind': { loader: 'staff' },
  'routes/agencies._index': { loader: 'staff' },
  'routes/agencies[.]csv': { loader: 'staff' },
  'routes/agencies.new': { loader: 'staff', action: 'staff' },
  'routes/agencies.$agencyId._index': { loader: 'staff in region', action: 'staff in region' },
  'routes/agencies.$agencyId.edit': { loader: 'staff in region', action: 'staff in region' },
  'routes/contacts._index': { loader: 'staff' },
  'routes/contacts[.]csv': { loader: 'staff' },
  'routes/contacts.new': { loader: 'staff', action: 'staff' },
  'routes/contacts.$contactId._index': { loader: 'staff in region', action: 'staff in region' },
  'routes/contacts.$contactId.edit': { loader: 'staff in region', action: 'staff in region' },
  'routes/engagements._index': { loader: 'staff' },
  'routes/engagements[.]csv': { loader: 'staff' },
  'routes/engagements.new': { loader: 'staff', action: 'staff' },
  'routes/engagements.$engagementId._index': { loader: 'staff in region' },
  'routes/engagements.$engagementId[.]ics': { loader: 'staff in region' },
  'routes/engagements.$engagementId.edit': { loader: 'staff in region', action: 'staff in region' },
  'routes/conferences._index': { loader: 'staff' },
  'routes/conferences.new': { loader: 'staff', action: 'staff' },
  'routes/conferences.$conferenceId._index': { loader: 'staff' },
  'routes/conferences.$conferenceId[.]ics': { loader: 'staff' },
  'routes/conferences.$conferenceId.edit': { loader: 'staff in region', action: 'staff in region' },
  'routes/presentations.new': { loader: 'staff', action: 'staff' },
  'routes/presentations.$presentationId._index': { loader: 'staff' },
  'routes/presentations.$presentationId[.]ics': { loader: 'staff' },
  'routes/presentations.$presentationId.edit': { loader: 'staff in region', action: 'staff in region' },
  'routes/officers._index': { loader: 'staff', action: 'staff in region', formRecord: 'userId' },
  'routes/officers.invite': { loader: 'staff', action: 'staff' },
  'routes/officers.$userId': { loader: 'staff in region', action: 'staff in region' },
  'routes/admin': { loader: 'admin' },
  'routes/admin.activity': { loader: 'admin' },
  'routes/admin.outbox._index': { loader: 'admin' },
  'routes/admin.jobs': { loader: 'admin', action: 'admin' },
  'routes/admin.outbox.$emailId': { loader: 'admin' },
  'routes/admin.users._index': { loader: 'admin' },
  'routes/admin.users.new': { loader: 'admin', action: 'admin' },
  'routes/admin.users.$userId': { loader: 'admin', action: 'admin' },
}

/** `deactivated`: an admin whose account was closed, with a session from before: treated as a visitor. */
type Visitor = 'anonymous' | 'deactivated' | Role
const visitors: Visitor[] = ['anonymous', 'deactivated', 'officer', 'outreach_lead', 'global_head', 'admin']

function parseRule(rule: Rule): { audience: Audience; inRegion: boolean } {
  const [audience, ...rest] = rule.split(' ')
  return { audience: audience as Audience, inRegion: rest.join(' ') === 'in region' }
}

function admits(audience: Audience, who: Visitor): boolean {
  const visitor = who === 'deactivated' ? 'anonymous' : who
  if (audience === 'everyone') return true
  if (audience === 'signed-out') return visitor === 'anonymous'
  if (visitor === 'anonymous') return false
  if (audience === 'signed-in') return true
  if (audience === 'staff') return (staffRoles as readonly Role[]).includes(visitor)
  if (audience === 'head') return visitor === 'admin' || visitor === 'global_head'
  return audience === visitor
}

type Route = { id: string; file: string; path: string }

/** Every route of the app, as the build sees it, with its full path. */
async function appRoutes(): Promise<Route[]> {
  const appDirectory = path.resolve(import.meta.dirname, '..')
  // flatRoutes reads the app folder from this global, set by the React Router Vite plugin.
  ;(globalThis as { __reactRouterAppDirectory?: string }).__reactRouterAppDirectory = appDirectory
  const config: RouteConfigEntry[] = await (await import('~/routes')).default
  const routes: Route[] = [{ id: 'root', file: path.join(appDirectory, 'root.tsx'), path: '' }]
  const walk = (entries: RouteConfigEntry[], parentPath: string) => {
    for (const entry of entries) {
      const fullPath = [parentPath, entry.path ?? ''].filter(Boolean).join('/')
      routes.push({ id: entry.id ?? entry.file, file: path.join(appDirectory, entry.file), path: fullPath })
      walk(entry.children ?? [], fullPath)
    }
  }
  walk(config, '')
  return routes
}

/** Where a request's records are: the lead's region, another one, or nowhere (an unknown id). */
type Region = 'US' | 'EMEA' | 'missing'
const missingId = '00000000-0000-4000-8000-000000000000'

/** Region-scoped route parameters: a record in the lead's region (US) and one in another (EMEA). */
const regionalParams = ['agencyId', 'contactId', 'engagementId', 'conferenceId', 'presentationId', 'userId'] as const
type RegionalParam = (typeof regionalParams)[number]

/**
 * One world for every request: a US and an EMEA record of each kind, an officer of each region,
 * an account of each role, an email in the outbox, a certificate and live token links.
 */
async function buildWorld() {
  const head = await createUser({ role: 'global_head', name: 'Gloria Head' })
  const accounts: Record<Exclude<Visitor, 'anonymous'>, { id: string; role: Role }> = {
    deactivated: await createUser({ role: 'admin', status: 'deactivated', name: 'Former Admin' }),
    admin: await createUser({ role: 'admin', name: 'Ada Admin' }),
    global_head: head,
    outreach_lead: await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Lena Lead' }),
    officer: await createUser({ role: 'officer', name: 'Olga Officer' }),
  }
  const records = {} as Record<RegionalParam, Record<'US' | 'EMEA', string>>
  for (const param of regionalParams) records[param] = { US: '', EMEA: '' }
  for (const [region, countryCode] of [
    ['US', 'US'],
    ['EMEA', 'NL'],
  ] as const) {
    const agency = await createAgency({ name: `${region} Police`, countryCode })
    const contact = await createContact(agency.id, { fullName: `${region} Contact` })
    const logged = await logEngagement({
      actor: actorFor(head),
      input: engagementFormSchema.parse({
        kind: 'call',
        title: `${region} call`,
        startsAt: '2026-02-02T10:00',
        timeZone: 'UTC',
        agencyIds: [agency.id],
        contactIds: [contact.id],
      }),
      meta: testMeta,
    })
    if (!logged.ok) throw new Error('the engagement was not logged')
    const [conference] = await db
      .insert(conferences)
      .values({ name: `${region} Summit`, startsOn: '2031-10-01', endsOn: '2031-10-03', city: 'City', countryCode, regionCode: region as RegionCode })
      .returning()
    const [presentation] = await db
      .insert(presentations)
      .values({ title: `${region} talk`, conferenceId: conference.id, presentedAt: new Date('2031-10-02T10:00:00Z') })
      .returning()
    const officer = await createUser({ role: 'officer', name: `${region} Officer` })
    await db.update(users).set({ agencyId: agency.id }).where(eq(users.id, officer.id))
    if (region === 'US') await db.update(users).set({ agencyId: agency.id }).where(eq(users.id, accounts.officer.id))
    Object.assign(records.agencyId, { [region]: agency.id })
    Object.assign(records.contactId, { [region]: contact.id })
    Object.assign(records.engagementId, { [region]: logged.engagement.id })
    Object.assign(records.conferenceId, { [region]: conference.id })
    Object.assign(records.presentationId, { [region]: presentation.id })
    Object.assign(records.userId, { [region]: officer.id })
  }

  const moduleSlug = 'international-requests'
  const certificate = await db.transaction((tx) =>
    issueCertificate(tx, {
      holder: { id: accounts.officer.id, name: 'Olga Officer', agencyName: 'US Police' },
      module: { slug: moduleSlug, version: 1, title: 'International requests', certificateValidityMonths: 24 },
      score: 90,
    }),
  )
  const [email] = await db
    .insert(emailOutbox)
    .values({ recipient: 'someone@agency.example', template: 'invitation', subject: 'Hello', html: '<p>Hello</p>', text: 'Hello' })
    .returning()
  const [goal] = await db.insert(goals).values({ regionCode: 'US', period: '2027-Q1', metric: 'engagements', target: 10 }).returning()
  const invited = await createUser({ role: 'officer', status: 'invited', name: 'Ivy Invited' })
  // The officer's assignment with a due date (its "Add to calendar" file), a lead's calendar feed.
  const assignedSlug = 'emergency-requests'
  await db
    .insert(trainingAssignments)
    .values({ userId: accounts.officer.id, moduleSlug: assignedSlug, dueOn: '2031-10-15', assignedAt: new Date('2031-09-01T00:00:00Z') })
  const feed = await issueCalendarFeedToken({ id: accounts.outreach_lead.id, name: 'Lena Lead' }, testMeta)
  const tokens = {
    'calendar.ics': feed.token,
    invitations: await issueAuthToken(db, invited.id, 'invitation'),
    'reset-password': await issueAuthToken(db, accounts.outreach_lead.id, 'password_reset'),
    'verify-email': await issueAuthToken(db, records.userId.US, 'email_verification'),
    unsubscribe: unsubscribeToken(accounts.officer.id, 'reminders'),
  }

  /** The value of a route parameter, for a record in the given region. */
  function paramValue(routePath: string, name: string, region: Region): string {
    if ((regionalParams as readonly string[]).includes(name)) return region === 'missing' ? missingId : records[name as RegionalParam][region]
    const section = routePath.split('/')[0]
    if (name === 'slug') return section === 'guidelines' ? 'us-legal-process' : routePath.endsWith('/due.ics') ? assignedSlug : moduleSlug
    if (name === 'code') return certificate.code
    if (name === 'goalId') return goal.id
    // The drill-down of the lead's own region (a lead asking for another one is tested in coverage.test.ts).
    if (name === 'region' || name === 'country') return 'US'
    if (name === 'emailId') return String(email.id)
    if (name === 'kind') return 'agencies'
    if (name === 'token' && section.replace('[.]', '.') in tokens) return tokens[section.replace('[.]', '.') as keyof typeof tokens]
    throw new Error(`the access matrix has no value for :${name} in /${routePath}: add one to its world`)
  }

  return { accounts, paramValue }
}

type World = Awaited<ReturnType<typeof buildWorld>>

function requestFor(route: Route, world: World, region: Region) {
  const params: Record<string, string> = {}
  const pathname =
    '/' +
    route.path
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace('[.]', '.')
        // A parameter may carry a fixed suffix (`:engagementId.ics`).
        const [, name, suffix] = /^:([\w-]+)\??(.*)$/.exec(segment)!
        params[name] = world.paramValue(route.path, name, region)
        return encodeURIComponent(params[name]) + suffix
      })
      .join('/')
  const { formRecord, query } = policy[route.id]
  const form = formRecord ? { [formRecord]: world.paramValue(route.path, formRecord, region) } : {}
  const search = query ? `?${new URLSearchParams({ [query]: world.paramValue(route.path, query, region) })}` : ''
  return { pathname: pathname.replace(/\[\.\]/g, '.'), search, params, form }
}

/** Runs a route's loader or action as the visitor; an action gets a form with no fields but its record's id. */
async function visit(route: Route, world: World, region: Region, kind: HandlerKind, visitor: Visitor) {
  const module = (await import(route.file)) as Record<string, RouteHandler>
  const { pathname, search, params, form } = requestFor(route, world, region)
  // A fresh session per request: an action may end it (sign-out) without spoiling the next one.
  const cookie = visitor === 'anonymous' ? undefined : (await signInAs(world.accounts[visitor])).cookie
  const request = makeRequest(`${pathname}${search}`, kind === 'action' ? { cookie, method: 'POST', form } : { cookie })
  return { pathname, result: await call(module[kind], request, params) }
}

/** What a visitor can tell from an answer: its status and its data, ids left out. */
function answerText(result: unknown, ids: string[]) {
  let text = `${statusOf(result)} ${result instanceof Response ? '' : JSON.stringify(dataOf(result))}`
  for (const id of ids) text = text.replaceAll(id, ':id')
  return text
}

type Outcome = 'allowed' | 'sign-in' | 'start page' | 'forbidden' | 'not found'

function outcomeOf(result: unknown, pathname: string): Outcome | string {
  const status = statusOf(result)
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not found'
  if (status >= 500) return `server error ${status}`
  const location = result instanceof Response ? result.headers.get('Location') : null
  if (status >= 300 && status < 400 && location) {
    const target = new URL(location, 'http://localhost:3000')
    if (target.pathname === '/login' && target.searchParams.get('redirectTo') === pathname) return 'sign-in'
    if (target.pathname === '/home' || target.pathname === '/training') return 'start page'
  }
  return 'allowed'
}

function expectedOutcome(rule: Rule, visitor: Visitor, region: Region, ownRecord: boolean, holdsRecord: boolean): Outcome {
  const { audience, inRegion } = parseRule(rule)
  if (!admits(audience, visitor)) {
    if (audience === 'signed-out') return 'start page'
    return visitor === 'anonymous' || visitor === 'deactivated' ? 'sign-in' : 'forbidden'
  }
  if (inRegion && region === 'EMEA' && visitor === 'outreach_lead') return 'not found'
  if (ownRecord && !holdsRecord) return 'not found'
  return 'allowed'
}

const handlerKinds = ['loader', 'action'] as const
type HandlerKind = (typeof handlerKinds)[number]

describe('access matrix: every route × every role × in and out of region', () => {
  it('has a policy for every route and a handler for every policy', async () => {
    const routes = await appRoutes()
    expect(routes.length).toBeGreaterThan(50)
    const missing = routes.filter((route) => !(route.id in policy)).map((route) => route.id)
    expect(missing, 'routes without a policy in access-matrix.test.ts').toEqual([])
    const stale = Object.keys(policy).filter((id) => !routes.some((route) => route.id === id))
    expect(stale, 'policies for routes that no longer exist').toEqual([])
    for (const route of routes) {
      const module = (await import(route.file)) as Record<string, unknown>
      for (const kind of handlerKinds) {
        expect(typeof module[kind] === 'function', `${route.id} ${kind}: exported iff the policy names it`).toBe(Boolean(policy[route.id][kind]))
      }
    }
  })

  for (const kind of handlerKinds) {
    it(`answers each role as its policy says (${kind}s)`, async () => {
      const world = await buildWorld()
      const routes = await appRoutes()
      const failures: string[] = []
      let checked = 0
      for (const route of routes) {
        const routePolicy = policy[route.id]
        const rule = routePolicy?.[kind]
        if (!rule) continue
        const regional = Boolean(routePolicy.formRecord) || regionalParams.some((param) => route.path.includes(`:${param}`))
        for (const region of regional ? (['US', 'EMEA'] as const) : (['US'] as const)) {
          for (const visitor of visitors) {
            // Only leads are bound to regions: everyone else sees the EMEA record as the US one.
            if (region === 'EMEA' && visitor !== 'outreach_lead') continue
            const { pathname, result } = await visit(route, world, region, kind, visitor)
            let actual = outcomeOf(result, pathname)
            const expected = expectedOutcome(rule, visitor, region, Boolean(routePolicy.ownRecord), visitor === 'officer')
            if (expected === 'allowed' && actual === 'start page') actual = 'allowed'
            if (kind === 'action' && expected === 'not found' && actual !== expected) {
              // Refused before the record is looked up: it must say no more than for an unknown id.
              const missing = await visit(route, world, 'missing', kind, visitor)
              const named = requestFor(route, world, region)
              const ids = [missingId, ...Object.values(named.params), ...Object.values(named.form)]
              if (answerText(result, ids) === answerText(missing.result, ids)) actual = expected
            }
            checked += 1
            if (actual !== expected) failures.push(`${kind} ${pathname} as ${visitor}: expected ${expected}, got ${actual} (${statusOf(result)})`)
          }
        }
      }
      expect(failures).toEqual([])
      expect(checked).toBeGreaterThan(kind === 'loader' ? 250 : 120)
    })
  }
})
