import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/agencies.new'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { agencyFormSchema } from '~/modules/agencies/agencies-schema'
import { createAgency, listOwnerOptions } from '~/modules/agencies/agencies.server'
import { AgencyForm } from '~/modules/agencies/agency-form'
import { countryOptions } from '~/modules/regions/country-options'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  return { regions: actor.regions, owners: await listOwnerOptions(), actorId: actor.id }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: agencyFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await createAgency({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  return redirectWithToast(`/agencies/${outcome.agency.id}`, { kind: 'success', message: `${outcome.agency.name} is added.` })
}

export const meta: Route.MetaFunction = () => [{ title: 'New agency · Liaison' }]

export default function NewAgencyPage() {
  const { regions, owners, actorId } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="New agency" />
      <AgencyForm
        lastResult={actionData?.result}
        defaultValue={{ status: 'prospect', priority: '2', ownerId: actorId }}
        countries={countryOptions(regions)}
        owners={owners}
        cancelTo="/agencies"
        submitLabel="Add agency"
      />
    </div>
  )
}
