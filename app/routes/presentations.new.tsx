import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/presentations.new'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { listConferenceOptions } from '~/modules/conferences/conferences.server'
import { searchStaffOptions } from '~/modules/engagements/engagements.server'
import { PresentationForm } from '~/modules/presentations/presentation-form'
import { presentationFormSchema } from '~/modules/presentations/presentations-schema'
import { createPresentation } from '~/modules/presentations/presentations.server'
import { readFormData } from '~/lib/forms/form-data.server'

/** Every active staff member can be a presenter; the list is small enough to show whole. */
const STAFF_OPTIONS_LIMIT = 500

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const [conferences, staff] = await Promise.all([listConferenceOptions({ actor }), searchStaffOptions('', STAFF_OPTIONS_LIMIT)])
  // ?conferenceId= preselects a conference the actor may add to; anything else is ignored.
  const preselected = conferences.find((conference) => conference.id === url.searchParams.get('conferenceId')) ?? null
  return {
    conferences,
    staff: staff.map((person) => ({ id: person.id, name: person.name })),
    defaults: {
      conferenceId: preselected?.id ?? '',
      presentedAt: preselected ? `${preselected.startsOn}T09:00` : '',
      presenterIds: staff.some((person) => person.id === actor.id) ? [actor.id] : [],
    },
    cancelTo: preselected ? `/conferences/${preselected.id}` : '/conferences',
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: presentationFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await createPresentation({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  return redirectWithToast(`/presentations/${outcome.presentation.id}`, { kind: 'success', message: `${outcome.presentation.title} is recorded.` })
}

export const meta: Route.MetaFunction = () => [{ title: 'New presentation · Liaison' }]

export default function NewPresentationPage() {
  const { conferences, staff, defaults, cancelTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="New presentation" description="A talk or workshop the team gave, at a conference or on its own." />
      <PresentationForm
        lastResult={actionData?.result}
        defaultValue={defaults}
        conferences={conferences}
        staff={staff}
        cancelTo={cancelTo}
        submitLabel="Record presentation"
      />
    </div>
  )
}
