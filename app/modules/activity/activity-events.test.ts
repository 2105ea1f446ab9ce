import { describe, expect, expectTypeOf, it } from 'vitest'
import { activity } from '#db/schema'
import { db } from '~/lib/db.server'
import type { ActivityEventName } from './activity-events'
import { logActivities, logActivity, type ActivityEntry } from './activity.server'

const actor = null

// Never run: `npm run typecheck` checks these lines, and fails if a wrong one compiles.
function _typeChecks() {
  // @ts-expect-error a mistyped event name does not compile
  void logActivity(db, { name: 'task.complete', actor })
  // @ts-expect-error nor does a property the event does not carry
  void logActivity(db, { name: 'task.created', actor, properties: { agnecy: 'FBI' } })
  // @ts-expect-error nor a property of the wrong type
  void logActivity(db, { name: 'engagement.logged', actor, properties: { kind: 'meeting', agencies: '2' } })
  // @ts-expect-error nor an event without the properties it needs
  void logActivity(db, { name: 'user.login_failed', actor })
  // @ts-expect-error properties on an event that has none
  void logActivity(db, { name: 'task.completed', actor, properties: { title: 'Call back' } })
  // @ts-expect-error the batch writer is checked the same way
  void logActivities(db, { actor: { id: 'x', name: 'X' } }, [{ name: 'contact.creatd', targetName: 'A', agencyId: 'x', properties: {} }])
}
void _typeChecks

describe('activity events', () => {
  it('are typed by name, with the properties of each', () => {
    expectTypeOf<'task.created'>().toExtend<ActivityEventName>()
    expectTypeOf<'task.complete'>().not.toExtend<ActivityEventName>()
    expectTypeOf<ActivityEntry<'user.role_changed'>['properties']>().toEqualTypeOf<{ from: string; to: string }>()
  })

  it('writes a typed event as a row with its name and properties', async () => {
    await logActivity(db, { name: 'engagement.logged', actor, targetName: 'ICAC briefing', properties: { kind: 'meeting', agencies: 2 } })
    const [row] = await db.select().from(activity)
    expect(row).toMatchObject({ name: 'engagement.logged', targetName: 'ICAC briefing', properties: { kind: 'meeting', agencies: 2 } })
  })
})
