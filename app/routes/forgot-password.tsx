import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import type { Route } from './+types/forgot-password'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { requireAnonymous } from '~/lib/auth/guards.server'
import { passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { forgotPasswordSchema } from '~/modules/accounts/accounts-schema'
import { requestPasswordReset } from '~/modules/accounts/accounts.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { resolveContentLocale } from '~/lib/content/locale.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request)
  return null
}

export async function action({ request, context }: Route.ActionArgs) {
  const submission = parseWithZod(await readFormData(request), { schema: forgotPasswordSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), sent: false }, { status: 400 })
  const outcome = await requestPasswordReset({
    email: submission.value.email,
    meta: requestMeta(request, context),
    locale: resolveContentLocale(request, null),
  })
  if (!outcome.ok) {
    const throttled = throttledReply(outcome.retryAfterSeconds, resolveContentLocale(request, null))
    return data({ result: submission.reply({ formErrors: [throttled.message] }), sent: false }, throttled.init)
  }
  // The same answer whether or not an account exists.
  return data({ result: submission.reply({ resetForm: true }), sent: true })
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.forgot') }]

export default function ForgotPasswordPage() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const [form, fields] = useForm({
    id: 'forgot-password',
    lastResult: actionData?.result,
    constraint: getZodConstraint(forgotPasswordSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: forgotPasswordSchema }),
  })
  return (
    <div className="mx-auto max-w-sm py-10">
      <h1 className="text-2xl font-bold">{t('auth.forgotTitle')}</h1>
      <p className="mt-1 text-sm text-muted">{t('auth.forgotIntro')}</p>
      {actionData?.sent ? (
        <div role="status" className="mt-6 rounded-md border border-success/30 bg-success-soft p-4 text-sm text-success">
          {t('auth.resetSent')}
        </div>
      ) : null}
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t('auth.email')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email', autoFocus: true }}
          errors={fields.email.errors}
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.sendResetLink')}
        </SubmitButton>
        <p className="text-center text-sm">
          <Link to="/login">{t('auth.backToSignIn')}</Link>
        </p>
      </Form>
    </div>
  )
}
