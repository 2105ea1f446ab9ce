import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/conferences.$conferenceId.edit'
import { ConflictNotice } from '~/components/conflict-notice'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { ConferenceForm } from '~/modules/conferences/conference-form'
import { conferenceAudienceLabels, conferenceEditSchema, conferenceStatusLabels, formatConferenceDates } from '~/modules/conferences/conferences-schema'
import { getConferenceForEdit, updateConference } from '~/modules/conferences/conferences.server'
import { countryOptions } from '~/modules/regions/country-options'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const conference = await getConferenceForEdit({ actor, conferenceId: params.conferenceId })
  if (!conference) throw notFound()
  return { conference, regions: actor.regions }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const conferenceId = params.conferenceId
  const submission = parseWithZod(await readFormData(request), { schema: conferenceEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const outcome = await updateConference({ actor, conferenceId, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/conferences/${conferenceId}`, { kind: 'success', message: 'Conference saved.' })
  if (outcome.reason === 'not_found') throw notFound()
  if (outcome.reason === 'invalid') return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), conflict: null }, { status: 400 })
  const current = outcome.current
  return data(
    {
      result: submission.reply({
        formErrors: ['Someone else saved this conference while you were editing. Nothing of yours was saved: check their changes below, then save again.'],
      }),
      conflict: {
        version: current.version,
        updatedAt: current.updatedAt,
        values: {
          name: current.name,
          dates: formatConferenceDates(current.startsOn, current.endsOn),
          place: [current.city, current.countryName].filter(Boolean).join(', '),
          status: conferenceStatusLabels[current.status],
          audience: conferenceAudienceLabels[current.audience],
          'expected attendance': current.expectedAttendance,
        },
      },
    },
    { status: 409 },
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.conference.name ?? 'conference'} · Liaison` }]

export default function EditConferencePage() {
  const { conference, regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title={`Edit ${conference.name}`} />
      {actionData?.conflict ? <ConflictNotice values={actionData.conflict.values} /> : null}
      <ConferenceForm
        lastResult={actionData?.result}
        version={actionData?.conflict?.version ?? conference.version}
        defaultValue={{
          name: conference.name,
          organiser: conference.organiser,
          startsOn: conference.startsOn,
          endsOn: conference.endsOn,
          city: conference.city,
          countryCode: conference.countryCode,
          website: conference.website,
          audience: conference.audience,
          status: conference.status,
          expectedAttendance: conference.expectedAttendance === null ? null : String(conference.expectedAttendance),
          notes: conference.notes,
          timeZone: conference.timeZone,
          registrationDeadline: conference.registrationDeadline,
          callForPapersDeadline: conference.callForPapersDeadline,
        }}
        countries={countryOptions(regions)}
        cancelTo={`/conferences/${conference.id}`}
        submitLabel="Save changes"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="conference" list={{ to: '/conferences', label: 'conferences', searchable: true }} />
}
