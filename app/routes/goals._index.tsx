import { getFormProps, getSelectProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/goals._index'
import { Field, FormError, SelectField, SubmitButton } from '~/components/forms'
import { FilterSelect } from '~/components/filter-select'
import { GoalFigure, GoalStatusBadge } from '~/components/goal-progress'
import { PageHeader } from '~/components/page-header'
import { requireRole, requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { readFormData } from '~/lib/forms/form-data.server'
import { requestMeta } from '~/lib/request-meta.server'
import { goalFormSchema, goalMetricKeys, goalMetrics, parseCoverageFilters, quarterChoices, quarterLabel, quarterOf } from '~/modules/coverage/coverage-schema'
import { createGoal, goalsWithProgress } from '~/modules/coverage/goals.server'
import { visibleRegions } from '~/modules/coverage/metrics.server'

/** /goals: a quarter's goals with their progress; the head and admins set them, leads read theirs. */
export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const at = now()
  const { period, region } = parseCoverageFilters(url.searchParams, at)
  return {
    period: quarterLabel(period),
    periods: quarterChoices(quarterOf(at)),
    regions: visibleRegions({ actor }),
    region: region ?? '',
    canEdit: actor.allRegions,
    goals: await goalsWithProgress({ actor, period, region }),
  }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireRole(request, 'admin', 'global_head')
  const formData = await readFormData(request)
  const submission = parseWithZod(formData, { schema: goalFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
  const outcome = await createGoal({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
  throw redirect(`/goals?period=${submission.value.period}`)
}

export const meta: Route.MetaFunction = () => [{ title: 'Goals · Liaison' }]

export default function GoalsPage() {
  const { period, periods, regions, region, canEdit, goals } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'new-goal',
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(goalFormSchema),
    defaultValue: { period, region: region || regions[0], metric: goalMetricKeys[0] },
    shouldValidate: 'onBlur',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: goalFormSchema }),
  })
  return (
    <div className="space-y-6">
      <PageHeader
        title="Goals"
        description={`${period} · progress is computed from the data; on track means at least the target's share of the quarter gone by`}
        actions={
          <Link to={`/coverage?period=${period}`} className="btn-secondary">
            Coverage
          </Link>
        }
      />
      <Form method="get" className="card flex flex-wrap items-end gap-3">
        <FilterSelect name="period" label="Quarter" options={periods.map((choice) => ({ value: choice, label: choice }))} value={period} anyLabel={null} />
        <button type="submit" className="btn-primary">
          Show
        </button>
      </Form>
      <section aria-labelledby="goals-heading" className="card overflow-x-auto">
        <h2 id="goals-heading" className="mb-3 text-lg font-semibold">
          Goals for {period}
        </h2>
        {goals.length === 0 ? (
          <p className="text-sm text-muted">No goal is set for this quarter.</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Region</th>
                <th scope="col">Goal</th>
                <th scope="col">Progress</th>
                <th scope="col">Mark</th>
                <th scope="col">Set by</th>
              </tr>
            </thead>
            <tbody>
              {goals.map((goal) => (
                <tr key={goal.id}>
                  <td>{goal.regionCode}</td>
                  <th scope="row">{canEdit ? <Link to={`/goals/${goal.id}`}>{goal.label}</Link> : goal.label}</th>
                  <td>
                    <GoalFigure goal={goal} />
                  </td>
                  <td>
                    <GoalStatusBadge status={goal.status} />
                  </td>
                  <td>{goal.setByName ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canEdit ? (
        <section aria-labelledby="new-goal-heading" className="card">
          <h2 id="new-goal-heading" className="mb-3 text-lg font-semibold">
            Set a goal
          </h2>
          <Form method="post" {...getFormProps(form)} className="grid gap-3 sm:grid-cols-2 lg:grid-cols-4">
            <FormError id={form.errorId} errors={form.errors} />
            <SelectField
              label="Region"
              selectProps={getSelectProps(fields.region)}
              options={regions.map((code) => ({ value: code, label: code }))}
              errors={fields.region.errors}
            />
            <SelectField
              label="Quarter"
              selectProps={getSelectProps(fields.period)}
              options={periods.map((choice) => ({ value: choice, label: choice }))}
              errors={fields.period.errors}
            />
            <SelectField
              label="Measure"
              selectProps={getSelectProps(fields.metric)}
              options={goalMetricKeys.map((key) => ({ value: key, label: goalMetrics[key].label }))}
              errors={fields.metric.errors}
            />
            <Field label="Target" inputProps={getInputProps(fields.target, { type: 'number' })} errors={fields.target.errors} />
            <div>
              <SubmitButton pending={navigation.state === 'submitting'}>Set goal</SubmitButton>
            </div>
          </Form>
        </section>
      ) : null}
    </div>
  )
}
