import { describe, expect, it } from 'vitest'
import { describeActivity } from './describe-activity'

const entry = (name: string, properties: Record<string, unknown> = {}, targetName: string | null = 'FBI') => ({
  name,
  actorName: 'Maria Ortiz',
  targetName,
  properties,
})

describe('activity sentences', () => {
  it('reads a change of one field like a person would say it', () => {
    expect(describeActivity(entry('agency.updated', { changes: { status: { from: 'prospect', to: 'engaged' } } }))).toBe(
      'Maria Ortiz changed status from prospect to engaged on FBI',
    )
  })

  it('joins several changes and says "edited" for long text', () => {
    expect(
      describeActivity(
        entry('agency.updated', {
          changes: { city: { from: 'Quantico', to: 'Washington' }, notes: { from: 'a', to: 'b' }, ownerId: { from: null, to: 'Jordan Reyes' } },
        }),
      ),
    ).toBe('Maria Ortiz changed city from Quantico to Washington, edited the notes and changed owner from nothing to Jordan Reyes on FBI')
  })

  it('tells the officer and training events', () => {
    expect(describeActivity(entry('officer.rejected', { reason: 'Not an agency employee' }, 'Sam Hill'))).toBe(
      'Maria Ortiz rejected the officer account of Sam Hill: “Not an agency employee”',
    )
    expect(describeActivity(entry('training.assigned', { title: 'Emergency requests', dueOn: '2026-12-01' }, 'Sam Hill'))).toBe(
      'Maria Ortiz assigned “Emergency requests” to Sam Hill, due 2026-12-01',
    )
    expect(describeActivity({ name: 'officer.signed_up', actorName: null, targetName: 'Sam Hill', properties: {} })).toBe('Sam Hill signed up as an officer')
  })

  it("says the officer page's history with the details it showed: agency, reason, the module of an old row", () => {
    expect(describeActivity({ name: 'officer.signed_up', actorName: null, targetName: 'Sam Hill', properties: { agency: 'Plano PD' } })).toBe(
      'Sam Hill signed up as an officer of Plano PD',
    )
    expect(describeActivity(entry('officer.invited', { agency: 'Plano PD' }, 'Sam Hill'))).toBe('Maria Ortiz invited officer Sam Hill of Plano PD')
    expect(describeActivity(entry('officer.invited', { agency: 'Plano PD', outsideDomains: ['plano.gov'] }, 'Sam Hill'))).toBe(
      'Maria Ortiz invited officer Sam Hill of Plano PD, confirming an address outside its email domains',
    )
    expect(describeActivity(entry('officer.verified', { reason: 'Called the desk sergeant' }, 'Sam Hill'))).toBe(
      'Maria Ortiz verified the officer account of Sam Hill: “Called the desk sergeant”',
    )
    expect(describeActivity(entry('training.reminded', { module: 'emergency-requests' }, 'Sam Hill'))).toBe(
      'Maria Ortiz reminded Sam Hill about “emergency-requests”',
    )
  })

  it('names creations, archiving and account events', () => {
    expect(describeActivity(entry('agency.created'))).toBe('Maria Ortiz created agency FBI')
    expect(describeActivity(entry('contact.archived', {}, 'Dana Cole'))).toBe('Maria Ortiz archived contact Dana Cole')
    expect(describeActivity(entry('agency.exported', { count: 12 }, null))).toBe('Maria Ortiz exported 12 agencies to CSV')
    expect(describeActivity({ name: 'user.login', actorName: null, targetName: 'Ana Ruiz', properties: {} })).toBe('Ana Ruiz signed in')
    expect(describeActivity(entry('user.role_changed', { from: 'outreach_lead', to: 'global_head' }, 'Tom Lee'))).toBe(
      'Maria Ortiz changed the role of Tom Lee from outreach lead to global head',
    )
  })

  it('says who joined and left an engagement, counting those of another region without naming them', () => {
    const jane = { id: 'u1', name: 'Jane Doe' }
    expect(describeActivity(entry('engagement.updated', { changes: { staff: { added: [jane], removed: [] } } }, 'ICAC briefing'))).toBe(
      'Maria Ortiz added Jane Doe to the staff attendees on ICAC briefing',
    )
    expect(
      describeActivity(
        entry(
          'engagement.updated',
          {
            changes: {
              contacts: {
                added: [
                  { id: 'c1', name: 'Sgt. Ada Quill', region: 'US' },
                  { id: 'c2', name: 'Det. Bram Oakes', region: 'US' },
                ],
                removed: [],
                addedElsewhere: 1,
              },
              agencies: { added: [], removed: [], removedElsewhere: 2 },
            },
          },
          'ICAC briefing',
        ),
      ),
    ).toBe(
      'Maria Ortiz added Sgt. Ada Quill, Det. Bram Oakes and 1 contact in another region to the attendees and removed 2 agencies in other regions from the agencies on ICAC briefing',
    )
    expect(
      describeActivity(
        entry('engagement.updated', { changes: { conference: { from: null, to: 'IACP 2026' }, endsAt: { from: '10 Mar 2026, 15:00 CDT', to: null } } }, 'Call'),
      ),
    ).toBe('Maria Ortiz changed conference from nothing to IACP 2026 and changed end from 10 Mar 2026, 15:00 CDT to nothing on Call')
  })

  it("says which agencies joined a presentation's audience, counting those of another region", () => {
    expect(
      describeActivity(
        entry(
          'presentation.updated',
          { changes: { audience: { added: [{ id: 'a1', name: 'Dallas Police Department', region: 'US' }], removed: [], removedElsewhere: 1 } } },
          'Emergency requests',
        ),
      ),
    ).toBe('Maria Ortiz added Dallas Police Department to the audience and removed 1 agency in another region from the audience on Emergency requests')
  })
})
