import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/goals.$goalId'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { ConflictNotice } from '~/components/conflict-notice'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { GoalFigure, GoalStatusBadge } from '~/components/goal-progress'
import { RecordErrorPage } from '~/components/error-page'
import { PageHeader } from '~/components/page-header'
import { notFound, requireRole } from '~/lib/auth/guards.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { requestMeta } from '~/lib/request-meta.server'
import { goalEditSchema } from '~/modules/coverage/coverage-schema'
import { deleteGoal, getGoal, updateGoal } from '~/modules/coverage/goals.server'

/** /goals/:goalId: the head and admins change a goal's target or delete it (after confirming). */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireRole(request, 'admin', 'global_head')
  const goal = await getGoal({ actor, goalId: params.goalId })
  if (!goal) throw notFound('This goal does not exist.')
  return { goal }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireRole(request, 'admin', 'global_head')
  const formData = await readFormData(request)
  const meta = requestMeta(request, context)
  const goal = await getGoal({ actor, goalId: params.goalId })
  if (!goal) throw notFound('This goal does not exist.')
  if (formData.get('intent') === 'delete') {
    await deleteGoal({ actor, goalId: goal.id, meta })
    throw redirect(`/goals?period=${goal.period}`)
  }
  const submission = parseWithZod(formData, { schema: goalEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), conflict: null }, { status: 400 })
  const outcome = await updateGoal({ actor, goalId: goal.id, input: submission.value, meta })
  if (!outcome.ok && outcome.reason === 'conflict')
    return data(
      {
        result: submission.reply({ formErrors: ['Someone changed this goal while you were editing: compare and save again.'] }),
        conflict: { target: outcome.current.target },
      },
      { status: 409 },
    )
  if (!outcome.ok) throw notFound('This goal does not exist.')
  throw redirect(`/goals?period=${goal.period}`)
}

export const meta: Route.MetaFunction = () => [{ title: 'Edit goal · Liaison' }]

export default function GoalPage() {
  const { goal } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: `goal-${goal.id}-${goal.version}`,
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(goalEditSchema),
    defaultValue: { target: String(goal.target), version: String(goal.version) },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: goalEditSchema }),
  })
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader
        title={goal.label}
        description={
          <>
            {goal.regionCode} · {goal.period} · <GoalFigure goal={goal} /> · <GoalStatusBadge status={goal.status} />
          </>
        }
      />
      {actionData?.conflict ? <ConflictNotice values={{ Target: actionData.conflict.target }} /> : null}
      <Form method="post" {...getFormProps(form)} className="card space-y-4">
        <FormError id={form.errorId} errors={form.errors} />
        <input {...getInputProps(fields.version, { type: 'hidden' })} key={fields.version.key} />
        <Field
          label={goal.unit === 'percent' ? 'Target (%)' : 'Target'}
          inputProps={getInputProps(fields.target, { type: 'number' })}
          errors={fields.target.errors}
        />
        <div className="flex gap-3">
          <SubmitButton pending={navigation.state === 'submitting'}>Save target</SubmitButton>
          <Link to={`/goals?period=${goal.period}`} className="btn-secondary">
            Cancel
          </Link>
        </div>
      </Form>
      <section aria-labelledby="delete-heading" className="card">
        <h2 id="delete-heading" className="mb-2 text-lg font-semibold">
          Delete this goal
        </h2>
        <ConfirmDialog trigger="Delete goal" title="Delete this goal?" confirmLabel="Delete" fields={{ intent: 'delete' }} danger>
          {goal.regionCode} will no longer have a goal on “{goal.label}” for {goal.period}. The activity log keeps a record of it.
        </ConfirmDialog>
      </section>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="goal" list={{ to: '/goals', label: 'goals' }} />
}
