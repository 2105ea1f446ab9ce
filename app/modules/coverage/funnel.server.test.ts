import { eq } from 'drizzle-orm'
import { describe, expect, it, vi } from 'vitest'
import { conferences, engagementAgencies, engagements, presentationAgencies, presentations, trainingProgress, users } from '#db/schema'
import type { OfficerVerification, UserStatus } from '#db/schema/vocabulary'
import { actorFor, createAgency } from '#test/factories/crm'
import { createUser } from '#test/factories/users'
import { db } from '~/lib/db.server'
import { conferenceFunnel, conferenceFunnels, regionFunnels } from './funnel.server'

const NOW = new Date('2027-01-15T00:00:00Z')
const q4 = { start: new Date('2026-10-01T00:00:00Z'), end: new Date('2027-01-01T00:00:00Z') }
const q3 = { start: new Date('2026-07-01T00:00:00Z'), end: new Date('2026-10-01T00:00:00Z') }

async function officer(agencyId: string, createdAt: string, values: { verification?: OfficerVerification; status?: UserStatus; completed?: boolean } = {}) {
  const user = await createUser({ role: 'officer' })
  await db
    .update(users)
    .set({ agencyId, createdAt: new Date(createdAt), officerVerification: values.verification ?? 'pending', status: values.status ?? 'active' })
    .where(eq(users.id, user.id))
  if (values.completed) {
    const at = new Date('2026-12-01T00:00:00Z')
    await db
      .insert(trainingProgress)
      .values({ userId: user.id, moduleSlug: 'emergency-requests', moduleVersion: 1, startedAt: at, completedAt: at, updatedAt: at })
  }
  return user
}

async function presentation(title: string, presentedAt: string, conferenceId: string | null, agencyIds: string[]) {
  const [row] = await db
    .insert(presentations)
    .values({ title, presentedAt: new Date(presentedAt), conferenceId })
    .returning()
  if (agencyIds.length) await db.insert(presentationAgencies).values(agencyIds.map((agencyId) => ({ presentationId: row.id, agencyId })))
  return row
}

async function engagement(startsAt: string, conferenceId: string | null, agencyIds: string[]) {
  const [row] = await db
    .insert(engagements)
    .values({ kind: 'conference_meeting', title: 'Booth conversation', startsAt: new Date(startsAt), conferenceId })
    .returning()
  await db.insert(engagementAgencies).values(agencyIds.map((agencyId) => ({ engagementId: row.id, agencyId })))
  return row
}

/**
 * The world, counted by hand. Dallas (US conference): two talks given (P1 to A1 and E1, P2 to A1
 * again), one still to come (to A3), a booth meeting with A2. A3 is met elsewhere only.
 * Officers: o1 (A1, verified, completed), o2 (A2, exactly 90 days after the booth meeting,
 * pending), o6 (E1, verified) count; o3 (A2, one second too late), o4 (A1, before the talk),
 * o5 (A3, never reached there), o7 (A1, invitation not accepted) do not.
 */
async function world() {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(NOW)
  const [dallas] = await db
    .insert(conferences)
    .values({ name: 'Crimes Against Children Conference', startsOn: '2026-10-05', endsOn: '2026-10-08', countryCode: 'US', regionCode: 'US' })
    .returning()
  const a1 = await createAgency({ name: 'Dallas Police Department', countryCode: 'US' })
  const a2 = await createAgency({ name: 'Texas Department of Public Safety', countryCode: 'US' })
  const a3 = await createAgency({ name: 'Houston Police Department', countryCode: 'US' })
  const e1 = await createAgency({ name: 'Politie Nederland', countryCode: 'NL' })
  await presentation('P1', '2026-10-06T15:00:00Z', dallas.id, [a1.id, e1.id])
  await presentation('P2', '2026-10-07T10:00:00Z', dallas.id, [a1.id])
  await presentation('P3', '2027-02-01T10:00:00Z', dallas.id, [a3.id])
  await engagement('2026-10-07T12:00:00Z', dallas.id, [a2.id])
  await engagement('2026-10-07T12:00:00Z', null, [a3.id])
  await officer(a1.id, '2026-10-20T09:00:00Z', { verification: 'verified', completed: true }) // o1
  await officer(a2.id, '2027-01-05T12:00:00Z') // o2: the booth meeting + 90 days, to the second
  await officer(a2.id, '2027-01-05T12:00:01Z', { verification: 'verified' }) // o3: one second late
  await officer(a1.id, '2026-09-01T09:00:00Z', { verification: 'verified', completed: true }) // o4: before
  await officer(a3.id, '2026-10-20T09:00:00Z', { verification: 'verified' }) // o5
  await officer(e1.id, '2026-11-01T09:00:00Z', { verification: 'verified' }) // o6
  await officer(a1.id, '2026-10-20T09:00:00Z', { status: 'invited', verification: 'verified' }) // o7
  return { dallas }
}

async function viewers() {
  const head = actorFor(await createUser({ role: 'global_head' }))
  const usLead = actorFor(await createUser({ role: 'outreach_lead', regions: ['US'] }), ['US'])
  const emeaLead = actorFor(await createUser({ role: 'outreach_lead', regions: ['EMEA'] }), ['EMEA'])
  const noRegions = actorFor(await createUser({ role: 'outreach_lead', regions: [] }), [])
  return { head, usLead, emeaLead, noRegions }
}

