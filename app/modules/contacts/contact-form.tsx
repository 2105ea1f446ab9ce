import { getFormProps, getInputProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, Link, useNavigation } from 'react-router'
import { Field, FormActions, FormError, TextareaField } from '~/components/forms'
import { MultiPicker } from '~/components/multi-picker'
import { contactEditSchema, contactFormSchema } from './contacts-schema'

type Duplicate = { id: string; fullName: string; email: string | null }

/** Create or edit a contact; a possible duplicate is shown and must be confirmed. */
export function ContactForm({
  lastResult,
  defaultValue,
  agency,
  version,
  duplicates,
  cancelTo,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue: Record<string, string | null | undefined>
  agency: { id: string; label: string } | null
  version?: number
  duplicates?: Duplicate[] | null
  cancelTo: string
  submitLabel: string
}) {
  const schema = version === undefined ? contactFormSchema : contactEditSchema
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'contact',
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      {duplicates?.length ? (
        <div role="alert" className="rounded-md border border-warning/40 bg-warning-soft p-3 text-sm">
          <p className="font-semibold text-warning">This may be someone already on file at this agency:</p>
          <ul className="mt-1 list-disc pl-5">
            {duplicates.map((duplicate) => (
              <li key={duplicate.id}>
                <Link to={`/contacts/${duplicate.id}`}>{duplicate.fullName}</Link>
                {duplicate.email ? ` (${duplicate.email})` : ''}
              </li>
            ))}
          </ul>
          <label className="mt-2 inline-flex items-center gap-2">
            <input type="checkbox" name="confirmDuplicate" value="yes" className="accent-accent" /> It is a different person: save anyway
          </label>
        </div>
      ) : null}
      {version === undefined ? (
        <MultiPicker
          name="agencyId"
          label="Agency"
          endpoint="/search/agencies"
          defaultSelected={agency ? [agency] : []}
          max={1}
          errors={fields.agencyId.errors}
          placeholder="Type the agency's name…"
        />
      ) : (
        <input type="hidden" name="agencyId" value={agency?.id ?? ''} />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Full name" inputProps={{ ...getInputProps(fields.fullName, { type: 'text' }), autoFocus: true }} errors={fields.fullName.errors} />
        <Field label="Title or rank" inputProps={getInputProps(fields.title, { type: 'text' })} errors={fields.title.errors} />
        <Field
          label="Unit"
          inputProps={{ ...getInputProps(fields.unit, { type: 'text' }), placeholder: 'ICAC task force, cybercrime unit…' }}
          errors={fields.unit.errors}
        />
        <Field label="Email" inputProps={getInputProps(fields.email, { type: 'email' })} errors={fields.email.errors} />
        <Field label="Phone" inputProps={getInputProps(fields.phone, { type: 'tel' })} errors={fields.phone.errors} />
        <Field label="Preferred language" inputProps={getInputProps(fields.preferredLanguage, { type: 'text' })} errors={fields.preferredLanguage.errors} />
      </div>
      <label className="inline-flex items-center gap-2 text-sm">
        <input {...getInputProps(fields.isPrimary, { type: 'checkbox' })} className="accent-accent" /> Primary contact for the agency
      </label>
      <TextareaField label="Notes" textareaProps={getTextareaProps(fields.notes)} errorId={fields.notes.errorId} errors={fields.notes.errors} rows={3} />
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} pending={navigation.state === 'submitting'} />
    </Form>
  )
}
