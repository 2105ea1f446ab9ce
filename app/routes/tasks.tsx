import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, redirect, useActionData, useLoaderData, useNavigation, useSearchParams } from 'react-router'
import type { Route } from './+types/tasks'
import { z } from 'zod'
import { Field, FormError, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { today } from '~/lib/clock.server'
import { pageFilter } from '~/lib/forms/fields'
import { requestMeta } from '~/lib/request-meta.server'
import { TaskList } from '~/modules/tasks/task-list'
import { taskFormSchema, taskListFilters } from '~/modules/tasks/tasks-schema'
import { countMyOpenTasks, createTask, listMyTaskPage, setTaskDone } from '~/modules/tasks/tasks.server'
import { readFormData } from '~/lib/forms/form-data.server'

const taskPageFilters = taskListFilters.extend({ page: pageFilter })

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const { show, page } = taskPageFilters.parse(Object.fromEntries(url.searchParams))
  const [tasks, counts] = await Promise.all([listMyTaskPage({ actor, show, page }), countMyOpenTasks(actor)])
  // Completing the last tasks of the last page leaves it empty: show the page before it.
  if (tasks.rows.length === 0 && page > tasks.pageCount) {
    const search = new URLSearchParams(url.searchParams)
    search.set('page', String(tasks.pageCount))
    throw redirect(`${url.pathname}?${search}`)
  }
  return { tasks: tasks.rows, total: tasks.total, page: tasks.page, pageCount: tasks.pageCount, counts, show, today: today() }
}

const toggleSchema = z.object({ intent: z.enum(['complete', 'reopen']), taskId: z.string().max(64) })

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const formData = await readFormData(request)
  const meta = requestMeta(request, context)
  if (formData.get('intent') === 'create') {
    const submission = parseWithZod(formData, { schema: taskFormSchema })
    if (submission.status !== 'success') return data({ result: submission.reply() }, { status: 400 })
    const outcome = await createTask({ actor, input: submission.value, meta })
    if (!outcome.ok) return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }) }, { status: 400 })
    return data({ result: submission.reply({ resetForm: true }) })
  }
  const toggle = toggleSchema.safeParse(Object.fromEntries(formData))
  if (!toggle.success) return data({ result: null }, { status: 400 })
  const outcome = await setTaskDone({ actor, taskId: toggle.data.taskId, done: toggle.data.intent === 'complete', meta })
  if (!outcome.ok) throw notFound()
  return data({ result: null })
}

export const meta: Route.MetaFunction = () => [{ title: 'Tasks · Liaison' }]

/** Another tab starts on its first page. */
function tabSearch(searchParams: URLSearchParams, show: string) {
  const next = new URLSearchParams(searchParams)
  next.delete('page')
  next.set('show', show)
  return next
}

const tabs = [
  { show: 'open', label: 'Open' },
  { show: 'done', label: 'Done' },
  { show: 'all', label: 'All' },
] as const

export default function TasksPage() {
  const { tasks, total, page, pageCount, counts, show, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [searchParams] = useSearchParams()
  const [form, fields] = useForm({
    id: 'new-task',
    lastResult: actionData?.result ?? undefined,
    constraint: getZodConstraint(taskFormSchema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: taskFormSchema }),
  })
  return (
    <div className="max-w-3xl">
      <PageHeader
        title="My tasks"
        description={`${counts.open} open${counts.overdue ? `, ${counts.overdue} overdue` : ''}. Overdue first, then by due date.`}
      />
      <Form method="post" className="card mb-6 flex flex-wrap items-end gap-3" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="create" />
        <FormError id={form.errorId} errors={form.errors} />
        <div className="min-w-64 flex-1">
          <Field
            label="New task"
            inputProps={{ ...getInputProps(fields.title, { type: 'text' }), placeholder: 'Send the preservation guide to…' }}
            errors={fields.title.errors}
          />
        </div>
        <div>
          <Field label="Due" inputProps={getInputProps(fields.dueOn, { type: 'date' })} errors={fields.dueOn.errors} />
        </div>
        <SubmitButton pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'create'}>Add</SubmitButton>
      </Form>
      <nav aria-label="Task filter" className="mb-3 flex gap-1 text-sm">
        {tabs.map((tab) => (
          <Link
            key={tab.show}
            to={`?${tabSearch(searchParams, tab.show)}`}
            aria-current={show === tab.show ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 no-underline ${show === tab.show ? 'bg-accent-soft text-accent-strong' : 'text-muted hover:bg-canvas'}`}
          >
            {tab.label}
          </Link>
        ))}
      </nav>
      <div className="card">
        <TaskList
          tasks={tasks}
          today={today}
          empty={show === 'open' ? 'Nothing open. Follow-ups you create when logging engagements appear here.' : 'Nothing here yet.'}
        />
      </div>
      <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'task' : 'tasks'} />
    </div>
  )
}
