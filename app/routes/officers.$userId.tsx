import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useLoaderData, useNavigation } from 'react-router'
import type { Route } from './+types/officers.$userId'
import { BellRing } from 'lucide-react'
import { RecordErrorPage } from '~/components/error-page'
import { DateTime } from '~/components/date-time'
import { ErrorList, Field, FormError, SelectField, SubmitButton } from '~/components/forms'
import { EmptyState, PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { listOfficerNameChanges, timelineCursorOf, timelinePage } from '~/modules/activity/activity.server'
import { Timeline } from '~/modules/activity/timeline'
import {
  REMINDER_INTERVAL_MS,
  assignModuleSchema,
  formatDueDate,
  remindSchema,
  verificationBadgeStyles,
  verificationDecisionSchema,
  verificationLabels,
} from '~/modules/officers/officers-schema'
import {
  assignModule,
  decideOfficerVerification,
  findOfficerInScope,
  getOfficer,
  listPublishedModules,
  remindAssignment,
} from '~/modules/officers/officers.server'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const officer = await getOfficer({ actor, userId: params.userId })
  if (!officer) throw notFound()
  const verifiedAt = officer.officerVerification === 'verified' ? officer.officerVerifiedAt : null
  const [timeline, modules, nameChanges] = await Promise.all([
    timelinePage({ target: { userId: officer.id }, viewer: actor, before: timelineCursorOf(request.url) }),
    listPublishedModules(),
    verifiedAt ? listOfficerNameChanges(officer.id, verifiedAt) : [],
  ])
  return { officer, timeline, modules, nameChanges, now: now().toISOString(), today: today() }
}

const utcMoment = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' })

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const userId = params.userId
  // Out of scope is not found, whatever was posted.
  if (!(await findOfficerInScope(actor, userId))) throw notFound()
  const formData = await readFormData(request)
  const intent = String(formData.get('intent') ?? '')
  const meta = requestMeta(request, context)
  const here = `/officers/${userId}`

  if (intent === 'assign') {
    const submission = parseWithZod(formData, { schema: assignModuleSchema(today()) })
    if (submission.status !== 'success') return data({ intent, result: submission.reply(), message: null }, { status: 400 })
    const outcome = await assignModule({ actor, userId, input: submission.value, meta })
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
    if (!outcome.ok && outcome.reason === 'invalid')
      return data({ intent, result: submission.reply({ fieldErrors: outcome.fieldErrors }), message: null }, { status: 400 })
    if (!outcome.ok) return data({ intent, result: submission.reply({ formErrors: [outcome.message] }), message: null }, { status: 409 })
    const verb = outcome.reassigned ? 'assigned again, with the new due date' : 'assigned'
    return redirectWithToast(here, {
      kind: 'success',
      message: `${outcome.title} ${verb}. ${outcome.emailed ? 'The officer was emailed.' : 'The officer turned training emails off: no email was sent.'}`,
    })
  }

  if (intent === 'remind') {
    const parsed = remindSchema.safeParse(Object.fromEntries(formData))
    if (!parsed.success) return data({ intent, result: null, message: 'Choose an assigned module.' }, { status: 400 })
    const outcome = await remindAssignment({ actor, userId, moduleSlug: parsed.data.moduleSlug, meta })
    if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
    if (!outcome.ok && outcome.reason === 'too_soon') {
      const message = `A reminder went out on ${utcMoment.format(outcome.remindedAt)} UTC. Officers get at most one a day: the next can go after ${utcMoment.format(outcome.nextAllowedAt)} UTC.`
      return data(
        { intent, result: null, message },
        { status: 429, headers: { 'Retry-After': String(Math.max(1, Math.ceil((outcome.nextAllowedAt.getTime() - now().getTime()) / 1000))) } },
      )
    }
    if (!outcome.ok)
      return data({ intent, result: null, message: outcome.reason === 'refused' ? outcome.message : 'The reminder could not be sent.' }, { status: 409 })
    return redirectWithToast(here, { kind: 'success', message: `Reminder about ${outcome.title} sent.` })
  }

  formData.set('userId', userId)
  const submission = parseWithZod(formData, { schema: verificationDecisionSchema })
  if (submission.status !== 'success') return data({ intent: 'decision', result: submission.reply(), message: null }, { status: 400 })
  const outcome = await decideOfficerVerification({ actor, decision: submission.value, meta })
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok)
    return data(
      {
        intent: 'decision',
        result: submission.reply({ formErrors: [outcome.reason === 'refused' ? outcome.message : 'The decision could not be saved.'] }),
        message: null,
      },
      { status: 409 },
    )
  return redirectWithToast(here, { kind: 'success', message: outcome.state === 'verified' ? `${outcome.name} is verified.` : `${outcome.name} is rejected.` })
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `${data?.officer.name ?? 'Officer'} · Officers · Liaison` }]

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs text-muted">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  )
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>

