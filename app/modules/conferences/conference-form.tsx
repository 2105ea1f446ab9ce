import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from 'react-router'
import { conferenceAudiences, conferenceStatuses } from '#db/schema/vocabulary'
import { Field, FormActions, FormError, SelectField, TextareaField } from '~/components/forms'
import { timeZoneChoices } from '~/lib/time-zone'
import { conferenceAudienceLabels, conferenceEditSchema, conferenceFormSchema, conferenceStatusLabels } from './conferences-schema'

type Option = { value: string; label: string }
export type ConferenceFormDefaults = Record<string, string | null | undefined>

/** The conference form, for creating (no version) and editing (with the version it was read at). */
export function ConferenceForm({
  lastResult,
  defaultValue,
  countries,
  version,
  cancelTo,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue?: ConferenceFormDefaults
  countries: { code: string; name: string }[]
  version?: number
  cancelTo: string
  submitLabel: string
}) {
  const schema = version === undefined ? conferenceFormSchema : conferenceEditSchema
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'conference',
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
        <Field
          label="Organiser"
          inputProps={{ ...getInputProps(fields.organiser, { type: 'text' }), placeholder: 'e.g. Dallas Children’s Advocacy Center' }}
          errors={fields.organiser.errors}
        />
        <Field label="Website" inputProps={{ ...getInputProps(fields.website, { type: 'url' }), placeholder: 'https://' }} errors={fields.website.errors} />
        <Field label="First day" inputProps={getInputProps(fields.startsOn, { type: 'date' })} errors={fields.startsOn.errors} />
        <Field
          label="Last day"
          inputProps={getInputProps(fields.endsOn, { type: 'date' })}
          errors={fields.endsOn.errors}
          help="The same as the first day for a one-day event."
        />
        <Field
          label="Registration closes"
          inputProps={getInputProps(fields.registrationDeadline, { type: 'date' })}
          errors={fields.registrationDeadline.errors}
          help="Optional; on or before the first day."
        />
        <Field
          label="Call for papers closes"
          inputProps={getInputProps(fields.callForPapersDeadline, { type: 'date' })}
          errors={fields.callForPapersDeadline.errors}
          help="Optional; on or before the first day."
        />
        <Field label="City" inputProps={getInputProps(fields.city, { type: 'text' })} errors={fields.city.errors} />
        <SelectField
          label="Country"
          selectProps={getSelectProps(fields.countryCode)}
          options={[option('', 'Choose…'), ...countries.map((country) => option(country.code, country.name))]}
          errors={fields.countryCode.errors}
        />
        <SelectField
          label="Venue time zone"
          selectProps={getSelectProps(fields.timeZone)}
          options={timeZoneChoices().map((zone) => option(zone, zone.replaceAll('_', ' ')))}
          errors={fields.timeZone.errors}
        />
        <SelectField
          label="Audience"
          selectProps={getSelectProps(fields.audience)}
          options={conferenceAudiences.map((audience) => option(audience, conferenceAudienceLabels[audience]))}
          errors={fields.audience.errors}
        />
        <SelectField
          label="Status"
          selectProps={getSelectProps(fields.status)}
          options={conferenceStatuses.map((status) => option(status, conferenceStatusLabels[status]))}
          errors={fields.status.errors}
        />
        <Field
          label="Expected attendance"
          inputProps={{ ...getInputProps(fields.expectedAttendance, { type: 'number' }), min: 0, step: 1, inputMode: 'numeric' }}
          errors={fields.expectedAttendance.errors}
        />
      </div>
      <TextareaField label="Notes" textareaProps={getTextareaProps(fields.notes)} errorId={fields.notes.errorId} errors={fields.notes.errors} rows={4} />
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} pending={navigation.state === 'submitting'} />
    </Form>
  )
}
