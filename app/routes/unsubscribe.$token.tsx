import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/unsubscribe.$token'
import { NotFoundPage } from '~/components/error-page'
import { SubmitButton } from '~/components/forms'
import { notFound } from '~/lib/auth/guards.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'
import { describeUnsubscribeToken, unsubscribeWithToken } from '~/modules/notifications/preferences.server'

/**
 * The unsubscribe link of a non-essential email. Opening it changes nothing (mail scanners open
 * links): the page asks, and the POST does it. A mail client's own "Unsubscribe" posts here
 * directly (RFC 8058, `List-Unsubscribe=One-Click`), without a session or our origin: the
 * signed token is the authority (see ONE_CLICK_UNSUBSCRIBE_PATH in lib/http.server.ts).
 */
export async function loader({ params }: Route.LoaderArgs) {
  const named = await describeUnsubscribeToken(params.token)
  if (!named) throw notFound()
  return { named: { email: named.email, category: named.category } }
}

export async function action({ request, params }: Route.ActionArgs) {
  await readFormData(request)
  const done = await unsubscribeWithToken(params.token)
  const t = requestTranslator(request, done ? { locale: done.locale, role: 'officer' } : null)
  if (!done) return data({ done: null, invalid: t('notify.unsubscribeInvalid') }, { status: 400 })
  return { done: { email: done.email, category: done.category }, invalid: null }
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: `${metaTranslator(matches)('notify.unsubscribeTitle')} · Liaison` }]

export default function UnsubscribePage() {
  const { named } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const categoryLabel = (category: string) =>
    ({
      reminders: t('notify.category_reminders'),
      digests: t('notify.category_digests'),
      training: t('notify.category_training'),
      guidelines: t('notify.category_guidelines'),
    })[category] ?? category
  const done = actionData?.done
  const error = actionData?.invalid
  return (
    <div className="mx-auto max-w-md py-10">
      <h1 className="text-2xl font-bold">{t('notify.unsubscribeTitle')}</h1>
      {done ? (
        <p role="status" className="card mt-6">
          {t('notify.unsubscribeDone', { email: done.email, category: categoryLabel(done.category) })}
        </p>
      ) : error ? (
        <p role="alert" className="card mt-6">
          {error}
        </p>
      ) : (
        <Form method="post" className="card mt-6 space-y-4">
          <p>{t('notify.unsubscribeConfirm', { email: named.email, category: categoryLabel(named.category) })}</p>
          <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
            {t('notify.unsubscribeButton')}
          </SubmitButton>
        </Form>
      )}
      <p className="mt-4 text-sm">
        <Link to="/settings">{t('notify.manageEmails')}</Link>
      </p>
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  return (
    <NotFoundPage
      title={t('auth.linkGoneTitle')}
      text={t('notify.unsubscribeInvalid')}
      ways={[
        { to: '/settings', label: t('notify.manageEmails') },
        { to: '/login', label: t('auth.signIn') },
      ]}
    />
  )
}
