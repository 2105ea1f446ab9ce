import { Form, Link, useLoaderData, useLocation, useSearchParams } from 'react-router'
import type { Route } from './+types/contacts._index'
import { Download, Upload, UserPlus } from 'lucide-react'
import { Pagination } from '~/components/pagination'
import { EmptyState, PageHeader } from '~/components/page-header'
import { useSearchShortcut } from '~/components/search-shortcut'
import { requireStaff } from '~/lib/auth/guards.server'
import { contactListFilters } from '~/modules/contacts/contacts-schema'
import { listContacts } from '~/modules/contacts/contacts.server'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const filters = contactListFilters.parse(Object.fromEntries(url.searchParams))
  const result = await listContacts({ actor, filters })
  // Someone without regions could add nothing: the page offers nothing (as /agencies does).
  return { ...result, canCreate: actor.regions.length > 0, filtered: Boolean(filters.q || filters.agency || filters.archived) }
}

export const meta: Route.MetaFunction = () => [{ title: 'Contacts · Liaison' }]

export default function ContactsPage() {
  const { rows, total, page, pageCount, canCreate, filtered } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const location = useLocation()
  useSearchShortcut('contact-search')
  return (
    <div>
      <PageHeader
        title="Contacts"
        description="People at agencies in your regions."
        actions={
          <>
            <a href={`/contacts.csv${location.search}`} className="btn-secondary" download>
              <Download aria-hidden size={16} /> Export CSV
            </a>
            {canCreate ? (
              <Link to="/import?kind=contacts" className="btn-secondary">
                <Upload aria-hidden size={16} /> Import CSV
              </Link>
            ) : null}
            {canCreate ? (
              <Link to="/contacts/new" className="btn-primary">
                <UserPlus aria-hidden size={16} /> New contact
              </Link>
            ) : null}
          </>
        }
      />
      <Form method="get" role="search" className="mb-4 flex flex-wrap gap-3">
        <label htmlFor="contact-search" className="sr-only">
          Search contacts
        </label>
        <input
          id="contact-search"
          name="q"
          type="search"
          defaultValue={searchParams.get('q') ?? ''}
          placeholder="Name, email or unit"
          className="input max-w-md"
        />
        {searchParams.get('agency') ? <input type="hidden" name="agency" value={searchParams.get('agency')!} /> : null}
        <label className="inline-flex items-center gap-2 text-sm">
          <input type="checkbox" name="archived" value="1" defaultChecked={searchParams.get('archived') === '1'} className="accent-accent" /> Archived
        </label>
        <button type="submit" className="btn-secondary">
          Search
        </button>
      </Form>
      {rows.length === 0 ? (
        filtered ? (
          <EmptyState title="No contact matches these filters">
            Try another spelling or fewer filters. <Link to="/contacts">Clear all filters</Link>
          </EmptyState>
        ) : total > 0 ? (
          <EmptyState title="Nothing on this page">
            <Link to="/contacts">Go to the first page</Link>
          </EmptyState>
        ) : (
          <EmptyState title="No contacts yet">
            {canCreate ? (
              <>
                <Link to="/contacts/new">Add the first contact</Link>, add one from an agency’s page, or{' '}
                <Link to="/import?kind=contacts">import a CSV file</Link>.
              </>
            ) : (
              'Contacts appear here once they are added to agencies in your regions.'
            )}
          </EmptyState>
        )
      ) : (
        <div className="overflow-x-auto rounded-lg border border-line bg-surface">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Agency</th>
                <th scope="col">Title and unit</th>
                <th scope="col">Email</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((contact) => (
                <tr key={contact.id} className="hover:bg-canvas">
                  <td>
                    <Link to={`/contacts/${contact.id}`} className="font-medium">
                      {contact.fullName}
                    </Link>
                    {contact.isPrimary ? <span className="badge ml-2">Primary</span> : null}
                  </td>
                  <td>
                    <Link to={`/agencies/${contact.agencyId}`}>{contact.agencyName}</Link>
                  </td>
                  <td className="text-muted">{[contact.title, contact.unit].filter(Boolean).join(' · ')}</td>
                  <td className="text-muted">{contact.email ? <a href={`mailto:${contact.email}`}>{contact.email}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={page} pageCount={pageCount} total={total} noun={total === 1 ? 'contact' : 'contacts'} />
    </div>
  )
}
