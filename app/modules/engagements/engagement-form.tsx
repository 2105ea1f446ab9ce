import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form, useNavigation } from 'react-router'
import { Plus, Trash2 } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import { engagementKinds, topics } from '#db/schema/vocabulary'
import { ErrorList, Field, FormActions, FormError, SelectField, TextareaField } from '~/components/forms'
import { MultiPicker, type PickerOption } from '~/components/multi-picker'
import { commonTimeZones, engagementEditSchema, engagementFormSchema, engagementKindLabels, topicLabels } from './engagements-schema'

export type EngagementFormDefaults = {
  kind?: string
  title?: string
  startsAt?: string
  endsAt?: string
  timeZone?: string
  location?: string | null
  summary?: string | null
  outcome?: string | null
  topics?: string[]
  conferenceId?: string | null
}

type Props = {
  lastResult?: SubmissionResult<string[]> | null
  defaults: EngagementFormDefaults
  agencies: PickerOption[]
  contacts: PickerOption[]
  staff: PickerOption[]
  conferences: { id: string; name: string; startsOn: string }[]
  version?: number
  cancelTo: string
  submitLabel: string
  /** Follow-up tasks can be created only while logging. */
  allowFollowUps: boolean
  /** Links in regions the user does not work in: kept by a save, counted here, never named. */
  otherRegions?: { agencies: number; contacts: number }
}

function otherRegionsNote({ agencies, contacts }: { agencies: number; contacts: number }) {
  const parts = [
    agencies === 1 ? '1 agency' : agencies ? `${agencies} agencies` : '',
    contacts === 1 ? '1 contact' : contacts ? `${contacts} contacts` : '',
  ].filter(Boolean)
  if (!parts.length) return null
  return `Also taking part: ${parts.join(' and ')} in ${agencies + contacts === 1 ? 'another region' : 'other regions'}. Saving keeps them as they are.`
}

