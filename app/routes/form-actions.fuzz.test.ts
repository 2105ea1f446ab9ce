import path from 'node:path'
import type { RouteConfigEntry } from '@react-router/dev/routes'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { conferences } from '#db/schema'
import type { Role } from '#db/schema/vocabulary'
import { actorFor, createAgency, createContact, testMeta } from '#test/factories/crm'
import { call, headersOf, makeRequest, statusOf, testContext } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { awkwardString, formValue } from '~/lib/forms/schema-fuzz.test-helpers'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { logEngagement } from '~/modules/engagements/engagements.server'

/**
 * Every form action, found from the route config (app/routes.ts) rather than from a list kept by
 * hand, receives generated bodies as a signed-in user who may use it: forms of wrong and awkward
 * values (control and bidi characters, lone surrogates, files where text belongs, repeated and
 * unknown keys, a huge field), bodies of other content types, broken multipart. Whatever comes,
 * the answer is never a 5xx, and nothing is logged as an error (the test setup fails on that).
 */

type ActionRoute = { path: string; file: string; params: string[]; module: { action: unknown; loader?: unknown } }

async function actionRoutes(): Promise<ActionRoute[]> {
  // The route config reads the app folder the React Router plugin would name.
  ;(globalThis as { __reactRouterAppDirectory?: string }).__reactRouterAppDirectory = path.resolve('app')
  const config = await ((await import('~/routes')) as { default: RouteConfigEntry[] | Promise<RouteConfigEntry[]> }).default
  const found: ActionRoute[] = []
  async function visit(entries: RouteConfigEntry[], parentPath: string) {
    for (const entry of entries) {
      const routePath = [parentPath, entry.path].filter(Boolean).join('/')
      const module = (await import(/* @vite-ignore */ path.resolve('app', entry.file))) as ActionRoute['module']
      if (module.action) {
        const params = [...routePath.matchAll(/:(\w+)/g)].map((match) => match[1])
        found.push({ path: `/${routePath}`, file: entry.file, params, module })
      }
      if (entry.children) await visit(entry.children, routePath)
    }
  }
  await visit(config, '')
  return found
}

const routes = await actionRoutes()
/** A few per action keep the suite quick; `FUZZ_RUNS=200 npx vitest run app/routes/form-actions.fuzz.test.ts` searches deeper. */
const runsPerAction = Number(process.env.FUZZ_RUNS) || 20

/** The people and records the actions work on: one of each role, a US agency with a contact, an engagement, a conference. */
async function world() {
  const people = {
    outreach_lead: await createUser({ role: 'outreach_lead', regions: ['US'] }),
    global_head: await createUser({ role: 'global_head', regions: [] }),
    admin: await createUser({ role: 'admin', regions: [] }),
    officer: await createUser({ role: 'officer' }),
  } satisfies Record<Role, unknown>
  const cookies = Object.fromEntries(
    await Promise.all(Object.entries(people).map(async ([role, user]) => [role, (await signInAs(user)).cookie] as const)),
  ) as Record<Role, string>
  const agency = await createAgency({ countryCode: 'US', ownerId: people.outreach_lead.id })
  const contact = await createContact(agency.id)
  const lead = actorFor(people.outreach_lead, ['US'])
  const logged = await logEngagement({
    actor: lead,
    input: engagementFormSchema.parse({
      kind: 'meeting',
      title: 'Briefing',
      startsAt: '2026-03-10T14:00',
      timeZone: 'America/Chicago',
      agencyIds: [agency.id],
      contactIds: [contact.id],
      staffIds: [lead.id],
    }),
    meta: testMeta,
  })
  if (!logged.ok) throw new Error('The engagement of the fuzz world was not logged')
  const [conference] = await db
    .insert(conferences)
    .values({ name: 'Crimes Against Children Conference', startsOn: '2031-08-11', endsOn: '2031-08-14', city: 'Dallas', countryCode: 'US', regionCode: 'US' })
    .returning()
  const ids = [agency.id, contact.id, logged.engagement.id, conference.id, people.officer.id, people.outreach_lead.id]
  const paramValues: Record<string, (routePath: string) => string> = {
    agencyId: () => agency.id,
    contactId: () => contact.id,
    engagementId: () => logged.engagement.id,
    conferenceId: () => conference.id,
    // No presentation exists: its actions answer their 404.
    presentationId: () => '00000000-0000-4000-8000-000000000000',
    // No goal exists either: its actions answer their 404.
    goalId: () => '00000000-0000-4000-8000-000000000000',
    userId: () => people.officer.id,
    emailId: () => '1',
    code: () => 'LIA-0000-0000',
    token: () => 'not-a-real-token',
    slug: (routePath) => (routePath.startsWith('/training') ? 'child-safety-referrals' : 'emergency-disclosure-requests'),
    kind: () => 'agencies',
  }
  return { cookies, ids, paramValues }
}

