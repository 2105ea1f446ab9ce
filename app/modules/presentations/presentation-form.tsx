import {
  getCollectionProps,
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type FieldMetadata,
  type SubmissionResult,
} from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from 'react-router'
import { topics } from '#db/schema/vocabulary'
import { ErrorList, Field, FormActions, FormError, SelectField, TextareaField } from '~/components/forms'
import { MultiPicker, type PickerOption } from '~/components/multi-picker'
import { formatConferenceDates } from '~/modules/conferences/conferences-schema'
import { topicLabels } from '~/modules/engagements/engagements-schema'
import { feedbackScoreLabels, presentationEditSchema, presentationFormSchema } from './presentations-schema'

export type PresentationFormDefaults = {
  title?: string
  conferenceId?: string | null
  presentedAt?: string
  presenterIds?: string[]
  agencyIds?: string[]
  audienceSize?: string | null
  topics?: string[]
  materialsUrl?: string | null
  feedbackScore?: string | null
  notes?: string | null
}
type ConferenceOption = { id: string; name: string; startsOn: string; endsOn: string; city: string | null }
type StaffOption = { id: string; name: string }

/** A group of checkboxes for a list field (presenters, topics), with its errors. */
function CheckboxGroup({
  legend,
  help,
  field,
  options,
}: {
  legend: string
  help?: string
  field: FieldMetadata<string[]>
  options: { value: string; label: string }[]
}) {
  const labels = new Map(options.map((option) => [option.value, option.label]))
  return (
    <fieldset aria-describedby={field.errors?.length ? field.errorId : undefined}>
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {help ? <p className="mb-2 text-xs text-muted">{help}</p> : null}
      {options.length === 0 ? (
        <p className="text-sm text-muted">Nothing to choose from yet.</p>
      ) : (
        <div className="grid max-h-56 gap-x-4 gap-y-1 overflow-y-auto rounded-md border border-line p-3 sm:grid-cols-2">
          {getCollectionProps(field, { type: 'checkbox', options: options.map((option) => option.value) }).map(({ key, ...props }) => (
            <label key={key} className="inline-flex items-center gap-2 text-sm">
              <input {...props} className="h-4 w-4 accent-accent" />
              {labels.get(props.value)}
            </label>
          ))}
        </div>
      )}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  )
}

/** The presentation form, for creating (no version) and editing (with the version it was read at). */
export function PresentationForm({
  lastResult,
  defaultValue,
  conferences,
  staff,
  agencies = [],
  otherRegionAgencies = 0,
  version,
  cancelTo,
  submitLabel,
}: {
  lastResult?: SubmissionResult<string[]> | null
  defaultValue?: PresentationFormDefaults
  conferences: ConferenceOption[]
  staff: StaffOption[]
  /** The audience agencies already recorded that the user may see. */
  agencies?: PickerOption[]
  /** Audience agencies in regions the user does not work in: kept by a save, counted, never named. */
  otherRegionAgencies?: number
  version?: number
  cancelTo: string
  submitLabel: string
}) {
  const schema = version === undefined ? presentationFormSchema : presentationEditSchema
  const navigation = useNavigation()
  const [form, fields] = useForm({
    id: 'presentation',
    lastResult,
    defaultValue,
    constraint: getZodConstraint(schema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const conferenceOptions = [
    { value: '', label: 'Not at a conference' },
    ...conferences.map((conference) => ({
      value: conference.id,
      label: `${conference.name} — ${formatConferenceDates(conference.startsOn, conference.endsOn)}${conference.city ? `, ${conference.city}` : ''}`,
    })),
  ]
  return (
    <Form method="post" className="card space-y-4" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <Field label="Title" inputProps={{ ...getInputProps(fields.title, { type: 'text' }), autoFocus: true }} errors={fields.title.errors} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField label="Conference" selectProps={getSelectProps(fields.conferenceId)} options={conferenceOptions} errors={fields.conferenceId.errors} />
        <Field
          label="Presented at (UTC)"
          inputProps={getInputProps(fields.presentedAt, { type: 'datetime-local' })}
          errors={fields.presentedAt.errors}
          help="Coordinated Universal Time, not the local time of the venue."
        />
        <Field
          label="Audience size"
          inputProps={{ ...getInputProps(fields.audienceSize, { type: 'number' }), min: 0, step: 1, inputMode: 'numeric' }}
          errors={fields.audienceSize.errors}
        />
        <SelectField
          label="Feedback score"
          selectProps={getSelectProps(fields.feedbackScore)}
          options={[{ value: '', label: 'Not rated' }, ...Object.entries(feedbackScoreLabels).map(([value, label]) => ({ value, label }))]}
          errors={fields.feedbackScore.errors}
        />
      </div>
      <Field
        label="Materials link"
        inputProps={{ ...getInputProps(fields.materialsUrl, { type: 'url' }), placeholder: 'https://' }}
        errors={fields.materialsUrl.errors}
        help="Slides or handouts, where the team keeps them."
      />
      <div>
        <MultiPicker
          name="agencyIds"
          label="Agencies in the audience"
          endpoint="/search/agencies"
          defaultSelected={agencies}
          errors={fields.agencyIds.errors}
          placeholder="Type an agency's name…"
        />
        <p className="mt-1 text-xs text-muted">
          The agencies whose people attended: they count as reached in the outreach funnel.
          {otherRegionAgencies > 0
            ? ` Also in the audience: ${otherRegionAgencies === 1 ? '1 agency in another region' : `${otherRegionAgencies} agencies in other regions`}; saving keeps them as they are.`
            : ''}
        </p>
      </div>
      <CheckboxGroup legend="Presenters" field={fields.presenterIds} options={staff.map((person) => ({ value: person.id, label: person.name }))} />
      <CheckboxGroup legend="Topics" field={fields.topics} options={topics.map((topic) => ({ value: topic, label: topicLabels[topic] }))} />
      <TextareaField label="Notes" textareaProps={getTextareaProps(fields.notes)} errorId={fields.notes.errorId} errors={fields.notes.errors} rows={4} />
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} pending={navigation.state === 'submitting'} />
    </Form>
  )
}
