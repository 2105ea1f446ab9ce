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
  const outcome = await signUpOfficer({ ...submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'throttled') {
    const throttled = throttledReply(outcome.retryAfterSeconds)
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

export const meta: Route.MetaFunction = () => [{ title: 'Create an officer account · Liaison' }]

export default function SignupPage() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
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
          <h1 className="text-2xl font-bold">Check your email</h1>
          <p className="text-sm">
            We sent a link to <strong>{actionData.sentTo}</strong>. Open it within 24 hours to confirm your address.
          </p>
          <p className="text-sm text-muted">
            Once your address is confirmed, an outreach lead for your agency&apos;s region verifies your account. Meanwhile you can read the guidelines and
            start training; certificates are issued once your account is verified.
          </p>
          <p className="text-sm text-muted">
            No email after a few minutes? Check your spam folder, or sign up again with the same address for a new link. If you already have an account,{' '}
            <Link to="/login">sign in</Link> or <Link to="/forgot-password">reset your password</Link>.
          </p>
        </div>
      </div>
    )
  }
  const choices = actionData?.agencyChoices ?? null
  return (
    <div className="mx-auto max-w-md py-10">
      <h1 className="text-2xl font-bold">Create an officer account</h1>
      <p className="mt-1 text-sm text-muted">
        For sworn and civilian staff of law-enforcement agencies. Use your work address: your agency is recognised from it.
      </p>
      <Form method="post" className="card mt-6 space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field
          label="Your name"
          inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoComplete: 'name', autoFocus: true }}
          errors={fields.name.errors}
        />
        <Field
          label="Work email"
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoComplete: 'email' }}
          errors={fields.email.errors}
          help="An address at your agency's own domain, e.g. name@agency.gov."
        />
        {choices?.length ? (
          <SelectField
            label="Your agency"
            selectProps={getSelectProps(fields.agencyId)}
            options={[{ value: '', label: 'Choose your agency…' }, ...choices.map((choice) => ({ value: choice.id, label: choice.name }))]}
            errors={fields.agencyId.errors}
          />
        ) : null}
        <Field
          label="Password"
          inputProps={{ ...getInputProps(fields.password, { type: 'password' }), autoComplete: 'new-password' }}
          errors={fields.password.errors}
          help="8 to 128 characters; a long phrase is best."
        />
        <SubmitButton pending={navigation.state === 'submitting'} className="btn-primary w-full">
          Create my account
        </SubmitButton>
        <p className="text-center text-sm">
          Already registered? <Link to="/login">Sign in</Link>
        </p>
      </Form>
    </div>
  )
}
