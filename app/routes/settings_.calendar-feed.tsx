import { parseWithZod } from '@conform-to/zod/v4'
import { data, Link, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/settings_.calendar-feed'
import { PageHeader } from '~/components/page-header'
import { requireUser } from '~/lib/auth/guards.server'
import { isStaff } from '~/lib/auth/permissions'
import { resolveInterfaceLocale } from '~/lib/content/locale.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { translator } from '~/lib/i18n/i18n.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { calendarFeedSchema } from '~/modules/calendar/calendar-feed-schema'
import { CalendarFeedSection } from '~/modules/calendar/calendar-feed-section'
import { getCalendarFeedStatus, issueCalendarFeedToken, revokeCalendarFeed } from '~/modules/calendar/calendar-feed.server'

/**
 * /settings/calendar-feed: where the calendar feed section of /settings posts. Issuing answers
 * with the new address (the section shows it once, in place); revoking returns to /settings.
 * Without JavaScript the post lands on this page, which shows the section on its own.
 */
export async function loader({ request }: Route.LoaderArgs) {
  const user = await requireUser(request)
  return { status: await getCalendarFeedStatus(user), staff: isStaff(user.role) }
}

export async function action({ request, context }: Route.ActionArgs) {
  const user = await requireUser(request)
  const submission = parseWithZod(await readFormData(request), { schema: calendarFeedSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), url: null }, { status: 400 })
  const meta = requestMeta(request, context)
  if (submission.value.intent === 'revoke') {
    await revokeCalendarFeed(user, meta)
    const t = translator(resolveInterfaceLocale(request, user))
    return redirectWithToast('/settings', { kind: 'success', message: t('calendarFeed.revoked') })
  }
  const issued = await issueCalendarFeedToken(user, meta)
  return { result: submission.reply(), url: issued.url }
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('calendarFeed.pageTitle') }]

export default function CalendarFeedPage() {
  const { status, staff } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const { t } = useI18n()
  return (
    <div className="max-w-2xl">
      <PageHeader title={t('calendarFeed.title')} />
      <CalendarFeedSection status={status} staff={staff} issued={actionData?.url ? { url: actionData.url } : null} />
      <p className="mt-6">
        <Link to="/settings" className="text-accent underline">
          {t('calendarFeed.backToSettings')}
        </Link>
      </p>
    </div>
  )
}
