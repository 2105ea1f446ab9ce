import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useNavigation } from 'react-router'
import type { Route } from './+types/admin.users.new'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { requireRole } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { UserAccessFields } from '~/modules/users/user-access-fields'
import { inviteUserSchema } from '~/modules/users/users-schema'
import { inviteUser } from '~/modules/users/users.server'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request }: Route.LoaderArgs) {
  await requireRole(request, 'admin')
  return null
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireRole(request, 'admin')
  const submission = parseWithZod(await readFormData(request), { schema: inviteUserSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await inviteUser(actor, submission.value, requestMeta(request, context))
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  return redirectWithToast(`/admin/users/${outcome.user.id}`, { kind: 'success', message: `Invitation sent to ${outcome.user.email}.` })
}

export const meta: Route.MetaFunction = () => [{ title: 'Invite someone · Admin · Liaison' }]

export default function InviteUserPage() {
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'invite-user',
    lastResult: actionData?.result,
    defaultValue: { role: 'outreach_lead', regions: [] },
    constraint: getZodConstraint(inviteUserSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: inviteUserSchema }),
  })
  return (
    <div className="max-w-xl">
      <PageHeader title="Invite someone" description="They receive an email with a link to choose a password. The link works once, for seven days." />
      <Form method="post" className="card space-y-4" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <Field label="Email" inputProps={{ ...getInputProps(fields.email, { type: 'email' }), autoFocus: true }} errors={fields.email.errors} />
        <Field label="Name" inputProps={getInputProps(fields.name, { type: 'text' })} errors={fields.name.errors} />
        <UserAccessFields role={fields.role} regions={fields.regions} />
        <div className="flex gap-3">
          <SubmitButton pending={navigation.state === 'submitting'}>Send the invitation</SubmitButton>
          <Link to="/admin/users" className="btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
    </div>
  )
}
