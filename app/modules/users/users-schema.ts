import { z } from 'zod'
import { regionCodes, roles } from '#db/schema/vocabulary'
import { personName, searchFilter } from '~/lib/forms/fields'
import { emailField } from '~/modules/accounts/accounts-schema'

const regionList = z
  .array(z.enum(regionCodes, { error: 'Choose a listed region.' }))
  .default([])
  .transform((list) => [...new Set(list)])

function leadsNeedRegions(value: { role: string; regions: string[] }, context: z.RefinementCtx) {
  if (value.role === 'outreach_lead' && value.regions.length === 0) {
    context.addIssue({ code: 'custom', message: 'An outreach lead needs at least one region.', path: ['regions'] })
  }
}

export const inviteUserSchema = z
  .object({
    email: emailField,
    name: personName({ missing: 'Enter a name.' }),
    role: z.enum(roles, { error: 'Choose a role.' }),
    regions: regionList,
  })
  .superRefine(leadsNeedRegions)

export const userAccessSchema = z
  .object({
    intent: z.literal('access'),
    role: z.enum(roles, { error: 'Choose a role.' }),
    regions: regionList,
  })
  .superRefine(leadsNeedRegions)

export const userStatusSchema = z.object({ intent: z.enum(['deactivate', 'reactivate']) })

export const userListFilters = z.object({
  q: searchFilter(100),
  role: z.enum(roles).optional().catch(undefined),
  status: z.enum(['invited', 'active', 'deactivated']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
})
export type UserListFilters = z.infer<typeof userListFilters>
