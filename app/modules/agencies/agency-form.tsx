import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from 'react-router'
import { agencyKinds, agencyStatuses } from '#db/schema/vocabulary'
import { Field, FormActions, FormError, SelectField, TextareaField } from '~/components/forms'
import { agencyEditSchema, agencyFormSchema, agencyKindLabels, agencyStatusLabels } from './agencies-schema'

type Option = { value: string; label: string }
export type AgencyFormDefaults = Record<string, string | null | undefined>

/** The agency form, for creating (no version) and editing (with the version it was read at). */
export function AgencyForm({
  lastResult,
  defaultValue,
  countries,
  owners,
  version,
  cancelTo,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue?: AgencyFormDefaults
  countries: { code: string; name: string }[]
  owners: { id: string; name: string }[]
  version?: number
  cancelTo: string
  submitLabel: string
}) {
  const schema = version === undefined ? agencyFormSchema : agencyEditSchema
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'agency',
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const option = (value: string, label: string): Option => ({ value, label })
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field label="Name" inputProps={{ ...getInputProps(fields.name, { type: 'text' }), autoFocus: true }} errors={fields.name.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Kind"
          selectProps={getSelectProps(fields.kind)}
          options={[option('', 'Choose…'), ...agencyKinds.map((kind) => option(kind, agencyKindLabels[kind]))]}
          errors={fields.kind.errors}
        />
        <SelectField
          label="Country"
          selectProps={getSelectProps(fields.countryCode)}
          options={[option('', 'Choose…'), ...countries.map((country) => option(country.code, country.name))]}
          errors={fields.countryCode.errors}
        />
        <Field label="State, province or subdivision" inputProps={getInputProps(fields.subdivision, { type: 'text' })} errors={fields.subdivision.errors} />
        <Field label="City" inputProps={getInputProps(fields.city, { type: 'text' })} errors={fields.city.errors} />
        <SelectField
          label="Status"
          selectProps={getSelectProps(fields.status)}
          options={agencyStatuses.map((status) => option(status, agencyStatusLabels[status]))}
          errors={fields.status.errors}
        />
        <SelectField
          label="Priority"
          selectProps={getSelectProps(fields.priority)}
          options={[option('1', '1 — high'), option('2', '2 — normal'), option('3', '3 — low')]}
          errors={fields.priority.errors}
        />
        <SelectField
          label="Owner"
          selectProps={getSelectProps(fields.ownerId)}
          options={[option('', 'Nobody yet'), ...owners.map((owner) => option(owner.id, owner.name))]}
          errors={fields.ownerId.errors}
        />
        <Field label="Phone" inputProps={{ ...getInputProps(fields.phone, { type: 'tel' }), autoComplete: 'off' }} errors={fields.phone.errors} />
        <Field label="Website" inputProps={{ ...getInputProps(fields.website, { type: 'url' }), placeholder: 'https://' }} errors={fields.website.errors} />
        <Field
          label="Email domains"
          inputProps={{ ...getInputProps(fields.emailDomains, { type: 'text' }), placeholder: 'agency.gov, unit.agency.gov' }}
          errors={fields.emailDomains.errors}
          help="Officers can sign up only with an address at one of these or a subdomain of it. Not a free-mail provider, nor a suffix many share such as co.uk."
        />
      </div>
      <Field
        label="Tags"
        inputProps={{ ...getInputProps(fields.tags, { type: 'text' }), placeholder: 'ICAC, cybercrime' }}
        errors={fields.tags.errors}
        help="Separate tags with commas."
      />
      <TextareaField label="Notes" textareaProps={getTextareaProps(fields.notes)} errorId={fields.notes.errorId} errors={fields.notes.errors} rows={4} />
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} pending={navigation.state === 'submitting'} />
    </Form>
  )
}