type World = Awaited<ReturnType<typeof world>>

/** Control, bidi and zero-width characters, lone surrogates: typed into a field, or pasted. */
const trickyText = fc
  .array(
    fc.oneof(
      awkwardString,
      fc.constantFrom('\u202e', '\u202d', '\u2066', '\u2067', '\u2069', '\u200f', '\u200b', '\ufeff', '\u0085', '\u2028', '\ud83d', '\u0000'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''))

/**
 * The fields the forms know, and for a field of fixed choices its choices: read from the zod
 * objects the schema modules export (the ones every action parses with), so that the fuzz reaches
 * past "no such field" into the actions' branches.
 */
function formVocabulary() {
  const modules = import.meta.glob<Record<string, unknown>>('../modules/*/*-schema.ts', { eager: true })
  const choices = new Map<string, Set<string>>()
  const unwrap = (schema: unknown): unknown => {
    const inner = schema as { def?: { innerType?: unknown; in?: unknown; type?: string; element?: unknown } }
    if (inner?.def?.innerType) return unwrap(inner.def.innerType)
    if (inner?.def?.in) return unwrap(inner.def.in)
    if (inner?.def?.type === 'array') return unwrap(inner.def.element)
    return schema
  }
  for (const exported of Object.values(modules).flatMap((module) => Object.values(module))) {
    const shape = (unwrap(exported) as { shape?: Record<string, unknown> } | undefined)?.shape
    if (!shape || typeof shape !== 'object') continue
    for (const [key, field] of Object.entries(shape)) {
      const values = choices.get(key) ?? new Set<string>()
      const options = (unwrap(field) as { options?: unknown[] } | undefined)?.options
      for (const option of Array.isArray(options) ? options : []) if (typeof option === 'string') values.add(option)
      choices.set(key, values)
    }
  }
  return choices
}
const vocabulary = formVocabulary()
// The import's fields are read one by one, not through an object schema.
const formKeys = fc.constantFrom(...new Set([...vocabulary.keys(), 'intent', 'file', 'fileName', 'packedCsv']))

const intents = fc.constantFrom(
  'delete',
  'archive',
  'restore',
  'verify',
  'reject',
  'complete',
  'revoke',
  'activate',
  'deactivate',
  'upload',
  'check',
  'commit',
  'save',
  'done',
)

function fieldsArbitrary(world: World) {
  const value = fc.oneof(
    { weight: 4, arbitrary: formValue },
    { weight: 2, arbitrary: trickyText },
    { weight: 2, arbitrary: intents },
    { weight: 1, arbitrary: fc.constantFrom(...world.ids) },
  )
  /** A known field with one of its own choices, or anything at all. */
  const known = formKeys.chain((key) => {
    const choices = [...(vocabulary.get(key) ?? [])]
    return fc.tuple(fc.constant(key), choices.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...choices) }, { weight: 2, arbitrary: value }) : value)
  })
  const pair = fc.oneof({ weight: 4, arbitrary: known }, { weight: 1, arbitrary: fc.tuple(trickyText, value) })
  // A repeated key (a list field, or a field sent twice) comes as several pairs.
  return fc
    .array(pair, { maxLength: 8 })
    .map((pairs) => pairs.flatMap(([key, item]) => (Array.isArray(item) ? item : [item]).map((one) => [key, one] as [string, string])))
}

type Body = { label: string; headers: Record<string, string>; body: BodyInit | null }

