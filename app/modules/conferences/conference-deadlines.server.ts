import { and, between, ne, or, sql } from 'drizzle-orm'
import { conferences } from '#db/schema'
import type { RegionCode } from '#db/schema/vocabulary'
import { db } from '~/lib/db.server'

export type ConferenceDeadline = {
  conferenceId: string
  name: string
  regionCode: RegionCode
  deadline: 'registration' | 'call_for_papers'
  day: string
}

/** The registration and call-for-papers deadlines between two days (ISO, inclusive) of conferences not cancelled. */
export async function findConferenceDeadlines(fromDay: string, toDay: string): Promise<ConferenceDeadline[]> {
  const rows = await db
    .select({
      conferenceId: conferences.id,
      name: conferences.name,
      regionCode: sql<RegionCode>`${conferences.regionCode}`,
      registrationDeadline: conferences.registrationDeadline,
      callForPapersDeadline: conferences.callForPapersDeadline,
    })
    .from(conferences)
    .where(
      and(
        ne(conferences.status, 'cancelled'),
        or(between(conferences.registrationDeadline, fromDay, toDay), between(conferences.callForPapersDeadline, fromDay, toDay)),
      ),
    )
  const inRange = (day: string | null): day is string => day !== null && day >= fromDay && day <= toDay
  return rows
    .flatMap((row) => [
      ...(inRange(row.registrationDeadline) ? [{ ...row, deadline: 'registration' as const, day: row.registrationDeadline }] : []),
      ...(inRange(row.callForPapersDeadline) ? [{ ...row, deadline: 'call_for_papers' as const, day: row.callForPapersDeadline }] : []),
    ])
    .map(({ conferenceId, name, regionCode, deadline, day }) => ({ conferenceId, name, regionCode, deadline, day }))
}
