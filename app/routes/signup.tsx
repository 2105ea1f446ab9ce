import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import type { Route } from './+types/signup'
import { MailCheck } from 'lucide-react'
import { Field, FormError, SelectField, SubmitButton } from '~/components/forms'
import { requireAnonymous } from '~/lib/auth/guards.server'
import { passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { signupSchema } from '~/modules/officers/officers-schema'
import { signUpOfficer } from '~/modules/officers/officers.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { metaTranslator, useI18n } from '~/lib/i18n/i18n'
import { resolveContentLocale } from '~/lib/content/locale.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireAnonymous(request)
  return null
}

type AgencyChoice = { id: string; name: string }

export async function action({ request, context }: Route.ActionArgs) {
  await requireAnonymous(request)
  const submission = parseWithZod(await readFormData(request), { schema: signupSchema })
  const hidden = { hideFields: ['password'] }
  if (submission.status !== 'success')
    return data({ result: submission.reply(hidden), sentTo: null, agencyChoices: null as AgencyChoice[] | null }, { status: 400 })
  const outcome = await signUpOfficer({ ...submission.value, meta: requestMeta(request, context), locale: resolveContentLocale(request, null) })
  if (!outcome.ok && outcome.reason === 'throttled') {
    const throttled = throttledReply(outcome.retryAfterSeconds, resolveContentLocale(request, null))
    return data({ result: submission.reply({ ...hidden, formErrors: [throttled.message] }), sentTo: null, agencyChoices: null }, throttled.init)
  }
  if (!outcome.ok) {
    return data(
      { result: submission.reply({ ...hidden, fieldErrors: outcome.fieldErrors }), sentTo: null, agencyChoices: outcome.agencyChoices ?? null },
      { status: 400 },
    )
  }
  // The same answer whether or not the address already has an account.
  return data({ result: submission.reply({ resetForm: true }), sentTo: submission.value.email, agencyChoices: null })
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = ({ matches }) => [{ title: metaTranslator(matches)('titles.signUp') }]

export default function SignupPage() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const { t } = useI18n()
  const [form, fields] = useForm({
    id: 'signup',
    lastResult: actionData?.result,
    constraint: getZodConstraint(signupSchema),
    shouldRevalidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: signupSchema }),
  })
  if (actionData?.sentTo) {
    return (
      <div className="mx-auto max-w-md py-10">
        <div role="status" className="card space-y-3">
          <MailCheck aria-hidden className="text-accent" size={28} />
          <h1 className="text-2xl font-bold">{t('auth.checkEmail')}</h1>
          <p className="text-sm">
            {t('auth.sentLinkBefore')} <strong>{actionData.sentTo}</strong>. {t('auth.sentLinkAfter')}
          </p>
          <p className="text-sm text-muted">{t('auth.afterConfirm')}</p>
          <p className="text-sm text-muted">
            {t('auth.noEmailYet')} <Link to="/login">{t('auth.signInLower')}</Link> {t('auth.or')} <Link to="/forgot-password">{t('auth.resetLower')}</Link>.
          </p>
        </div>
      </div>
    )
  }
  const choices = actionData?.agencyChoices ?? null
  return (
    <div className="mx-auto max-w-md py-10">
      <h1 className="text-2xl font-bold">{t('auth.signUpTitle')}</h1>
      <p className="mt-1 text-sm text-muted">{t('auth.signUpIntro')}</p>
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label={t('auth.yourName')}
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name', autoFocus: true }}
          errors={fields.name.errors}
        />
        <Field
          label={t('auth.workEmail')}
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          errors={fields.email.errors}
          help={t('auth.workEmailHelp')}
        />
        {choices?.length ? (
          <SelectField
            label={t('auth.yourAgency')}
            selectProps={getSelectProps(fields.agencyId)}
            options={[{ value: '', label: t('auth.chooseAgency') }, ...choices.map((choice) => ({ value: choice.id, label: choice.name }))]}
            errors={fields.agencyId.errors}
          />
        ) : null}
        <Field
          label={t('auth.password')}
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          errors={fields.password.errors}
          help={t('auth.passwordHelp')}
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          {t('auth.createAccount')}
        </SubmitButton>
        <p className="text-center text-sm">
          {t('auth.alreadyRegistered')} <Link to="/login">{t('auth.signIn')}</Link>
        </p>
      </Form>
    </div>
  )
}
