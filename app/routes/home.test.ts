import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { agencies, conferences, engagementAgencies, engagements, engagementStaff, presentationPresenters, presentations, tasks, users } from '#db/schema'
import { regionCodes } from '#db/schema/vocabulary'
import { createAgency } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { loader } from './home'

const DAY = 24 * 60 * 60_000
const daysFromNow = (days: number) => new Date(Date.now() + days * DAY)
const dateIn = (days: number) => daysFromNow(days).toISOString().slice(0, 10)

type Home = {
  engagements: { title: string; agencyNames: string[] }[]
  conferences: { name: string; presenting: boolean }[]
  tasks: { title: string }[]
  taskCounts: { open: number; overdue: number }
  staleAgencies: { name: string; regionCode: string }[]
  staleTotal: number
  regions: { code: string }[]
  officersWaiting: number
}

async function home(user: { id: string; role: 'outreach_lead' | 'global_head' | 'admin' | 'officer' }) {
  const { cookie } = await signInAs(user)
  return dataOf<Home>(await call(loader, makeRequest('/home', { cookie })))
}

async function engagement(title: string, startsAt: Date, agencyId: string, staffIds: string[]) {
  const [row] = await db.insert(engagements).values({ kind: 'meeting', title, startsAt, timeZone: 'UTC' }).returning({ id: engagements.id })
  await db.insert(engagementAgencies).values({ engagementId: row.id, agencyId })
  if (staffIds.length) await db.insert(engagementStaff).values(staffIds.map((userId) => ({ engagementId: row.id, userId })))
}

async function conference(
  name: string,
  countryCode: string,
  regionCode: string,
  startsInDays: number,
  status: 'considering' | 'registered' | 'attended' | 'cancelled' = 'registered',
) {
  const [row] = await db
    .insert(conferences)
    .values({ name, countryCode, regionCode, startsOn: dateIn(startsInDays), endsOn: dateIn(startsInDays + 2), status })
    .returning({ id: conferences.id })
  return row.id
}

async function task(title: string, assigneeId: string, dueOn: string | null, status: 'open' | 'done' = 'open') {
  await db.insert(tasks).values({ title, assigneeId, dueOn, status, doneAt: status === 'done' ? new Date() : null })
}

async function engagedDaysAgo(agencyId: string, days: number) {
  await db
    .update(agencies)
    .set({ lastEngagedAt: daysFromNow(-days) })
    .where(eq(agencies.id, agencyId))
}

/** A US lead, a colleague, and records in the US and in EMEA. */
async function world() {
  // Filed over 180 days ago: old enough to be stale (a younger agency is new).
  const filedLongAgo = new Date(Date.now() - 400 * 24 * 60 * 60_000)
  const lead = await createUser({ role: 'outreach_lead', regions: ['US'], name: 'Maria Ortiz' })
  const colleague = await createUser({ role: 'outreach_lead', regions: ['US', 'EMEA'] })
  const head = await createUser({ role: 'global_head' })

  const dallas = await createAgency({ name: 'Dallas Police Department', createdAt: filedLongAgo })
  await engagedDaysAgo(dallas.id, 10)
  await createAgency({ name: 'Navajo Nation Police', createdAt: filedLongAgo })
  const forgotten = await createAgency({ name: 'Fresno County Sheriff’s Office', createdAt: filedLongAgo })
  await engagedDaysAgo(forgotten.id, 200)
  const archived = await createAgency({ name: 'Archived Sheriff', createdAt: filedLongAgo })
  await db.update(agencies).set({ archivedAt: new Date() }).where(eq(agencies.id, archived.id))
  const bka = await createAgency({ name: 'Bundeskriminalamt (BKA)', countryCode: 'DE', createdAt: filedLongAgo })

  await engagement('Quarterly ICAC review', daysFromNow(3), dallas.id, [lead.id])
  await engagement('Preservation walkthrough', daysFromNow(1), dallas.id, [lead.id, colleague.id])
  await engagement('Last month’s meeting', daysFromNow(-30), dallas.id, [lead.id])
  await engagement('Colleague’s own call', daysFromNow(2), dallas.id, [colleague.id])
  await engagement('Head’s visit to Wiesbaden', daysFromNow(5), bka.id, [head.id])

  await conference('Crimes Against Children Conference', 'US', 'US', 20)
  await conference('IACP Annual Conference', 'US', 'US', 60, 'considering')
  await conference('Last year’s CACC', 'US', 'US', -300, 'attended')
  await conference('Cancelled summit', 'US', 'US', 30, 'cancelled')
  await conference('Europol Cybercrime Conference', 'NL', 'EMEA', 40)

  await task('Send the guide', lead.id, dateIn(4))
  await task('Call back the ICAC commander', lead.id, dateIn(-2))
  await task('Book the room', lead.id, null)
  await task('Long overdue thank-you note', lead.id, dateIn(-9))
  await task('Already done', lead.id, dateIn(-5), 'done')
  await task('Colleague’s task', colleague.id, dateIn(-1))
  return { lead, head }
}

