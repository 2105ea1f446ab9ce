import { getFormProps, getTextareaProps, useForm } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod/v4'
import { data, Form, Link, useActionData, useFetcher, useLoaderData, useNavigation, useSearchParams, useSubmit } from 'react-router'
import type { Route } from './+types/officers._index'
import { Search, UserPlus } from 'lucide-react'
import { useState } from 'react'
import { Button, Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components'
import { officerVerificationStates } from '#db/schema/vocabulary'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { DateTime } from '~/components/date-time'
import { ErrorList, FormError, SubmitButton } from '~/components/forms'
import { EmptyState, PageHeader } from '~/components/page-header'
import { Pagination } from '~/components/pagination'
import { useSearchShortcut } from '~/components/search-shortcut'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import {
  officerLinkFilters,
  officerNarrowingFilters,
  parseOfficerFilters,
  verificationBadgeStyles,
  verificationDecisionSchema,
  verificationLabels,
} from '~/modules/officers/officers-schema'
import { decideOfficerVerification, findOfficerInScope, listOfficerAgencyOptions, listOfficers } from '~/modules/officers/officers.server'
import { FilterSelect } from '~/components/filter-select'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = parseOfficerFilters(url.searchParams)
  const [result, agencyOptions] = await Promise.all([listOfficers({ actor, filters }), listOfficerAgencyOptions(actor)])
  const canInvite = actor.allRegions || (actor.role === 'outreach_lead' && actor.regions.length > 0)
  return { ...result, tab: filters.tab, agencyOptions, canInvite }
}

/** Back to the list as it was (filters, tab and page): React Router's `url` has its `index` marker removed. */
function listUrl(url: URL) {
  return `/officers${url.search}`
}

export async function action({ request, context, url }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const formData = await readFormData(request)
  const userId = String(formData.get('userId') ?? '')
  // An officer outside the actor's regions is not found, whatever else was posted.
  if (!(await findOfficerInScope(actor, userId))) throw notFound()
  const submission = parseWithZod(formData, { schema: verificationDecisionSchema })
  if (submission.status !== 'success') return data({ userId, result: submission.reply() }, { status: 400 })
  const outcome = await decideOfficerVerification({ actor, decision: submission.value, meta: requestMeta(request, context) })
  if (!outcome.ok && outcome.reason === 'not_found') throw notFound()
  if (!outcome.ok) {
    const message = outcome.reason === 'refused' ? outcome.message : 'The decision could not be saved.'
    return data({ userId, result: submission.reply({ formErrors: [message] }) }, { status: 409 })
  }
  const message = outcome.state === 'verified' ? `${outcome.name} is verified.` : `${outcome.name} is rejected. The reason is kept in the log.`
  return redirectWithToast(listUrl(url), { kind: 'success', message })
}

export const meta: Route.MetaFunction = () => [{ title: 'Officers · Liaison' }]

type Row = ReturnType<typeof useLoaderData<typeof loader>>['rows'][number]

function VerificationBadge({ state }: { state: Row['officerVerification'] }) {
  if (!state) return <span className="text-subtle">—</span>
  return <span className={`badge ${verificationBadgeStyles[state]}`}>{verificationLabels[state]}</span>
}

