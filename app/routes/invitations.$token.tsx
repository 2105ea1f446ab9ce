import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/invitations.$token'
import { NotFoundPage } from '~/components/error-page'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { findAuthTokenUser } from '~/lib/auth/auth-token.server'
import { notFound, startPageFor } from '~/lib/auth/guards.server'
import { commonPasswordMessage, isCommonPassword } from '~/lib/auth/password.server'
import { commitSessionCookie } from '~/lib/auth/session.server'
import { consumeAttempt, passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { acceptInvitationSchema } from '~/modules/accounts/accounts-schema'
import { acceptInvitation } from '~/modules/accounts/accounts.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator, translator } from '~/lib/i18n/i18n.server'
import { resolveContentLocale } from '~/lib/content/locale.server'

export async function loader({ params }: Route.LoaderArgs) {
  const user = await findAuthTokenUser(params.token, 'invitation')
  if (!user || user.status !== 'invited') throw notFound()
  return { invitation: { email: user.email, name: user.name } }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: acceptInvitationSchema })
  const hidden = { hideFields: ['password', 'confirmPassword'] }
  if (submission.status !== 'success') return data({ result: submission.reply(hidden) }, { status: 400 })
  const meta = requestMeta(request, context)
  const wait = await consumeAttempt('invitation', { ip: meta.ip })
  if (wait > 0) {
    const throttled = throttledReply(wait, resolveContentLocale(request, null))
    return data({ result: submission.reply({ ...hidden, formErrors: [throttled.message] }) }, throttled.init)
  }
  if (isCommonPassword(submission.value.password)) {
    return data({ result: submission.reply({ ...hidden, fieldErrors: { password: [commonPasswordMessage] } }) }, { status: 400 })
  }
  const outcome = await acceptInvitation({ token: params.token, ...submission.value, meta })
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ ...hidden, formErrors: [requestTranslator(request)('auth.invitationExpired')] }),
      },
      { status: 400 },
    )
  }
  const headers = new Headers({ 'Set-Cookie': await commitSessionCookie(outcome.token, outcome.expiresAt) })
  return redirectWithToast(
    startPageFor(outcome.role),
    { kind: 'success', message: translator(outcome.role === 'officer' ? resolveContentLocale(request, null) : 'en')('auth.welcomeToast') },
    { headers },
  )
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.invitation') }]

export default function AcceptInvitationPage() {
  const { invitation } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const [form, fields] = useForm({
    id: 'accept-invitation',
    lastResult: actionData?.result,
    defaultValue: { name: invitation.name },
    constraint: getZodConstraint(acceptInvitationSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: acceptInvitationSchema }),
  })
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">{t('auth.welcomeTitle')}</h1>
      <p className="mt-1 text-sm text-muted">{t('auth.invitationIntro', { email: invitation.email })}</p>
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field label={t('auth.yourName')} inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name' }} errors={fields.name.errors} />
        <Field
          label={t('auth.password')}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          errors={fields.password.errors}
          help={t('auth.passwordHelp')}
        />
        <Field
          label={t('auth.repeatPassword')}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
          errors={fields.confirmPassword.errors}
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.activate')}
        </SubmitButton>
      </Form>
    </div>
  )
}

export function ErrorBoundary() {
  const { t } = useI18n()
  return <NotFoundPage title={t('auth.invitationGoneTitle')} text={t('auth.invitationGoneText')} ways={[{ to: '/login', label: t('auth.signIn') }]} />
}