function DecisionCard({ officer, lastResult }: { officer: LoaderData['officer']; lastResult?: SubmissionResult<string[]> | null }) {
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'decision',
    lastResult,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verificationDecisionSchema }),
  })
  if (officer.status === 'deactivated') return null
  const canVerify = officer.officerVerification !== 'verified' && (officer.emailVerifiedAt || officer.status === 'invited')
  const canReject = officer.officerVerification !== 'rejected'
  if (!canVerify && !canReject) return null
  const submitting = navigation.state === 'submitting' && ['verify', 'reject'].includes(String(navigation.formData?.get('intent')))
  return (
    <section aria-labelledby="decision-heading" className="card">
      <h2 id="decision-heading" className="text-lg font-semibold">
        {officer.officerVerification === 'pending' ? 'Verify this account' : 'Change the decision'}
      </h2>
      <p className="mt-1 text-sm text-muted">
        {officer.officerVerification === 'pending' && !officer.emailVerifiedAt && officer.status === 'active'
          ? 'They have not confirmed their email address yet; you can verify once they have.'
          : 'Check with the agency that they are on its staff. Your name, the time and the reason are kept in the log.'}
      </p>
      <Form method="post" className="mt-3 space-y-3" {...getFormProps(form)}>
        <FormError id={form.errorId} errors={form.errors} />
        <div>
          <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
            Reason <span className="font-normal text-muted">(required to reject)</span>
          </label>
          <textarea {...getTextareaProps(fields.reason)} rows={3} maxLength={500} className="input" />
          <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
        </div>
        <div className="flex flex-wrap gap-2">
          {canVerify ? (
            <button type="submit" name="intent" value="verify" className="btn-primary" disabled={submitting}>
              Verify
            </button>
          ) : null}
          {canReject ? (
            <button type="submit" name="intent" value="reject" className="btn-danger" disabled={submitting}>
              Reject
            </button>
          ) : null}
        </div>
      </Form>
    </section>
  )
}

