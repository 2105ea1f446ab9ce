import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/officers.invite'
import { ErrorList, Field, FormError, SubmitButton } from '~/components/forms'
import { MultiPicker } from '~/components/multi-picker'
import { PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { passRetryAfter, throttledReply } from '~/lib/auth/throttle.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { inviteOfficerSchema } from '~/modules/officers/officers-schema'
import { findInvitableAgency, inviteOfficer } from '~/modules/officers/officers.server'
import { readFormData } from '~/lib/forms/form-data.server'

/** Leads invite officers of agencies in their regions; admins anywhere. */
// The global head works in every region (docs/architecture.md, "Authorization"), so may invite officers like a lead.
const inviterRoles = ['admin', 'global_head', 'outreach_lead'] as const

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireRole(request, ...inviterRoles)
  const agency = await findInvitableAgency(actor, url.searchParams.get('agencyId'))
  return { agency: agency ? { id: agency.id, label: agency.name } : null, regions: actor.regions, allRegions: actor.allRegions }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireRole(request, ...inviterRoles)
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: inviteOfficerSchema })
  // The chosen agency is shown again with its name when the form comes back with errors.
  const chosen = await findInvitableAgency(actor, String(formData.get('agencyId') ?? ''))
  const agency = chosen ? { id: chosen.id, label: chosen.name } : null
  // The box to vouch for an address outside the agency's domains stays, for the address it was asked for.
  const asked = formData.get('confirmationAskedFor')
  const confirmFor = typeof asked === 'string' && asked ? asked : null
  if (submission.status !== 'success') return data({ result: submission.reply(), agency, confirmFor }, { status: 400 })
  const outcome = await inviteOfficer({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'throttled') {
    const throttled = throttledReply(outcome.retryAfterSeconds)
    return data({ result: submission.reply({ formErrors: [throttled.message] }), agency, confirmFor }, throttled.init)
  }
  if (!outcome.ok) {
    return data(
      {
        result: submission.reply({ fieldErrors: outcome.fieldErrors }),
        agency,
        confirmFor: outcome.reason === 'confirm' ? submission.value.email : confirmFor,
      },
      { status: 400 },
    )
  }
  return redirectWithToast(`/officers/${outcome.user.id}`, { kind: 'success', message: `Invitation sent to ${outcome.user.email}.` })
}

export const headers: Route.HeadersFunction = passRetryAfter

export const meta: Route.MetaFunction = () => [{ title: 'Invite an officer · Liaison' }]

export default function InviteOfficerPage() {
  const loaderData = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const agency = actionData ? actionData.agency : loaderData.agency
  const [form, fields] = useForm({
    id: 'invite-officer',
    lastResult: actionData?.result,
    defaultValue: { agencyId: loaderData.agency?.id },
    constraint: getZodConstraint(inviteOfficerSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteOfficerSchema }),
  })
  const { key: confirmKey, ...confirmProps } = getInputProps(fields.confirmOutsideDomains, { type: 'checkbox', value: actionData?.confirmFor ?? 'on' })
  const where = loaderData.allRegions ? 'any region' : `your regions (${loaderData.regions.join(', ') || 'none'})`
  return (
    <div className="max-w-xl">
      <PageHeader
        title="Invite an officer"
        description={`For an officer of an agency in ${where}. You vouch for them: the account is verified from the start. They receive a link to choose a password, which works once, for seven days.`}
      />
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <MultiPicker
          // A new picker when the server sends back another choice, so that it shows it.
          key={agency?.id ?? 'none'}
          name="agencyId"
          label="Agency"
          endpoint="/search/agencies"
          defaultSelected={agency ? [agency] : []}
          max={1}
          errors={fields.agencyId.errors}
          placeholder="Type the agency's name…"
        />
        <Field
          label="Email"
          inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoFocus: true }}
          errors={fields.email.errors}
          help="Their work address."
        />
        <Field label="Name" inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
        {actionData?.confirmFor ? (
          <div>
            <input type="hidden" name="confirmationAskedFor" value={actionData.confirmFor} />
            <label className="flex items-start gap-2 text-sm">
              <input key={confirmKey} {...confirmProps} className="mt-1 accent-accent" />
              <span>{`I know this person is an officer of ${agency?.label ?? 'the agency'} and vouch for ${actionData.confirmFor}, outside its email domains.`}</span>
            </label>
            <ErrorList id={fields.confirmOutsideDomains.errorId} errors={fields.confirmOutsideDomains.errors} />
          </div>
        ) : null}
        <div className="flex gap-3">
          <SubmitButton pending={navigation.state === 'submitting'}>Send the invitation</SubmitButton>
          <Link to={agency ? `/agencies/${agency.id}` : '/officers'} className="btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  )
}
