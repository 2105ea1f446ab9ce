import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useNavigation, useSearchParams } from 'react-router'
import type { Route } from './+types/login'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { requireAnonymous, startPageFor } from '~/lib/auth/guards.server'
import { commitSessionCookie, readSessionToken } from '~/lib/auth/session.server'
import { passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { loginSchema, safeRedirect } from '~/modules/accounts/accounts-schema'
import { signIn } from '~/modules/accounts/accounts.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { requestTranslator } from '~/lib/i18n/i18n.server'
import { resolveContentLocale } from '~/lib/content/locale.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: loginSchema })
  if (submission.status !== 'success') {
    return data({ result: submission.reply({ hideFields: ['password'] }) }, { status: 400 })
  }
  const { email, password, redirectTo } = submission.value
  const previousToken = await readSessionToken(request)
  const result = await signIn({ email, password, previousSessionId: previousToken?.split('.')[0], meta: requestMeta(request, context) })
  if (!result.ok) {
    if (result.reason === 'throttled') {
      const throttled = throttledReply(result.retryAfterSeconds, resolveContentLocale(request, null))
      return data({ result: submission.reply({ formErrors: [throttled.message], hideFields: ['password'] }) }, throttled.init)
    }
    const t = requestTranslator(request)
    const message = result.reason === 'unverified_email' ? t('auth.unverifiedEmail') : t('auth.wrongCredentials')
    return data({ result: submission.reply({ formErrors: [message], hideFields: ['password'] }) }, { status: 400 })
  }
  return redirect(safeRedirect(redirectTo, startPageFor(result.user.role)), {
    headers: { 'Set-Cookie': await commitSessionCookie(result.token, result.expiresAt) },
  })
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.signIn') }]

export default function LoginPage() {
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const { t } = useI18n()
  const [form, fields] = useForm({
    id: 'login',
    lastResult: actionData?.result,
    constraint: getZodConstraint(loginSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: loginSchema }),
  })
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">{t('auth.signInTitle')}</h1>
      <p className="mt-1 text-sm text-muted">{t('auth.signInIntro')}</p>
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <input type="hidden" name="redirectTo" value={searchParams.get('redirectTo') ?? ''} />
        <Field
          label={t('auth.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'username', autoFocus: true }}
          errors={fields.email.errors}
        />
        <Field
          label={t('auth.password')}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'current-password' }}
          errors={fields.password.errors}
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.signIn')}
        </SubmitButton>
        <p className="text-center text-sm">
          <Link to="/forgot-password">{t('auth.forgotLink')}</Link>
        </p>
        <p className="text-center text-sm text-muted">
          {t('auth.noAccount')} <Link to="/signup">{t('auth.signUpLink')}</Link>
        </p>
      </Form>
    </div>
  )
}
