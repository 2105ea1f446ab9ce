import { describe, expect, it } from 'vitest'
import { actorFor, createAgency, testMeta } from '#test/factories/crm'
import { call, dataOf, makeRequest, statusOf } from '#test/factories/requests'
import { createUser, signInAs } from '#test/factories/users'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { getEngagement, logEngagement } from '~/modules/engagements/engagements.server'
import type { CalendarEvent } from '~/modules/calendar/calendar.server'
import { action, loader } from './calendar'
import { loader as newEngagementLoader } from './engagements.new'

async function world() {
  const head = actorFor(await createUser({ role: 'global_head' }))
  const lead = await createUser({ role: 'outreach_lead', regions: ['US'] })
  const { cookie } = await signInAs(lead)
  const chicago = `${cookie}; tz=${encodeURIComponent('America/Chicago')}`
  const log = async (title: string, countryCode: string) => {
    const agency = await createAgency({ countryCode })
    const logged = await logEngagement({
      actor: head,
      input: engagementFormSchema.parse({ kind: 'meeting', title, startsAt: '2027-03-24T10:00', timeZone: 'Europe/Berlin', agencyIds: [agency.id] }),
      meta: testMeta,
    })
    if (!logged.ok) throw new Error('not logged')
    return logged.engagement.id
  }
  return { lead, chicago, us: await log('US briefing', 'US'), emea: await log('EMEA briefing', 'DE') }
}

type Page = { events: CalendarEvent[]; view: string; date: string; timeZone: string }

describe('/calendar', () => {
  it("shows the lead's week in the zone the browser reported, from the address", async () => {
    const { chicago } = await world()
    const page = dataOf<Page>(await call(loader, makeRequest('/calendar?view=week&date=2027-03-24', { cookie: chicago })))
    expect(page).toMatchObject({ view: 'week', date: '2027-03-24', timeZone: 'America/Chicago' })
    expect(page.events.map((event) => [event.title, event.start])).toEqual([['US briefing', '2027-03-24T04:00']])
  })

  it('moves an engagement to a time on the user’s clock, refuses a stale version (409), bad input (400) and another region’s engagement (404)', async () => {
    const { lead, chicago, us, emea } = await world()
    const move = (form: Record<string, string>) =>
      call(action, makeRequest('/calendar', { cookie: chicago, form: { intent: 'move', version: '1', date: '2027-03-25', time: '09:30', ...form } }))
    const moved = await move({ engagementId: us, returnTo: '/calendar?view=week&date=2027-03-24' })
    expect(statusOf(moved)).toBe(302)
    expect((moved as Response).headers.get('Location')).toBe('/calendar?view=week&date=2027-03-24')
    const after = await getEngagement({ actor: actorFor(lead, ['US']), engagementId: us })
    expect(after?.startsAt.toISOString()).toBe('2027-03-25T14:30:00.000Z') // 09:30 in Chicago (CDT)
    expect(after?.timeZone).toBe('Europe/Berlin')

    const stale = await move({ engagementId: us })
    expect(statusOf(stale)).toBe(409)
    expect(dataOf<{ message: string }>(stale).message).toMatch(/Someone changed this engagement/)
    expect(statusOf(await move({ engagementId: us, version: '2', time: '25:00' }))).toBe(400)
    expect(statusOf(await move({ engagementId: emea }))).toBe(404)
    // An address elsewhere is not followed.
    const elsewhere = await move({ engagementId: us, version: '2', returnTo: '//evil.example/calendar' })
    expect((elsewhere as Response).headers.get('Location')).toBe('/calendar')
  })

  it('an empty slot opens the engagement form with its time and the user’s zone', async () => {
    const { chicago } = await world()
    const form = dataOf<{ defaults: { startsAt: string; timeZone: string } }>(
      await call(newEngagementLoader, makeRequest('/engagements/new?startsAt=2027-03-24T15:30&timeZone=America%2FChicago', { cookie: chicago })),
    )
    expect(form.defaults).toMatchObject({ startsAt: '2027-03-24T15:30', timeZone: 'America/Chicago' })
  })
})