/** Log an engagement in under a minute: who, when, what, and what happens next. */
export function EngagementForm({
  lastResult,
  defaults,
  agencies,
  contacts,
  staff,
  conferences,
  version,
  cancelTo,
  submitLabel,
  allowFollowUps,
  otherRegions,
}: Props) {
  const schema = version === undefined ? engagementFormSchema : engagementEditSchema
  const navigation = useNavigation()
  const [chosenAgencies, setChosenAgencies] = useState(agencies)
  const [chosenStaff, setChosenStaff] = useState(staff)
  const [form, fields] = useForm({
    id: 'engagement',
    lastResult,
    defaultValue: { ...defaults, followUps: [] },
    constraint: getZodConstraint(schema),
    shouldRevalidate: 'onInput',
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  })
  const followUps = fields.followUps.getFieldList()
  // "Add a follow-up" puts the cursor in the new row, so that typing goes there (not into the button).
  const focusNewFollowUp = useRef(false)
  const lastFollowUpTitleId = followUps.at(-1)?.getFieldset().title.id
  useEffect(() => {
    if (!focusNewFollowUp.current || !lastFollowUpTitleId) return
    focusNewFollowUp.current = false
    document.getElementById(lastFollowUpTitleId)?.focus()
  }, [followUps.length, lastFollowUpTitleId])
  const elsewhere = otherRegions ? otherRegionsNote(otherRegions) : null
  const zones = defaults.timeZone && !commonTimeZones.includes(defaults.timeZone as never) ? [defaults.timeZone, ...commonTimeZones] : commonTimeZones
  return (
    <Form method="post" className="space-y-6" {...getFormProps(form)}>
      <FormError id={form.errorId} errors={form.errors} />
      {version !== undefined ? <input type="hidden" name="version" value={version} /> : null}
      <section className="card space-y-4" aria-labelledby="what-heading">
        <h2 id="what-heading" className="font-semibold">
          What and when
        </h2>
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Kind"
            selectProps={getSelectProps(fields.kind)}
            options={engagementKinds.map((kind) => ({ value: kind, label: engagementKindLabels[kind] }))}
            errors={fields.kind.errors}
          />
          <div className="sm:col-span-2">
            <Field
              label="Title"
              inputProps={{
                ...getInputProps(fields.title, { type: 'text' }),
                autoFocus: true,
                placeholder: 'Emergency request walkthrough with the cybercrime unit',
              }}
              errors={fields.title.errors}
            />
          </div>
          <Field label="Starts" inputProps={getInputProps(fields.startsAt, { type: 'datetime-local' })} errors={fields.startsAt.errors} />
          <Field label="Ends (optional)" inputProps={getInputProps(fields.endsAt, { type: 'datetime-local' })} errors={fields.endsAt.errors} />
          <SelectField
            label="Time zone"
            selectProps={getSelectProps(fields.timeZone)}
            options={zones.map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))}
            errors={fields.timeZone.errors}
          />
          <div className="sm:col-span-2">
            <Field label="Location or video link" inputProps={getInputProps(fields.location, { type: 'text' })} errors={fields.location.errors} />
          </div>
          <SelectField
            label="At a conference"
            selectProps={getSelectProps(fields.conferenceId)}
            options={[
              { value: '', label: 'No' },
              ...conferences.map((conference) => ({ value: conference.id, label: `${conference.name} (${conference.startsOn.slice(0, 7)})` })),
            ]}
            errors={fields.conferenceId.errors}
          />
        </div>
      </section>
      <section className="card space-y-4" aria-labelledby="who-heading">
        <h2 id="who-heading" className="font-semibold">
          Who took part
        </h2>
        <MultiPicker
          name="agencyIds"
          label="Agencies"
          endpoint="/search/agencies"
          defaultSelected={agencies}
          errors={fields.agencyIds.errors}
          onChange={setChosenAgencies}
          placeholder="Type an agency's name…"
        />
        <MultiPicker
          name="contactIds"
          label="Their people"
          endpoint="/search/contacts"
          params={{ agencyIds: chosenAgencies.map((agency) => agency.id) }}
          defaultSelected={contacts}
          errors={fields.contactIds.errors}
          placeholder="Type a contact's name…"
        />
        <MultiPicker
          name="staffIds"
          label="Our staff"
          endpoint="/search/staff"
          defaultSelected={staff}
          errors={fields.staffIds.errors}
          onChange={setChosenStaff}
        />
        {elsewhere ? <p className="text-sm text-muted">{elsewhere}</p> : null}
      </section>
      <section className="card space-y-4" aria-labelledby="notes-heading">
        <h2 id="notes-heading" className="font-semibold">
          Notes
        </h2>
        <fieldset>
          <legend className="mb-2 text-sm font-medium">Topics</legend>
          <div className="grid gap-2 sm:grid-cols-2">
            {topics.map((topic) => (
              <label key={topic} className="inline-flex items-center gap-2 text-sm">
                <input type="checkbox" name={fields.topics.name} value={topic} defaultChecked={defaults.topics?.includes(topic)} className="accent-accent" />
                {topicLabels[topic]}
              </label>
            ))}
          </div>
          <ErrorList id={fields.topics.errorId} errors={fields.topics.errors} />
        </fieldset>
        <TextareaField
          label="Summary"
          textareaProps={getTextareaProps(fields.summary)}
          errorId={fields.summary.errorId}
          errors={fields.summary.errors}
          rows={4}
        />
        <TextareaField
          label="Outcome"
          textareaProps={getTextareaProps(fields.outcome)}
          errorId={fields.outcome.errorId}
          errors={fields.outcome.errors}
          rows={2}
        />
      </section>
      {allowFollowUps ? (
        <section className="card space-y-3" aria-labelledby="followups-heading">
          <h2 id="followups-heading" className="font-semibold">
            Follow-up tasks
          </h2>
          {followUps.length === 0 ? <p className="text-sm text-muted">Add what you promised to do next; each becomes a task.</p> : null}
          {followUps.map((followUp, index) => {
            const task = followUp.getFieldset()
            return (
              <div key={followUp.key} className="grid items-end gap-3 sm:grid-cols-[1fr_auto_auto_auto]">
                <Field label={`Follow-up ${index + 1}`} inputProps={getInputProps(task.title, { type: 'text' })} errors={task.title.errors} />
                <Field label="Due" inputProps={getInputProps(task.dueOn, { type: 'date' })} errors={task.dueOn.errors} />
                {/* Me, or one of the staff who took part (the server checks they are staff). */}
                <SelectField
                  label="Assigned to"
                  selectProps={getSelectProps(task.assigneeId)}
                  options={[{ value: '', label: 'Me' }, ...chosenStaff.map((person) => ({ value: person.id, label: person.label }))]}
                  errors={task.assigneeId.errors}
                />
                <button
                  {...form.remove.getButtonProps({ name: fields.followUps.name, index })}
                  className="btn-secondary"
                  aria-label={`Remove follow-up ${index + 1}`}
                >
                  <Trash2 aria-hidden size={16} />
                </button>
              </div>
            )
          })}
          <button
            {...form.insert.getButtonProps({ name: fields.followUps.name, defaultValue: { title: '' } })}
            onClick={() => (focusNewFollowUp.current = true)}
            className="btn-secondary"
          >
            <Plus aria-hidden size={16} /> Add a follow-up
          </button>
          <ErrorList id={fields.followUps.errorId} errors={fields.followUps.errors} />
        </section>
      ) : null}
      <FormActions submitLabel={submitLabel} cancelTo={cancelTo} pending={navigation.state === 'submitting'} />
    </Form>
  )
}
