import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/contacts.$contactId.edit'
import { ConflictNotice } from '~/components/conflict-notice'
import { PageHeader } from '~/components/page-header'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { ContactForm } from '~/modules/contacts/contact-form'
import { contactEditSchema } from '~/modules/contacts/contacts-schema'
import { getContact, updateContact } from '~/modules/contacts/contacts.server'
import { RecordErrorPage } from '~/components/error-page'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const contact = await getContact({ actor, contactId: params.contactId })
  if (!contact) throw notFound()
  return { contact }
}

export async function action({ request, params, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const contactId = params.contactId
  const submission = parseWithZod(await readFormData(request), { schema: contactEditSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), duplicates: null, conflict: null }, { status: 400 })
  const outcome = await updateContact({ actor, contactId, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/contacts/${contactId}`, { kind: 'success', message: 'Contact saved.' })
  if (outcome.reason === 'not_found') throw notFound()
  if (outcome.reason === 'duplicate')
    return data(
      { result: submission.reply({ formErrors: ['Check the possible duplicate below before saving.'] }), duplicates: outcome.duplicates, conflict: null },
      { status: 409 },
    )
  if (outcome.reason === 'invalid')
    return data({ result: submission.reply({ fieldErrors: outcome.fieldErrors }), duplicates: null, conflict: null }, { status: 400 })
  return data(
    {
      result: submission.reply({
        formErrors: ['Someone else saved this contact while you were editing. Nothing of yours was saved: check their version, then save again.'],
      }),
      duplicates: null,
      conflict: {
        version: outcome.current.version,
        values: { name: outcome.current.fullName, title: outcome.current.title, email: outcome.current.email, phone: outcome.current.phone },
      },
    },
    { status: 409 },
  )
}

export const meta: Route.MetaFunction = ({ data }) => [{ title: `Edit ${data?.contact.fullName ?? 'contact'} · Liaison` }]

export default function EditContactPage() {
  const { contact } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title={`Edit ${contact.fullName}`} description={`At ${contact.agencyName}`} />
      {actionData?.conflict ? <ConflictNotice values={actionData.conflict.values} /> : null}
      <ContactForm
        lastResult={actionData?.result}
        duplicates={actionData?.duplicates}
        version={actionData?.conflict?.version ?? contact.version}
        agency={{ id: contact.agencyId, label: contact.agencyName }}
        defaultValue={{
          agencyId: contact.agencyId,
          fullName: contact.fullName,
          title: contact.title,
          unit: contact.unit,
          email: contact.email,
          phone: contact.phone,
          preferredLanguage: contact.preferredLanguage,
          isPrimary: contact.isPrimary ? 'on' : undefined,
          notes: contact.notes,
        }}
        cancelTo={`/contacts/${contact.id}`}
        submitLabel="Save changes"
      />
    </div>
  )
}

export function ErrorBoundary() {
  return <RecordErrorPage noun="contact" list={{ to: '/contacts', label: 'contacts', searchable: true }} />
}