describe('the outreach funnel of a conference', () => {
  it('counts given talks, agencies reached by talks and booth meetings, and officers signed up within 90 days (the edge included)', async () => {
    const { dallas } = await world()
    const { head } = await viewers()
    expect(await conferenceFunnel({ viewer: head, conferenceId: dallas.id })).toEqual({
      presentations: 2,
      agencies: 3,
      signedUp: 3,
      verified: 2,
      completed: 1,
    })
  })

  it("counts for a lead only the agencies and officers of the lead's regions", async () => {
    const { dallas } = await world()
    const { usLead, emeaLead, noRegions } = await viewers()
    expect(await conferenceFunnel({ viewer: usLead, conferenceId: dallas.id })).toEqual({
      presentations: 2,
      agencies: 2,
      signedUp: 2,
      verified: 1,
      completed: 1,
    })
    expect(await conferenceFunnel({ viewer: emeaLead, conferenceId: dallas.id })).toEqual({
      presentations: 2,
      agencies: 1,
      signedUp: 1,
      verified: 1,
      completed: 0,
    })
    expect(await conferenceFunnel({ viewer: noRegions, conferenceId: dallas.id })).toEqual({
      presentations: 2,
      agencies: 0,
      signedUp: 0,
      verified: 0,
      completed: 0,
    })
  })

  it('moves the 90-day edge with the reach: a second later, the officer no longer counts', async () => {
    const { dallas } = await world()
    const { head } = await viewers()
    await db
      .update(engagements)
      .set({ startsAt: new Date('2026-10-07T11:59:59Z') })
      .where(eq(engagements.conferenceId, dallas.id))
    expect((await conferenceFunnel({ viewer: head, conferenceId: dallas.id })).signedUp).toBe(2)
  })
})

describe('the outreach funnel per region', () => {
  it('gives every region a row for the head, counting by the agency region, with the window running past the period end', async () => {
    await world()
    const { head } = await viewers()
    const funnels = await regionFunnels({ viewer: head, period: q4 })
    expect(funnels.map((funnel) => funnel.regionCode)).toEqual(['US', 'CA', 'LATAM', 'EMEA', 'APAC'])
    const byRegion = Object.fromEntries(funnels.map((funnel) => [funnel.regionCode, funnel.counts]))
    expect(byRegion.US).toEqual({ presentations: 2, agencies: 2, signedUp: 2, verified: 1, completed: 1 })
    // P1 was given in the US to an audience with a Dutch agency: it counts in EMEA too.
    expect(byRegion.EMEA).toEqual({ presentations: 1, agencies: 1, signedUp: 1, verified: 1, completed: 0 })
    expect(byRegion.LATAM).toEqual({ presentations: 0, agencies: 0, signedUp: 0, verified: 0, completed: 0 })
  })

  it("gives a lead their regions' rows only", async () => {
    await world()
    const { usLead, noRegions } = await viewers()
    const funnels = await regionFunnels({ viewer: usLead, period: q4 })
    expect(funnels).toEqual([{ regionCode: 'US', counts: { presentations: 2, agencies: 2, signedUp: 2, verified: 1, completed: 1 } }])
    expect(await regionFunnels({ viewer: noRegions, period: q4 })).toEqual([])
  })

  it('leaves out talks and meetings outside the period', async () => {
    await world()
    const { head } = await viewers()
    const funnels = await regionFunnels({ viewer: head, period: q3 })
    expect(funnels.every((funnel) => Object.values(funnel.counts).every((count) => count === 0))).toBe(true)
  })

  it('counts a talk given outside any conference in the regions of its audience', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(NOW)
    const agency = await createAgency({ name: 'Policía Nacional de Colombia', countryCode: 'CO' })
    await presentation('Webinar', '2026-11-10T15:00:00Z', null, [agency.id])
    await officer(agency.id, '2026-11-12T09:00:00Z')
    const { head } = await viewers()
    const latam = (await regionFunnels({ viewer: head, period: q4 })).find((funnel) => funnel.regionCode === 'LATAM')
    expect(latam?.counts).toEqual({ presentations: 1, agencies: 1, signedUp: 1, verified: 0, completed: 0 })
  })
})

describe('the outreach funnel per conference', () => {
  it('lists the conferences with a talk given in the period, each with its whole funnel, as its own page counts it', async () => {
    const { dallas } = await world()
    const [quiet] = await db
      .insert(conferences)
      .values({ name: 'A conference with no talk', startsOn: '2026-11-01', endsOn: '2026-11-02', countryCode: 'US', regionCode: 'US' })
      .returning()
    const { head, usLead, emeaLead } = await viewers()
    const funnels = await conferenceFunnels({ viewer: head, period: q4 })
    expect(funnels).toEqual([
      {
        id: dallas.id,
        name: 'Crimes Against Children Conference',
        regionCode: 'US',
        startsOn: '2026-10-05',
        counts: await conferenceFunnel({ viewer: head, conferenceId: dallas.id }),
      },
    ])
    expect(funnels.map((funnel) => funnel.id)).not.toContain(quiet.id)
    // The lead of the conference's region counts only their agencies, as on the conference page.
    const [forLead] = await conferenceFunnels({ viewer: usLead, period: q4 })
    expect(forLead.counts).toEqual({ presentations: 2, agencies: 2, signedUp: 2, verified: 1, completed: 1 })
    // Another region's lead, a region filter and a quarter with no talk list nothing.
    expect(await conferenceFunnels({ viewer: emeaLead, period: q4 })).toEqual([])
    expect(await conferenceFunnels({ viewer: head, period: q4, region: 'EMEA' })).toEqual([])
    expect(await conferenceFunnels({ viewer: head, period: q3 })).toEqual([])
  })
})
