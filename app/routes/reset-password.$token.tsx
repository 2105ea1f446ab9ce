import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/reset-password.$token'
import { NotFoundPage } from '~/components/error-page'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { findAuthTokenUser } from '~/lib/auth/auth-token.server'
import { notFound } from '~/lib/auth/guards.server'
import { commonPasswordMessage, isCommonPassword } from '~/lib/auth/password.server'
import { clearSessionCookie } from '~/lib/auth/session.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { resetPasswordSchema } from '~/modules/accounts/accounts-schema'
import { resetPassword } from '~/modules/accounts/accounts.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'

export async function loader({ params }: Route.LoaderArgs) {
  const user = await findAuthTokenUser(params.token, 'password_reset')
  if (!user) throw notFound()
  return { email: user.email }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: resetPasswordSchema })
  const hidden = { hideFields: ['password', 'confirmPassword'] }
  if (submission.status !== 'success') return data({ result: submission.reply(hidden) }, { status: 400 })
  if (isCommonPassword(submission.value.password)) {
    return data({ result: submission.reply({ ...hidden, fieldErrors: { password: [commonPasswordMessage] } }) }, { status: 400 })
  }
  const outcome = await resetPassword({ token: params.token, password: submission.value.password, meta: requestMeta(request, context) })
  if (!outcome.ok) {
    return data({ result: submission.reply({ ...hidden, formErrors: [requestTranslator(request)('auth.resetExpired')] }) }, { status: 400 })
  }
  const headers = new Headers({ 'Set-Cookie': await clearSessionCookie() })
  return redirectWithToast('/login', { kind: 'success', message: requestTranslator(request)('auth.passwordChanged') }, { headers })
}

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.reset') }]

export default function ResetPasswordPage() {
  const { email } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const [form, fields] = useForm({
    id: 'reset-password',
    lastResult: actionData?.result,
    constraint: getZodConstraint(resetPasswordSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: resetPasswordSchema }),
  })
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">{t('auth.resetTitle')}</h1>
      <p className="mt-1 text-sm text-muted">{t('auth.resetIntro', { email })}</p>
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t('auth.newPassword')}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password', autoFocus: true }}
          errors={fields.password.errors}
        />
        <Field
          label={t('auth.repeatNewPassword')}
          inputProps={{ ...getInputProps(fields.confirmPassword, { type: 'password' }), autoComplete: 'new-password' }}
          errors={fields.confirmPassword.errors}
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.saveNewPassword')}
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
      text={t('auth.resetLinkGoneText')}
      ways={[
        { to: '/forgot-password', label: t('auth.askNewLink') },
        { to: '/login', label: t('auth.signIn') },
      ]}
    />
  )
}
