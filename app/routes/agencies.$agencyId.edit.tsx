import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/agencies.$agencyId.edit'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { agencyEditSchema } from '~/modules/agencies/agencies-schema'
import { getAgency, listOwnerOptions, updateAgency } from '~/modules/agencies/agencies.server'
import { AgencyForm } from '~/modules/agencies/agency-form'
import { ConflictNotice } from '~/components/conflict-notice'
import { countryOptions } from '~/modules/regions/country-options'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const agency = await getAgency({ actor, agencyId: params.agencyId })
  if (!agency) throw notFound()
  return { agency, regions: actor.regions, owners: await listOwnerOptions() }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const agencyId = params.agencyId
  const submission = parseWithZod(await readFormData(request), { schema: agencyEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const outcome = await updateAgency({ actor, agencyId, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/agencies/${agencyId}`, { kind: 'success', message: 'Agency saved.' })
  if (outcome.reason === 'not_found') throw notFound()
  if (outcome.reason === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), conflict: null }, { status: 400 })
  return data(
    {
      result: submission.reply({
        formErrors: ['Someone else saved this agency while you were editing. Nothing of yours was saved: check their changes below, then save again.'],
      }),
      conflict: {
        version: outcome.current.version,
        updatedAt: outcome.current.updatedAt,
        values: {
          name: outcome.current.name,
          status: outcome.current.status,
          owner: outcome.current.ownerName,
          city: outcome.current.city,
          priority: outcome.current.priority,
          tags: outcome.current.tags.join(', '),
        },
      },
    },
    { status: 409 },
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.agency.name ?? 'agency'} · Liaison` }]

export default function EditAgencyPage() {
  const { agency, regions, owners } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title={`Edit ${agency.name}`} />
      {actionData?.conflict ? <ConflictNotice values={actionData.conflict.values} /> : null}
      <AgencyForm
        lastResult={actionData?.result}
        version={actionData?.conflict?.version ?? agency.version}
        defaultValue={{
          name: agency.name,
          kind: agency.kind,
          countryCode: agency.countryCode,
          subdivision: agency.subdivision,
          city: agency.city,
          website: agency.website,
          emailDomains: agency.emailDomains.join(', '),
          phone: agency.phone,
          status: agency.status,
          priority: String(agency.priority),
          ownerId: agency.ownerId,
          tags: agency.tags.join(', '),
          notes: agency.notes,
        }}
        countries={countryOptions(regions)}
        owners={owners}
        cancelTo={`/agencies/${agency.id}`}
        submitLabel="Save changes"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="agency" list={{ to: '/agencies', label: 'agencies', searchable: true }} />
}