function AssignForm({ modules, today, lastResult }: { modules: LoaderData['modules']; today: string; lastResult?: SubmissionResult<string[]> | null }) {
  const navigation = useNavigation()
  const schema = assignModuleSchema(today)
  const [form, fields] = useForm({
    id: 'assign',
    lastResult,
    constraint: getZodConstraint(schema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" className="mt-4 flex flex-wrap items-end gap-3 border-t border-line pt-4" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="assign" />
      <div className="w-full">
        <FormError id={form.errorId} errors={form.errors} />
      </div>
      <div className="min-w-64 flex-1">
        <SelectField
          label="Assign a module"
          selectProps={getSelectProps(fields.moduleSlug)}
          options={[
            { value: '', label: 'Choose a module…' },
            ...modules.map((module) => ({ value: module.slug, label: `${module.title} (about ${module.estimatedMinutes} min)` })),
          ]}
          errors={fields.moduleSlug.errors}
        />
      </div>
      <div>
        <Field label="Due (optional)" inputProps={getInputProps(fields.dueOn, { type: 'date' })} errors={fields.dueOn.errors} />
      </div>
      <SubmitButton pending={navigation.state === 'submitting' && navigation.formData?.get('intent') === 'assign'}>Assign and email</SubmitButton>
    </Form>
  )
}

export default function OfficerPage() {
  const { officer, timeline, modules, nameChanges, now: loadedAt, today } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const state = officer.officerVerification
  const reminding = navigation.state === 'submitting' && navigation.formData?.get('intent') === 'remind' ? String(navigation.formData.get('moduleSlug')) : null
  const canTrain = officer.status !== 'deactivated' && state !== 'rejected'
  // Every saved change adds to the history: the forms then start empty again.
  const formsKey = String(timeline.entries[0]?.id ?? 'none')
  return (
    <div>
      <PageHeader
        title={officer.name}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <span>{officer.email}</span>
            {officer.agencyId ? (
              <span>
                · <Link to={`/agencies/${officer.agencyId}`}>{officer.agencyName}</Link> ({officer.regionCode})
              </span>
            ) : null}
            {state ? <span className={`badge ${verificationBadgeStyles[state]}`}>{verificationLabels[state]}</span> : null}
          </span>
        }
        actions={
          <Link to="/officers" className="btn-secondary">
            All officers
          </Link>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <section aria-labelledby="facts-heading" className="card">
            <h2 id="facts-heading" className="sr-only">
              Account
            </h2>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-3">
              <Fact label="Account">
                {officer.status === 'invited' ? 'Invited, not yet active' : officer.status === 'deactivated' ? 'Deactivated' : 'Active'}
              </Fact>
              <Fact label="Email confirmed">{officer.emailVerifiedAt ? <DateTime value={officer.emailVerifiedAt} /> : 'Not yet'}</Fact>
              <Fact label="Joined">
                <DateTime value={officer.createdAt} dateOnly />
              </Fact>
              <Fact label="Verification">{state ? verificationLabels[state] : '—'}</Fact>
              <Fact label="Decided by">
                {officer.verifiedByName ? (
                  <>
                    {officer.verifiedByName}, <DateTime value={officer.officerVerifiedAt} />
                  </>
                ) : (
                  '—'
                )}
              </Fact>
              <Fact label="Last sign-in">
                <DateTime value={officer.lastLoginAt} />
              </Fact>
            </dl>
            {officer.officerVerificationNote ? (
              <p className="mt-4 text-sm">
                <span className="text-muted">{state === 'rejected' ? 'Reason: ' : 'Note: '}</span>
                {officer.officerVerificationNote}
              </p>
            ) : null}
            {nameChanges.length ? (
              <p role="note" className="mt-4 rounded-md border border-warning/40 bg-warning-soft px-3 py-2 text-sm text-warning">
                Verified as “{nameChanges[0].from}”; the officer has changed their name since,{' '}
                {nameChanges.length === 1 ? 'once' : `${nameChanges.length} times`}, last on{' '}
                <DateTime value={nameChanges[nameChanges.length - 1].happenedAt} dateOnly />. Certificates issued from now carry the new name.
              </p>
            ) : null}
          </section>

          <section aria-labelledby="training-heading" className="card">
            <h2 id="training-heading" className="text-lg font-semibold">
              Training
            </h2>
            {state !== 'verified' ? (
              <p className="mt-1 text-sm text-muted">Certificates are issued only to verified officers; until then they can read and train.</p>
            ) : null}
            {actionData?.intent === 'remind' && actionData.message ? (
              <div className="mt-3">
                <FormError errors={[actionData.message]} />
              </div>
            ) : null}
            {officer.training.length === 0 ? (
              <div className="mt-3">
                <EmptyState title="No training yet">Assign a module below; the officer is emailed with a link to it.</EmptyState>
              </div>
            ) : (
              <div className="mt-3 overflow-x-auto">
                <table className="data-table">
                  <thead>
                    <tr>
                      <th scope="col">Module</th>
                      <th scope="col">Assigned</th>
                      <th scope="col">Due</th>
                      <th scope="col">Progress</th>
                      <th scope="col" className="text-right">
                        Reminder
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {officer.training.map((entry) => {
                      const remindedAt = entry.assignment?.remindedAt ? new Date(entry.assignment.remindedAt) : null
                      const nextReminder =
                        remindedAt && remindedAt.getTime() + REMINDER_INTERVAL_MS > new Date(loadedAt).getTime()
                          ? new Date(remindedAt.getTime() + REMINDER_INTERVAL_MS)
                          : null
                      return (
                        <tr key={entry.moduleSlug}>
                          <td className="font-medium">{entry.title}</td>
                          <td className="text-sm">
                            {entry.assignment ? (
                              <>
                                <DateTime value={entry.assignment.assignedAt} dateOnly />
                                {entry.assignment.assignedByName ? <div className="text-xs text-muted">by {entry.assignment.assignedByName}</div> : null}
                              </>
                            ) : (
                              <span className="text-muted">Started on their own</span>
                            )}
                          </td>
                          <td className="whitespace-nowrap">
                            {entry.assignment?.dueOn ? formatDueDate(entry.assignment.dueOn) : <span className="text-subtle">—</span>}
                            {entry.overdue ? <span className="badge ml-1 bg-danger-soft text-danger ring-danger/20">Overdue</span> : null}
                          </td>
                          <td className="text-sm">
                            {entry.standing === 'completed' ? (
                              <>
                                <span className="text-success">
                                  Completed <DateTime value={entry.completedAt} dateOnly />
                                  {entry.bestScore !== null && !entry.renewing ? ` · ${entry.bestScore}%` : ''}
                                </span>
                                <div className="text-xs text-muted">
                                  Valid until <DateTime value={entry.validUntil} dateOnly />
                                  {entry.renewing ? ' · taking the new version' : ''}
                                </div>
                              </>
                            ) : entry.standing === 'inProgress' ? (
                              <>
                                In progress since <DateTime value={entry.startedAt} dateOnly />
                              </>
                            ) : entry.standing === 'lapsed' ? (
                              <span className="text-warning">
                                Lapsed: completed <DateTime value={entry.completedAt} dateOnly />, no longer valid since{' '}
                                <DateTime value={entry.validUntil} dateOnly />
                              </span>
                            ) : (
                              <span className="text-muted">Not started</span>
                            )}
                          </td>
                          <td className="text-right">
                            {entry.assignment && entry.standing !== 'completed' && officer.status !== 'deactivated' ? (
                              nextReminder ? (
                                <span className="text-xs text-muted">
                                  Reminded <DateTime value={remindedAt} />; next after <DateTime value={nextReminder} />
                                </span>
                              ) : (
                                <Form method="post" className="inline">
                                  <input type="hidden" name="intent" value="remind" />
                                  <input type="hidden" name="moduleSlug" value={entry.moduleSlug} />
                                  <SubmitButton pending={reminding === entry.moduleSlug} className="btn-secondary px-2 py-1 text-xs">
                                    <BellRing aria-hidden size={14} /> Send a reminder
                                  </SubmitButton>
                                  {remindedAt ? (
                                    <div className="mt-1 text-xs text-muted">
                                      Last: <DateTime value={remindedAt} dateOnly />
                                    </div>
                                  ) : null}
                                </Form>
                              )
                            ) : null}
                          </td>
                        </tr>
                      )
                    })}
                  </tbody>
                </table>
              </div>
            )}
            {canTrain ? (
              <AssignForm key={formsKey} modules={modules} today={today} lastResult={actionData?.intent === 'assign' ? actionData.result : undefined} />
            ) : (
              <p className="mt-4 border-t border-line pt-4 text-sm text-muted">
                {officer.status === 'deactivated'
                  ? 'The account is deactivated: no training can be assigned.'
                  : 'The account is rejected: verify it before assigning training.'}
              </p>
            )}
          </section>
        </div>
        <div className="space-y-6">
          <DecisionCard key={formsKey} officer={officer} lastResult={actionData?.intent === 'decision' ? actionData.result : undefined} />
          <Timeline title="History" entries={timeline.entries} older={timeline.older} empty="Nothing has happened on this account yet." />
        </div>
      </div>
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="officer" list={{ to: '/officers', label: 'officers', searchable: true }} />
}
