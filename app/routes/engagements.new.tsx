import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/engagements.new'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { getAgency } from '~/modules/agencies/agencies.server'
import { EngagementForm } from '~/modules/engagements/engagement-form'
import { engagementFormSchema } from '~/modules/engagements/engagements-schema'
import { listConferenceChoices, logEngagement } from '~/modules/engagements/engagements.server'
import { utcToZonedLocal } from '~/modules/engagements/local-time'
import { readFormData } from '~/lib/forms/form-data.server'
import { isLocalDateTime } from '~/lib/forms/dates'
import { isValidTimeZone } from '~/lib/time-zone'

const regionTimeZones: Record<string, string> = {
  US: 'America/New_York',
  CA: 'America/Toronto',
  LATAM: 'America/Bogota',
  EMEA: 'Europe/London',
  APAC: 'Asia/Singapore',
}

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const agencyId = url.searchParams.get('agencyId')
  const agency = agencyId ? await getAgency({ actor, agencyId }) : null
  // The calendar sends the slot picked in it, on the user's clock.
  const slotZone = url.searchParams.get('timeZone')
  const slotStart = url.searchParams.get('startsAt')
  const timeZone = slotZone && isValidTimeZone(slotZone) ? slotZone : (regionTimeZones[agency?.regionCode ?? actor.regions[0]] ?? 'UTC')
  const startOfHour = new Date(Math.floor(now().getTime() / 3_600_000) * 3_600_000)
  return {
    conferences: await listConferenceChoices(),
    agencies: agency && !agency.archivedAt ? [{ id: agency.id, label: agency.name }] : [],
    staff: [{ id: actor.id, label: actor.name }],
    defaults: { kind: 'meeting', timeZone, startsAt: isLocalDateTime(slotStart) ? slotStart : utcToZonedLocal(startOfHour, timeZone), topics: [] as string[] },
    cancelTo: agency ? `/agencies/${agency.id}` : '/engagements',
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: engagementFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await logEngagement({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  const followUps = submission.value.followUps.length
  return redirectWithToast(`/engagements/${outcome.engagement.id}`, {
    kind: 'success',
    message: `Engagement logged${followUps ? ` with ${followUps} follow-up task${followUps === 1 ? '' : 's'}` : ''}.`,
  })
}

export const meta: Route.MetaFunction = () => [{ title: 'Log an engagement · Liaison' }]

export default function NewEngagementPage() {
  const { conferences, agencies, staff, defaults, cancelTo } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="Log an engagement" description="A meeting, call, training session, visit or email with one or more agencies." />
      <EngagementForm
        lastResult={actionData?.result}
        defaults={defaults}
        agencies={agencies}
        contacts={[]}
        staff={staff}
        conferences={conferences}
        cancelTo={cancelTo}
        submitLabel="Log engagement"
        allowFollowUps
      />
    </div>
  )
}
