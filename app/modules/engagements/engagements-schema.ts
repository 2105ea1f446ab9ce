import { z } from 'zod'
import { engagementKinds, regionCodes, topics } from '#db/schema/vocabulary'

export { topicLabels } from './topic-labels'
import {
  isoDateFilter,
  localDateTimeField,
  optionalCalendarDate,
  optionalFilter,
  optionalLocalDateTime,
  optionalText,
  pageFilter,
  requiredText,
  searchFilter,
  uuidField,
  uuidFilter,
  versionField,
} from '~/lib/forms/fields'

export const engagementKindLabels: Record<(typeof engagementKinds)[number], string> = {
  meeting: 'Meeting',
  call: 'Call',
  training_session: 'Training session',
  site_visit: 'Site visit',
  email: 'Email',
  conference_meeting: 'Meeting at a conference',
}

import { isValidTimeZone } from '~/lib/time-zone'

export { isValidTimeZone }

const uuid = uuidField()

const followUpSchema = z.object({
  title: requiredText(200, 'Describe the follow-up.'),
  dueOn: optionalCalendarDate('Enter a real due date.'),
  assigneeId: uuid.optional(),
})

/** Logging (and editing) an engagement: one form, validated in the browser and on the server. */
export const engagementFormSchema = z
  .object({
    kind: z.enum(engagementKinds, { error: 'Choose what kind of engagement it was.' }),
    title: requiredText(200, 'Give it a short title.'),
    startsAt: localDateTimeField('Enter the start.'),
    endsAt: optionalLocalDateTime(),
    timeZone: z.string({ error: 'Choose a time zone.' }).refine(isValidTimeZone, 'Choose a time zone from the list.'),
    location: optionalText(300, 'Location'),
    summary: optionalText(10_000, 'Summary'),
    outcome: optionalText(5_000, 'Outcome'),
    topics: z.array(z.enum(topics, { error: 'Choose listed topics.' })).default([]),
    agencyIds: z.array(uuid).min(1, 'Add at least one agency.').max(20, 'At most 20 agencies.'),
    contactIds: z.array(uuid).max(50, 'At most 50 contacts.').default([]),
    staffIds: z.array(uuid).max(20, 'At most 20 staff.').default([]),
    conferenceId: uuid.optional(),
    followUps: z.array(followUpSchema).max(10, 'At most 10 follow-ups at once.').default([]),
  })
  .refine((value) => !value.endsAt || value.endsAt >= value.startsAt, { message: 'The end is before the start.', path: ['endsAt'] })
export type EngagementInput = z.infer<typeof engagementFormSchema>

export const engagementEditSchema = engagementFormSchema.safeExtend({ version: versionField })

export const engagementListFilters = z.object({
  q: searchFilter(200),
  kind: optionalFilter(z.enum(engagementKinds)),
  topic: optionalFilter(z.enum(topics)),
  agency: uuidFilter,
  /** Engagements with an agency of this region (the coverage figures link here). */
  region: optionalFilter(z.enum(regionCodes)),
  from: isoDateFilter,
  to: isoDateFilter,
  mine: optionalFilter(z.literal('1')),
  /** Engagements a staff member (a lead) attended. */
  staff: uuidFilter,
  /** Split at now: those still to come (soonest first) or those that have begun (latest first). */
  when: optionalFilter(z.enum(['upcoming', 'past'])),
  page: pageFilter,
})
export type EngagementListFilters = z.infer<typeof engagementListFilters>

/** Time zones offered in the form; the agency's region zone is preselected (where the meeting usually is). */
export const commonTimeZones = [
  'UTC',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Anchorage',
  'Pacific/Honolulu',
  'America/Toronto',
  'America/Vancouver',
  'America/Halifax',
  'America/Mexico_City',
  'America/Bogota',
  'America/Lima',
  'America/Santiago',
  'America/Sao_Paulo',
  'America/Argentina/Buenos_Aires',
  'Europe/London',
  'Europe/Dublin',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Amsterdam',
  'Europe/Warsaw',
  'Europe/Athens',
  'Europe/Istanbul',
  'Africa/Lagos',
  'Africa/Nairobi',
  'Africa/Johannesburg',
  'Asia/Dubai',
  'Asia/Riyadh',
  'Asia/Kolkata',
  'Asia/Bangkok',
  'Asia/Singapore',
  'Asia/Jakarta',
  'Asia/Manila',
  'Asia/Hong_Kong',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Australia/Perth',
  'Australia/Sydney',
  'Pacific/Auckland',
] as const
