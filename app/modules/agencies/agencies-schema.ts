import { z } from 'zod'
import { agencyKinds, agencyStatuses, regionCodes } from '#db/schema/vocabulary'
import {
  isoDateFilter,
  optionalFilter,
  optionalText,
  optionalUrl,
  pageFilter,
  requiredText,
  searchFilter,
  separatedList,
  typedString,
  uuidOrNull,
  versionField,
} from '~/lib/forms/fields'
import { isUuid } from '~/lib/uuid'
import { emailDomainMessage, emailDomainProblem } from './email-domains'

// The labels live apart so that pages showing an agency do not load the domain rules' lists.
export { agencyKindLabels, agencyStatusLabels } from './agency-labels'

/** One schema for the create and edit forms, on the client and the server. */
export const agencyFormSchema = z.object({
  name: requiredText(200, 'Enter the agency name.'),
  kind: z.enum(agencyKinds, { error: 'Choose the kind of agency.' }),
  countryCode: z.string({ error: 'Choose a country.' }).regex(/^[A-Z]{2}$/, 'Choose a country.'),
  subdivision: optionalText(120, 'State or province'),
  city: optionalText(120, 'City'),
  website: optionalUrl,
  emailDomains: separatedList({ lowerCase: true, maxItems: 10, itemMax: 253, label: 'domains' }).check((context) => {
    for (const domain of context.value) {
      const problem = emailDomainProblem(domain)
      if (problem) context.issues.push({ code: 'custom', input: context.value, message: emailDomainMessage(domain, problem) })
    }
  }),
  phone: optionalText(40, 'Phone'),
  status: z.enum(agencyStatuses, { error: 'Choose a status.' }).default('prospect'),
  priority: z.coerce.number({ error: 'Choose a priority.' }).int().min(1, 'Choose a priority.').max(3, 'Choose a priority.').default(2),
  ownerId: uuidOrNull,
  tags: separatedList({ maxItems: 15, itemMax: 40, label: 'tags' }),
  notes: optionalText(5000, 'Notes'),
})
export type AgencyInput = z.infer<typeof agencyFormSchema>

export const agencyEditSchema = agencyFormSchema.extend({ version: versionField })

export const agencySorts = ['name', '-name', 'lastEngaged', '-lastEngaged', 'priority', 'updated'] as const

/** Filters of the agency list, all kept in the URL. Malformed values are ignored, never a 500. */
export const agencyListFilters = z.object({
  q: searchFilter(200),
  region: optionalFilter(z.enum(regionCodes)),
  country: optionalFilter(z.string().regex(/^[A-Z]{2}$/)),
  kind: optionalFilter(z.enum(agencyKinds)),
  priority: optionalFilter(z.enum(['1', '2', '3'])),
  status: optionalFilter(z.enum(agencyStatuses)),
  owner: optionalFilter(z.string().refine((value) => value === 'none' || isUuid(value))),
  tag: optionalFilter(typedString().trim().min(1).max(40)),
  engagedAfter: isoDateFilter,
  engagedBefore: isoDateFilter,
  never: optionalFilter(z.literal('1')),
  stale: optionalFilter(z.literal('1')),
  archived: optionalFilter(z.literal('1')),
  sort: z.enum(agencySorts).catch('name').default('name'),
  page: pageFilter,
})
export type AgencyListFilters = z.infer<typeof agencyListFilters>

export function parseAgencyFilters(searchParams: URLSearchParams): AgencyListFilters {
  return agencyListFilters.parse(Object.fromEntries(searchParams))
}

/** An agency is stale when nobody has engaged it for this long. */
export const STALE_AFTER_DAYS = 180
