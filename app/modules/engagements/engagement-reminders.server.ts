import { and, eq, gte, lt } from 'drizzle-orm'
import { engagementStaff, engagements, users } from '#db/schema'
import { db } from '~/lib/db.server'
import { isActiveAccount, recipientColumns } from '~/modules/users/recipients.server'

/** The staff attending each engagement that starts in [from, to): the day-before reminders pick from these. */
export async function findEngagementAttendees(from: Date, to: Date) {
  return db
    .select({
      engagementId: engagements.id,
      title: engagements.title,
      startsAt: engagements.startsAt,
      location: engagements.location,
      recipient: recipientColumns,
    })
    .from(engagements)
    .innerJoin(engagementStaff, eq(engagementStaff.engagementId, engagements.id))
    .innerJoin(users, eq(users.id, engagementStaff.userId))
    .where(and(gte(engagements.startsAt, from), lt(engagements.startsAt, to), isActiveAccount))
}
