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
  if (!outcome.ok) return data({ error: 'This link has expired or was already used.' }, { status: 400 })
  const headers = new Headers({ 'Set-Cookie': await commitSessionCookie(outcome.token, outcome.expiresAt) })
  return redirectWithToast('/training', { kind: 'success', message: "Email confirmed. A lead of your agency's region will verify your account." }, { headers })
}

export const meta: Route.MetaFunction = () => [{ title: 'Confirm your email · Liaison' }]

export default function VerifyEmailPage() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  return (
    <div className="mx-auto max-w-md py-10">
      <h1 className="text-2xl font-bold">Confirm your email address</h1>
      <p className="mt-1 text-sm text-muted">
        Confirm that <strong>{email}</strong> is yours to finish creating your officer account.
      </p>
      <Form method="post" className="card mt-6 space-y-4">
        <FormError errors={actionData?.error ? [actionData.error] : null} />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          Confirm and sign in
        </SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  return (
    <NotFoundPage
      title="This link no longer works"
      text="Confirmation links work once and expire after 24 hours. To get a new one, sign up again with the same address; if you already confirmed it, sign in."
      ways={[
        { to: '/signup', label: 'Sign up again' },
        { to: '/login', label: 'Sign in' },
      ]}
    />
  )
}
