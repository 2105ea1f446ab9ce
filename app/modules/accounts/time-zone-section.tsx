import { getFormProps, getSelectProps, useForm, type SubmissionResult } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod/v4'
import { Form } from 'react-router'
import { FormError, SelectField, SubmitButton } from '~/components/forms'
import { timeZoneChoices } from '~/lib/time-zone'
import { timeZoneSettingSchema } from './accounts-schema'

/**
 * The "Time zone" section of /settings: a zone chosen here wins over the one the browser
 * reports; "Follow my browser" stores none. `shownZone` is the zone in use now.
 */
export function TimeZoneSection({
  chosenTimeZone,
  shownZone,
  lastResult,
  pending,
}: {
  chosenTimeZone: string | null
  shownZone: string
  lastResult: SubmissionResult<string[]> | undefined
  pending: boolean
}) {
  const [form, fields] = useForm({
    id: 'time-zone',
    lastResult,
    defaultValue: { timeZone: chosenTimeZone ?? '' },
    constraint: getZodConstraint(timeZoneSettingSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: timeZoneSettingSchema }),
  })
  return (
    <section className="card mt-6 space-y-4" aria-labelledby="time-zone-heading">
      <h2 id="time-zone-heading" className="text-lg font-semibold">
        Time zone
      </h2>
      <p className="text-sm text-muted">
        The calendar shows times in this zone. Now: <strong>{shownZone}</strong>
        {chosenTimeZone ? '' : ' (from your browser)'}.
      </p>
      <Form method="post" className="space-y-4" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="timeZone" />
        <FormError id={form.errorId} errors={form.errors} />
        <SelectField
          label="Time zone"
          selectProps={getSelectProps(fields.timeZone)}
          options={[{ value: '', label: 'Follow my browser' }, ...timeZoneChoices().map((zone) => ({ value: zone, label: zone.replaceAll('_', ' ') }))]}
          errors={fields.timeZone.errors}
        />
        <SubmitButton pending={pending}>Save time zone</SubmitButton>
      </Form>
    </section>
  )
}
