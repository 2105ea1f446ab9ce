import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/verify-email.$token'
import { NotFoundPage } from '~/components/error-page'
import { FormError, SubmitButton } from '~/components/forms'
import { findAuthTokenUser } from '~/lib/auth/auth-token.server'
import { notFound } from '~/lib/auth/guards.server'
import { commitSessionCookie, readSessionToken } from '~/lib/auth/session.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { confirmOfficerEmail } from '~/modules/officers/officers.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'

/**
 * The link in the verification email opens a page with one button: the confirmation is a POST,
 * because nothing changes on a GET (and mail scanners that open links must not use them up).
 */
export async function loader({ params }: Route.LoaderArgs) {
  const user = await findAuthTokenUser(params.token, 'email_verification')
  if (!user || user.status !== 'active') throw notFound()
  return { email: user.email }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const meta = requestMeta(request, context)
  const previousToken = await readSessionToken(request)
  const outcome = await confirmOfficerEmail({ token: params.token, previousSessionId: previousToken?.split('.')[0], meta })
  const t = requestTranslator(request)
  if (!outcome.ok) return data({ error: t('auth.confirmExpired') }, { status: 400 })
  const headers = new Headers({ 'Set-Cookie': await commitSessionCookie(outcome.token, outcome.expiresAt) })
  return redirectWithToast('/training', { kind: 'success', message: t('auth.emailConfirmed') }, { headers })
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.confirm') }]

export default function VerifyEmailPage() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  return (
    <div className="mx-auto max-w-md py-10">
      <h1 className="text-2xl font-bold">{t('auth.confirmTitle')}</h1>
      <p className="mt-1 text-sm text-muted">
        {t('auth.confirmBefore')} <strong>{email}</strong> {t('auth.confirmAfter')}
      </p>
      <Form method="post" className="card mt-6 space-y-4">
        <FormError errors={actionData?.error ? [actionData.error] : null} />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.confirmButton')}
        </SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  return (
    <NotFoundPage
      title={t('auth.linkGoneTitle')}
      text={t('auth.confirmGoneText')}
      ways={[
        { to: '/signup', label: t('auth.signUpAgain') },
        { to: '/login', label: t('auth.signIn') },
      ]}
    />
  )
}
