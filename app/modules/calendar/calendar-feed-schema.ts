import { z } from 'zod'

/**
 * The calendar feed section of /settings posts one of these to /settings/calendar-feed: `issue`
 * makes the feed link (replacing the one there was: a rotation), `revoke` ends it.
 */
export const calendarFeedSchema = z.object({ intent: z.enum(['issue', 'revoke']) })

/** What issuing answers: the feed's address, shown this once. */
export type CalendarFeedIssued = { url: string | null }

/** Where the section stands: a link is active (since when) or there is none. */
export type CalendarFeedStatus = { active: true; createdAt: Date | string } | { active: false }
