import { parseWithZod } from '@conform-to/zod/v4'
import { data, redirect } from 'react-router'
import type { Route } from './+types/settings_.emails'
import { requireUser } from '~/lib/auth/guards.server'
import { resolveInterfaceLocale } from '~/lib/content/locale.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { translator } from '~/lib/i18n/i18n.server'
import { redirectWithToast } from '~/lib/toast.server'
import { emailPreferencesSchema } from '~/modules/notifications/notifications-schema'
import { setEmailPreferences } from '~/modules/notifications/preferences.server'

/** The settings' email choices (the form is EmailPreferencesSection on /settings). */
export async function loader({ request }: Route.LoaderArgs) {
  await requireUser(request)
  return redirect('/settings')
}

export async function action({ request }: Route.ActionArgs) {
  const user = await requireUser(request)
  const submission = parseWithZod(await readFormData(request), { schema: emailPreferencesSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  await setEmailPreferences(user.id, submission.value)
  return redirectWithToast('/settings', { kind: 'success', message: translator(resolveInterfaceLocale(request, user))('notify.prefsSaved') })
}
