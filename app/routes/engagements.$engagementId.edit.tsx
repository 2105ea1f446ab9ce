import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/engagements.$engagementId.edit'
import { ConflictNotice } from '~/components/conflict-notice'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { EngagementForm } from '~/modules/engagements/engagement-form'
import { engagementEditSchema } from '~/modules/engagements/engagements-schema'
import { getEngagement, listConferenceChoices, updateEngagement } from '~/modules/engagements/engagements.server'
import { utcToZonedLocal } from '~/modules/engagements/local-time'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const engagement = await getEngagement({ actor, engagementId: params.engagementId })
  if (!engagement) throw notFound()
  return { engagement, conferences: await listConferenceChoices() }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const engagementId = params.engagementId
  const submission = parseWithZod(await readFormData(request), { schema: engagementEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const outcome = await updateEngagement({ actor, engagementId, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/engagements/${engagementId}`, { kind: 'success', message: 'Engagement saved.' })
  if (outcome.reason === 'not_found') throw notFound()
  if (outcome.reason === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), conflict: null }, { status: 400 })
  return data(
    {
      result: submission.reply({
        formErrors: ['Someone else saved this engagement while you were editing. Nothing of yours was saved: check their version, then save again.'],
      }),
      conflict: {
        version: outcome.current.version,
        values: {
          title: outcome.current.title,
          kind: outcome.current.kind,
          location: outcome.current.location,
          agencies: outcome.current.agencies.map((agency) => agency.name).join(', '),
        },
      },
    },
    { status: 409 },
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.engagement.title ?? 'engagement'} · Liaison` }]

export default function EditEngagementPage() {
  const { engagement, conferences } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title={`Edit “${engagement.title}”`} />
      {actionData?.conflict ? <ConflictNotice values={actionData.conflict.values} /> : null}
      <EngagementForm
        lastResult={actionData?.result}
        version={actionData?.conflict?.version ?? engagement.version}
        defaults={{
          kind: engagement.kind,
          title: engagement.title,
          startsAt: utcToZonedLocal(engagement.startsAt, engagement.timeZone),
          endsAt: engagement.endsAt ? utcToZonedLocal(engagement.endsAt, engagement.timeZone) : undefined,
          timeZone: engagement.timeZone,
          location: engagement.location,
          summary: engagement.summary,
          outcome: engagement.outcome,
          topics: engagement.topics,
          conferenceId: engagement.conferenceId,
        }}
        agencies={engagement.agencies.map((agency) => ({ id: agency.id, label: agency.archivedAt ? `${agency.name} (archived)` : agency.name }))}
        contacts={engagement.contacts.map((contact) => ({ id: contact.id, label: contact.archivedAt ? `${contact.fullName} (archived)` : contact.fullName }))}
        staff={engagement.staff.map((person) => ({ id: person.id, label: person.name }))}
        conferences={conferences}
        cancelTo={`/engagements/${engagement.id}`}
        submitLabel="Save changes"
        allowFollowUps={false}
        otherRegions={engagement.otherRegions}
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="engagement" list={{ to: '/engagements', label: 'engagements', searchable: true }} />
}
