import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/presentations.$presentationId.edit'
import { ConflictNotice } from '~/components/conflict-notice'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { listConferenceOptions } from '~/modules/conferences/conferences.server'
import { searchStaffOptions } from '~/modules/engagements/engagements.server'
import { PresentationForm } from '~/modules/presentations/presentation-form'
import { presentationEditSchema, toUtcDateTimeInput } from '~/modules/presentations/presentations-schema'
import { getPresentationForEdit, updatePresentation } from '~/modules/presentations/presentations.server'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

const STAFF_OPTIONS_LIMIT = 500

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const presentation = await getPresentationForEdit({ actor, presentationId: params.presentationId })
  if (!presentation) throw notFound()
  const [conferences, staff] = await Promise.all([listConferenceOptions({ actor }), searchStaffOptions('', STAFF_OPTIONS_LIMIT)])
  // The current conference and presenters stay choosable even when the option lists leave
  // them out (an old conference, a presenter who has left), so saving drops nothing silently.
  const { conference } = presentation
  const conferenceOptions = conference && !conferences.some((option) => option.id === conference.id) ? [...conferences, conference] : conferences
  const staffOptions = staff.map((person) => ({ id: person.id, name: person.name }))
  for (const presenter of presentation.presenters) if (!staffOptions.some((person) => person.id === presenter.id)) staffOptions.push(presenter)
  return { presentation, conferences: conferenceOptions, staff: staffOptions }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const presentationId = params.presentationId
  const submission = parseWithZod(await readFormData(request), { schema: presentationEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const outcome = await updatePresentation({ actor, presentationId, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/presentations/${presentationId}`, { kind: 'success', message: 'Presentation saved.' })
  if (outcome.reason === 'not_found') throw notFound()
  if (outcome.reason === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), conflict: null }, { status: 400 })
  const current = outcome.current
  return data(
    {
      result: submission.reply({
        formErrors: ['Someone else saved this presentation while you were editing. Nothing of yours was saved: check their changes below, then save again.'],
      }),
      conflict: {
        version: current.version,
        updatedAt: current.updatedAt,
        values: {
          title: current.title,
          conference: current.conference?.name ?? null,
          'presented at (UTC)': toUtcDateTimeInput(current.presentedAt).replace('T', ' '),
          presenters: current.presenters.map((presenter) => presenter.name).join(', '),
          'agencies in the audience': current.agencies.map((agency) => agency.name).join(', '),
          'audience size': current.audienceSize,
          'feedback score': current.feedbackScore,
        },
      },
    },
    { status: 409 },
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.presentation.title ?? 'presentation'} · Liaison` }]

export default function EditPresentationPage() {
  const { presentation, conferences, staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title={`Edit ${presentation.title}`} />
      {actionData?.conflict ? <ConflictNotice values={actionData.conflict.values} /> : null}
      <PresentationForm
        lastResult={actionData?.result}
        version={actionData?.conflict?.version ?? presentation.version}
        defaultValue={{
          title: presentation.title,
          conferenceId: presentation.conferenceId,
          presentedAt: toUtcDateTimeInput(presentation.presentedAt),
          presenterIds: presentation.presenters.map((presenter) => presenter.id),
          audienceSize: presentation.audienceSize === null ? null : String(presentation.audienceSize),
          topics: presentation.topics,
          materialsUrl: presentation.materialsUrl,
          feedbackScore: presentation.feedbackScore === null ? null : String(presentation.feedbackScore),
          notes: presentation.notes,
        }}
        conferences={conferences}
        staff={staff}
        agencies={presentation.agencies.map((agency) => ({ id: agency.id, label: agency.archivedAt ? `${agency.name} (archived)` : agency.name }))}
        otherRegionAgencies={presentation.otherRegionAgencies}
        cancelTo={`/presentations/${presentation.id}`}
        submitLabel="Save changes"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="presentation" list={{ to: '/conferences', label: 'conferences', searchable: true }} />
}