describe('/home', () => {
  it('shows a lead their next engagements and conferences, open tasks overdue first, and stale agencies of their regions', async () => {
    const { lead } = await world()
    const page = await home(lead)
    expect(page.engagements.map((row) => row.title)).toEqual(['Preservation walkthrough', 'Quarterly ICAC review'])
    expect(page.engagements[0].agencyNames).toEqual(['Dallas Police Department'])
    expect(page.conferences.map((row) => row.name)).toEqual(['Crimes Against Children Conference', 'IACP Annual Conference'])
    expect(page.tasks.map((row) => row.title)).toEqual(['Long overdue thank-you note', 'Call back the ICAC commander', 'Send the guide', 'Book the room'])
    expect(page.taskCounts).toEqual({ open: 4, overdue: 2 })
    // Never engaged, or not for 180 days, longest forgotten first; in the US only, archived ones left out.
    expect(page.staleAgencies.map((row) => row.name)).toEqual(['Navajo Nation Police', 'Fresno County Sheriff’s Office'])
    expect(page.staleAgencies.every((row) => row.regionCode === 'US')).toBe(true)
    expect(page.staleTotal).toBe(2)
    expect(page.regions.map((region) => region.code)).toEqual(['US'])
  })

  it('counts the officers of the lead’s regions waiting for verification', async () => {
    const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
    expect((await home(lead)).officersWaiting).toBe(0)
    const dallas = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
    const berlin = await createAgency({ name: 'Polizei Berlin', countryCode: 'DE' })
    const officer = (email: string, agencyId: string, values: Partial<typeof users.$inferInsert> = {}) =>
      db
        .insert(users)
        .values({ email, name: email, role: 'officer', status: 'active', agencyId, officerVerification: 'pending', emailVerifiedAt: new Date(), ...values })
    await officer('a@dallas.example', dallas.id)
    await officer('b@dallas.example', dallas.id)
    // Not waiting: address not confirmed yet, already verified, another region.
    await officer('c@dallas.example', dallas.id, { emailVerifiedAt: null })
    await officer('d@dallas.example', dallas.id, { officerVerification: 'verified' })
    await officer('e@berlin.example', berlin.id)
    expect((await home(lead)).officersWaiting).toBe(2)
  })

  it('shows the global head every region', async () => {
    const { head } = await world()
    const page = await home(head)
    expect(page.engagements.map((row) => row.title)).toEqual(['Head’s visit to Wiesbaden'])
    expect(page.conferences.map((row) => row.name)).toEqual(['Crimes Against Children Conference', 'Europol Cybercrime Conference', 'IACP Annual Conference'])
    expect(page.tasks).toEqual([])
    expect(page.staleAgencies.map((row) => row.name)).toEqual(['Bundeskriminalamt (BKA)', 'Navajo Nation Police', 'Fresno County Sheriff’s Office'])
    expect(page.staleTotal).toBe(3)
    expect(page.regions.map((region) => region.code)).toEqual(regionCodes)
  })

  it('shows a lead the conferences where they present, in any region, and says so', async () => {
    const { lead } = await world()
    const [europol] = await db.select({ id: conferences.id }).from(conferences).where(eq(conferences.name, 'Europol Cybercrime Conference'))
    const [talk] = await db
      .insert(presentations)
      .values({ title: 'Emergency requests in practice', conferenceId: europol.id, presentedAt: new Date(`${dateIn(41)}T10:00:00Z`) })
      .returning({ id: presentations.id })
    await db.insert(presentationPresenters).values({ presentationId: talk.id, userId: lead.id })
    const page = await home(lead)
    expect(page.conferences.map((row) => [row.name, row.presenting])).toEqual([
      ['Crimes Against Children Conference', false],
      ['Europol Cybercrime Conference', true],
      ['IACP Annual Conference', false],
    ])
  })

  it('a lead without regions sees their own tasks but no agency', async () => {
    await world()
    const newcomer = await createUser({ role: 'outreach_lead', regions: [] })
    await task('Read the playbook', newcomer.id, dateIn(1))
    const page = await home(newcomer)
    expect(page.tasks.map((row) => row.title)).toEqual(['Read the playbook'])
    expect(page.staleAgencies).toEqual([])
    expect(page.staleTotal).toBe(0)
    expect(page.conferences).toEqual([])
  })

  it('is for staff only', async () => {
    const officer = await createUser({ role: 'officer' })
    const { cookie } = await signInAs(officer)
    expect(statusOf(await call(loader, makeRequest('/home', { cookie })))).toBe(403)
  })
})
