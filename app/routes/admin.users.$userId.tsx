import { getFormProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/admin.users.$userId'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { DateTime } from '~/components/date-time'
import { FormError, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { notFound, requireRole } from '~/lib/auth/guards.server'
import { roleLabels } from '~/lib/auth/permissions'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { Timeline } from '~/modules/activity/timeline'
import { UserAccessFields } from '~/modules/users/user-access-fields'
import { userAccessSchema, userStatusSchema } from '~/modules/users/users-schema'
import { getUserForAdmin, setUserActive, updateUserAccess } from '~/modules/users/users.server'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireRole(request, 'admin')
  const user = await getUserForAdmin(params.userId)
  if (!user) throw notFound()
  return { user, isSelf: user.id === actor.id }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireRole(request, 'admin')
  const userId = params.userId
  const formData = await readFormData(request)
  const meta = requestMeta(request, context)
  if (formData.get('intent') === 'access') {
    const submission = parseWithZod(formData, { schema: userAccessSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const outcome = await updateUserAccess(actor, userId, submission.value, meta)
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
    if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 403 })
    const message = outcome.roleChanged
      ? 'Role and regions saved. The account is signed out everywhere and signs in again under the new role.'
      : 'Role and regions saved.'
    return redirectWithToast(`/admin/users/${userId}`, { kind: 'success', message })
  }
  const status = userStatusSchema.safeParse(Object.fromEntries(formData))
  if (!status.success) return data({ result: null }, { status: 400 })
  const activate = status.data.intent === 'reactivate'
  const outcome = await setUserActive(actor, userId, activate, meta)
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok) return redirectWithToast(`/admin/users/${userId}`, { kind: 'error', message: 'You cannot deactivate your own account.' })
  return redirectWithToast(`/admin/users/${userId}`, {
    kind: 'success',
    message: activate ? 'The account is active again.' : 'The account is deactivated and signed out everywhere.',
  })
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.user.name ?? 'User'} · Admin · Liaison` }]

export default function AdminUserPage() {
  const { user, isSelf } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: `access-${user.id}`,
    lastResult: actionData?.result ?? undefined,
    defaultValue: { role: user.role, regions: user.regions },
    constraint: getZodConstraint(userAccessSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: userAccessSchema }),
  })
  const deactivated = user.status === 'deactivated'
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="lg:col-span-2">
        <PageHeader
          title={user.name}
          description={`${user.email} · ${roleLabels[user.role]} · ${user.status}`}
          actions={
            isSelf ? null : deactivated ? (
              <ConfirmDialog trigger="Reactivate" title={`Reactivate ${user.name}?`} confirmLabel="Reactivate" fields={{ intent: 'reactivate' }}>
                They can sign in again with their password.
              </ConfirmDialog>
            ) : (
              <ConfirmDialog trigger="Deactivate" title={`Deactivate ${user.name}?`} confirmLabel="Deactivate" fields={{ intent: 'deactivate' }} danger>
                They are signed out at once and cannot sign in again until reactivated. Their records stay.
              </ConfirmDialog>
            )
          }
        />
        <Form method="post" className="card space-y-4" {...getFormProps(form)}>
          <h2 className="text-lg font-semibold">Role and regions</h2>
          <input type="hidden" name="intent" value="access" />
          <FormError id={form.errorId} errors={form.errors} />
          {isSelf ? <p className="text-sm text-muted">You cannot change your own role; another administrator can.</p> : null}
          <UserAccessFields role={fields.role} regions={fields.regions} />
          <div className="flex gap-3">
            <SubmitButton pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'access'}>Save</SubmitButton>
            <Link to="/admin/users" className="btn-secondary">
              Back to users
            </Link>
          </div>
        </Form>
        <dl className="card mt-6 grid grid-cols-2 gap-4 text-sm">
          <div>
            <dt className="text-muted">Created</dt>
            <dd>
              <DateTime value={user.createdAt} />
            </dd>
          </div>
          <div>
            <dt className="text-muted">Last sign-in</dt>
            <dd>
              <DateTime value={user.lastLoginAt} />
            </dd>
          </div>
          {user.deactivatedAt ? (
            <div>
              <dt className="text-muted">Deactivated</dt>
              <dd>
                <DateTime value={user.deactivatedAt} />
              </dd>
            </div>
          ) : null}
        </dl>
      </div>
      <Timeline entries={user.activity} empty="Nothing has happened on this account yet." />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="user" list={{ to: '/admin/users', label: 'users', searchable: true }} />
}
