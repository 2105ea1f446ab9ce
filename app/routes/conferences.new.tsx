import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/conferences.new'
import { PageHeader } from '~/components/page-header'
import { forbidden, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { ConferenceForm } from '~/modules/conferences/conference-form'
import { conferenceFormSchema } from '~/modules/conferences/conferences-schema'
import { createConference } from '~/modules/conferences/conferences.server'
import { countryOptions } from '~/modules/regions/country-options'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  // A lead without a region has no country to file a conference in.
  if (actor.regions.length === 0) throw forbidden()
  return { regions: actor.regions }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: conferenceFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await createConference({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  return redirectWithToast(`/conferences/${outcome.conference.id}`, { kind: 'success', message: `${outcome.conference.name} is added.` })
}

export const meta: Route.MetaFunction = () => [{ title: 'New conference · Liaison' }]

export default function NewConferencePage() {
  const { regions } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="New conference" />
      <ConferenceForm
        lastResult={actionData?.result}
        defaultValue={{ audience: 'mixed', status: 'considering', timeZone: 'UTC' }}
        countries={countryOptions(regions)}
        cancelTo="/conferences"
        submitLabel="Add conference"
      />
    </div>
  )
}