/** Rejection needs a reason: a dialog with its own form, which keeps the text on an error. */
function RejectDialog({ officer }: { officer: Pick<Row, 'id' | 'name' | 'agencyName'> }) {
  const fetcher = useFetcher<typeof action>()
  const [open, setOpen] = useState(false)
  const [form, fields] = useForm({
    id: `reject-${officer.id}`,
    lastResult: fetcher.data?.result,
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema: verificationDecisionSchema }),
  })
  return (
    <DialogTrigger isOpen={open} onOpenChange={setOpen}>
      <Button className="btn-secondary">Reject…</Button>
      <ModalOverlay isDismissable className="fixed inset-0 z-50 flex items-center justify-center bg-ink/40 p-4">
        <Modal className="w-full max-w-md rounded-lg bg-surface p-6 shadow-xl">
          <Dialog className="outline-none">
            {({ close }) => (
              <fetcher.Form method="post" className="space-y-3" {...getFormProps(form)}>
                <Heading slot="title" className="text-lg font-semibold">
                  Reject {officer.name}?
                </Heading>
                <p className="text-sm text-muted">
                  They stay signed up{officer.agencyName ? ` at ${officer.agencyName}` : ''} but receive no certificate. The reason is kept with your name in
                  the log.
                </p>
                <FormError id={form.errorId} errors={form.errors} />
                <input type="hidden" name="intent" value="reject" />
                <input type="hidden" name="userId" value={officer.id} />
                <div>
                  <label htmlFor={fields.reason.id} className="mb-1 block text-sm font-medium">
                    Reason
                  </label>
                  <textarea
                    {...getTextareaProps(fields.reason)}
                    rows={3}
                    maxLength={500}
                    className="input"
                    autoFocus
                    placeholder="e.g. Not on the agency's staff list; the agency's contact could not confirm."
                  />
                  <ErrorList id={fields.reason.errorId} errors={fields.reason.errors} />
                </div>
                <div className="flex justify-end gap-3 pt-2">
                  <Button onPress={close} className="btn-secondary">
                    Cancel
                  </Button>
                  <SubmitButton pending={fetcher.state !== 'idle'} className="btn-danger">
                    Reject
                  </SubmitButton>
                </div>
              </fetcher.Form>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  )
}

function DecisionActions({ officer }: { officer: Row }) {
  if (officer.status === 'deactivated') return <span className="text-xs text-subtle">Deactivated</span>
  const canVerify = officer.officerVerification !== 'verified' && (officer.emailVerifiedAt || officer.status === 'invited')
  const canReject = officer.officerVerification !== 'rejected'
  return (
    <div className="flex justify-end gap-2">
      {canVerify ? (
        <ConfirmDialog trigger="Verify" title={`Verify ${officer.name}?`} confirmLabel="Verify" fields={{ intent: 'verify', userId: officer.id }}>
          {officer.email} becomes a verified officer{officer.agencyName ? ` of ${officer.agencyName}` : ''} and can earn certificates in the agency&apos;s name.
          Your name is kept with the decision.
        </ConfirmDialog>
      ) : null}
      {canReject ? <RejectDialog officer={officer} /> : null}
    </div>
  )
}

export default function OfficersPage() {
  const { rows, total, waiting, page, pageCount, tab, agencyOptions, canInvite } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const [searchParams] = useSearchParams()
  const navigation = useNavigation()
  const submit = useSubmit()
  useSearchShortcut('officer-search')
  const value = (name: string) => searchParams.get(name) ?? ''
  const tabHref = (target: string) => {
    const params = new URLSearchParams(searchParams)
    params.set('tab', target)
    params.delete('page')
    if (target === 'queue') params.delete('state')
    return `?${params}`
  }
  const filtered = officerNarrowingFilters.some((key) => searchParams.get(key))
  // Filters the coverage figures link with: kept through a new search, and said in words.
  const linked = officerLinkFilters.filter((key) => searchParams.get(key))
  const linkedWords = [
    value('region') && `region ${value('region')}`,
    value('country') && `country ${value('country')}`,
    (value('registeredFrom') || value('registeredTo')) && `registered ${value('registeredFrom') || '…'} to ${value('registeredTo') || 'today'}`,
    (value('verifiedFrom') || value('verifiedTo')) && `verified ${value('verifiedFrom') || '…'} to ${value('verifiedTo') || 'today'}`,
  ].filter(Boolean)
  const loading = navigation.state === 'loading' && navigation.location?.pathname === '/officers'
  return (
    <div>
      <PageHeader
        title="Officers"
        description="Officers of the agencies in your regions: verify new accounts, follow their training and assign modules. Press / to search."
        actions={
          canInvite ? (
            <Link to="/officers/invite" className="btn-primary">
              <UserPlus aria-hidden size={16} /> Invite an officer
            </Link>
          ) : null
        }
      />
      <nav aria-label="Officer lists" className="mb-3 flex gap-1 text-sm">
        {[
          { key: 'queue', label: `Waiting for verification (${waiting.toLocaleString()})` },
          { key: 'all', label: 'All officers' },
        ].map((item) => (
          <Link
            key={item.key}
            to={tabHref(item.key)}
            aria-current={tab === item.key ? 'page' : undefined}
            className={`rounded-md px-3 py-1.5 no-underline ${tab === item.key ? 'bg-accent-soft text-accent-strong' : 'text-muted hover:bg-canvas'}`}
          >
            {item.label}
          </Link>
        ))}
      </nav>
      <Form
        method="get"
        role="search"
        className="card mb-4 flex flex-wrap items-end gap-3"
        onChange={(event) => {
          // Selects apply at once; the search box waits for Enter.
          if ((event.target as HTMLElement).tagName === 'SELECT') submit(event.currentTarget, { replace: true })
        }}
      >
        <input type="hidden" name="tab" value={tab} />
        {linked.map((key) => (
          <input key={key} type="hidden" name={key} value={value(key)} />
        ))}
        <div className="relative min-w-64 flex-1">
          <label htmlFor="officer-search" className="mb-1 block text-xs font-medium text-muted">
            Search
          </label>
          <Search aria-hidden size={16} className="pointer-events-none absolute bottom-2.5 left-3 text-subtle" />
          <input id="officer-search" name="q" type="search" defaultValue={value('q')} placeholder="Name, email or agency" className="input pl-9" />
        </div>
        <FilterSelect
          name="agency"
          label="Agency"
          value={value('agency')}
          options={agencyOptions.map((agency) => ({ value: agency.id, label: agency.name }))}
        />
        {tab === 'all' ? (
          <FilterSelect
            name="state"
            label="Verification"
            value={value('state')}
            options={officerVerificationStates.map((state) => ({ value: state, label: verificationLabels[state] }))}
          />
        ) : null}
        <button type="submit" className="btn-primary">
          Search
        </button>
        {filtered ? (
          <Link to={`/officers?tab=${tab}`} className="self-center text-sm">
            Clear filters
          </Link>
        ) : null}
        {linkedWords.length ? <p className="w-full text-sm text-muted">Only officers of {linkedWords.join(', ')} (UTC days).</p> : null}
      </Form>
      {actionData?.result?.error?.[''] ? <FormError errors={actionData.result.error['']} /> : null}
      <div aria-busy={loading} className={loading ? 'opacity-60 transition-opacity' : ''}>
        {rows.length === 0 ? (
          tab === 'queue' ? (
            <EmptyState title={filtered ? 'Nobody waiting matches these filters' : 'Nobody is waiting for verification'}>
              Officers appear here once they have signed up with their agency address and confirmed it.
            </EmptyState>
          ) : (
            <EmptyState title={filtered ? 'No officer matches these filters' : 'No officers yet'}>
              {filtered ? (
                'Try fewer filters or another spelling.'
              ) : canInvite ? (
                <Link to="/officers/invite">Invite the first officer</Link>
              ) : (
                'Officers sign up at /signup with their agency address.'
              )}
            </EmptyState>
          )
        ) : (
          <div className="overflow-x-auto rounded-lg border border-line bg-surface">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Officer</th>
                  <th scope="col">Agency</th>
                  <th scope="col">State</th>
                  <th scope="col">Email confirmed</th>
                  <th scope="col">Training</th>
                  <th scope="col">Joined</th>
                  <th scope="col" className="text-right">
                    Decision
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((officer) => (
                  <tr key={officer.id} className="hover:bg-canvas">
                    <td>
                      <Link to={`/officers/${officer.id}`} className="font-medium">
                        {officer.name}
                      </Link>
                      <div className="text-xs text-muted">{officer.email}</div>
                    </td>
                    <td>
                      {officer.agencyId ? <Link to={`/agencies/${officer.agencyId}`}>{officer.agencyName}</Link> : <span className="text-subtle">—</span>}
                    </td>
                    <td>
                      <VerificationBadge state={officer.officerVerification} />
                      {officer.status === 'invited' ? <div className="text-xs text-muted">Invited, not yet active</div> : null}
                      {officer.officerVerification === 'rejected' && officer.officerVerificationNote ? (
                        <div className="max-w-56 truncate text-xs text-muted" title={officer.officerVerificationNote}>
                          {officer.officerVerificationNote}
                        </div>
                      ) : null}
                    </td>
                    <td className="whitespace-nowrap">
                      {officer.emailVerifiedAt ? <DateTime value={officer.emailVerifiedAt} dateOnly /> : <span className="text-muted">Not yet</span>}
                    </td>
                    <td className="whitespace-nowrap text-sm">
                      {officer.assignedCount === 0 && officer.completedCount === 0 ? (
                        <span className="text-subtle">—</span>
                      ) : (
                        <>
                          {officer.completedCount} completed · {officer.assignedCount} assigned
                          {officer.overdueCount ? (
                            <span className="badge ml-1 bg-danger-soft text-danger ring-danger/20">{officer.overdueCount} overdue</span>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td className="whitespace-nowrap">
                      <DateTime value={officer.createdAt} dateOnly />
                    </td>
                    <td>
                      <DecisionActions officer={officer} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'officer' : 'officers'} />
      </div>
    </div>
  )
}
