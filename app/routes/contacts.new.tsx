import { parseWithZod } from '@conform-to/zod/v4'
import { data, useActionData, useLoaderData } from 'react-router'
import type { Route } from './+types/contacts.new'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import { redirectWithToast } from '~/lib/toast.server'
import { getAgency } from '~/modules/agencies/agencies.server'
import { ContactForm } from '~/modules/contacts/contact-form'
import { contactFormSchema } from '~/modules/contacts/contacts-schema'
import { createContact } from '~/modules/contacts/contacts.server'
import { readFormData } from '~/lib/forms/form-data.server'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const agencyId = url.searchParams.get('agencyId')
  const agency = agencyId ? await getAgency({ actor, agencyId }) : null
  return { agency: agency && !agency.archivedAt ? { id: agency.id, label: agency.name } : null }
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const submission = parseWithZod(await readFormData(request), { schema: contactFormSchema })
  if (submission.status !== 'success') return data({ result: submission.reply(), duplicates: null }, { status: 400 })
  const outcome = await createContact({ actor, input: submission.value, meta: requestMeta(request, context) })
  if (outcome.ok) return redirectWithToast(`/contacts/${outcome.contact.id}`, { kind: 'success', message: `${outcome.contact.fullName} is added.` })
  if (outcome.reason === 'duplicate') {
    return data(
      { result: submission.reply({ formErrors: ['Check the possible duplicate below before saving.'] }), duplicates: outcome.duplicates },
      { status: 409 },
    )
  }
  const fieldErrors = outcome.reason === 'invalid' ? outcome.fieldErrors : { agencyId: ['Choose an agency in your regions.'] }
  return data({ result: submission.reply({ fieldErrors }), duplicates: null }, { status: 400 })
}

export const meta: Route.MetaFunction = () => [{ title: 'New contact · Liaison' }]

export default function NewContactPage() {
  const { agency } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  return (
    <div className="max-w-3xl">
      <PageHeader title="New contact" description={agency ? `At ${agency.label}` : undefined} />
      <ContactForm
        lastResult={actionData?.result}
        duplicates={actionData?.duplicates}
        defaultValue={{ agencyId: agency?.id }}
        agency={agency}
        cancelTo={agency ? `/agencies/${agency.id}` : '/contacts'}
        submitLabel="Add contact"
      />
    </div>
  )
}