function bodyArbitrary(world: World): fc.Arbitrary<Body> {
  const fields = fieldsArbitrary(world)
  const urlEncoded = fields.map((pairs) => ({
    label: 'urlencoded',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(pairs).toString(),
  }))
  const multipart = fc
    .tuple(fields, fc.array(fc.tuple(formKeys, trickyText, fc.constantFrom('text/csv', 'application/octet-stream', 'image/png', '')), { maxLength: 2 }))
    .map(([pairs, files]) => {
      const form = new FormData()
      for (const [key, value] of pairs) form.append(key, value)
      for (const [key, content, type] of files) form.append(key, new Blob([content], { type }), `${content.slice(0, 20)}.csv`)
      return { label: 'multipart', headers: {}, body: form }
    })
  const huge = fc.tuple(formKeys, fc.integer({ min: 20_000, max: 200_000 }), fc.constantFrom('a', 'é', '\u202e', '%00')).map(([key, length, unit]) => ({
    label: 'huge',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: `intent=save&${key}=${unit.repeat(length)}`,
  }))
  const otherType = fc
    .tuple(
      fc.constantFrom(
        'text/plain',
        'application/json',
        'application/xml',
        'multipart/form-data',
        'multipart/form-data; boundary=zz',
        'application/x-www-form-urlencoded; charset=utf-16',
        '',
      ),
      fc.oneof(fc.json(), trickyText, fc.constant(''), fc.constant('--zz\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated')),
    )
    .map(([type, body]): Body => ({ label: `type ${type || 'none'}`, headers: type ? { 'Content-Type': type } : {}, body }))
  return fc.oneof(
    { weight: 4, arbitrary: urlEncoded },
    { weight: 3, arbitrary: multipart },
    { weight: 1, arbitrary: huge },
    { weight: 2, arbitrary: otherType },
  )
}

/** Runs an action; a thrown Response or `data()` is its answer, anything else thrown is a 500. */
async function answer(route: ActionRoute, url: string, params: Record<string, string>, headers: Record<string, string>, body: BodyInit | null) {
  const request = new Request(`http://localhost:3000${url}`, { method: 'POST', headers, body })
  try {
    const result = await call(route.module.action as never, request, params, testContext)
    return { status: statusOf(result), location: headersOf(result).get('Location') }
  } catch (error) {
    const thrown = error as { type?: string; init?: { status?: number } | null }
    if (thrown.type === 'DataWithResponseInit') return { status: thrown.init?.status ?? 500, location: null }
    throw error
  }
}

/**
 * The user who may use the route: of the roles (then no one signed in) whose empty form is
 * neither refused nor sent to sign in, the first whose GET of the page answers 2xx, or the first
 * of them when the page does not load for any (a bad link's token, an action without a page).
 */
async function userFor(route: ActionRoute, world: World, url: string, params: Record<string, string>) {
  const candidates: [string, string | undefined][] = [...Object.entries(world.cookies), ['no one signed in', undefined]]
  const allowed: { who: string; cookie: string | undefined }[] = []
  for (const [who, cookie] of candidates) {
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', ...(cookie ? { Cookie: cookie } : {}) }
    const { status, location } = await answer(route, url, params, headers, '')
    if (![401, 403].includes(status) && !location?.startsWith('/login?')) allowed.push({ who, cookie })
  }
  for (const user of allowed) {
    if (!route.module.loader) break
    const status = statusOf(await call(route.module.loader as never, makeRequest(url, { cookie: user.cookie }), params, testContext))
    if (status < 300) return user
  }
  if (!allowed.length) throw new Error(`No user may use ${route.path}`)
  return allowed[0]
}

describe('every form action answers generated bodies without a 5xx', () => {
  it('finds the actions in the route config', () => {
    const paths = routes.map((route) => route.path)
    expect(paths).toEqual(expect.arrayContaining(['/login', '/agencies/new', '/import', '/import/upload', '/logout', '/engagements/:engagementId/edit']))
    expect(routes.length).toBeGreaterThan(25)
  })

  it.each(routes.map((route) => [route.path, route] as const))('%s', async (_path, route) => {
    const fuzzWorld = await world()
    const params = Object.fromEntries(
      route.params.map((name) => {
        const value = fuzzWorld.paramValues[name]
        if (!value) throw new Error(`No value for the :${name} of ${route.path}; add one to the fuzz world`)
        return [name, value(route.path)]
      }),
    )
    const url = route.path.replace(/:(\w+)/g, (_match, name: string) => encodeURIComponent(params[name]))
    const user = await userFor(route, fuzzWorld, url, params)
    await fc.assert(
      fc.asyncProperty(bodyArbitrary(fuzzWorld), async ({ label, headers, body }) => {
        const { status } = await answer(route, url, params, { ...headers, ...(user.cookie ? { Cookie: user.cookie } : {}) }, body)
        expect(status, `${route.path} as ${user.who}, ${label} body`).toBeLessThan(500)
      }),
      { numRuns: runsPerAction },
    )
  })
})
