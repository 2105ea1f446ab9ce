import { getCollectionProps, getSelectProps, type FieldMetadata } from '@conform-to/react'
import { ErrorList, SelectField } from '~/components/forms'
import { roleLabels } from '~/lib/auth/permissions'
import { regionCodes } from '#db/schema/vocabulary'

const roleOptions = (['outreach_lead', 'global_head', 'admin', 'officer'] as const).map((role) => ({ value: role, label: roleLabels[role] }))

/** Role and region pickers shared by the invitation and the edit forms. */
export function UserAccessFields({ role, regions }: { role: FieldMetadata<string>; regions: FieldMetadata<string[]> }) {
  return (
    <>
      <SelectField label="Role" selectProps={getSelectProps(role)} options={roleOptions} errors={role.errors} />
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Regions</legend>
        <p className="mb-2 text-xs text-muted">Outreach leads work only in these. Admins and the global head see every region.</p>
        <div className="flex flex-wrap gap-3">
          {getCollectionProps(regions, { type: 'checkbox', options: [...regionCodes] }).map(({ key, ...props }) => (
            <label key={key} className="inline-flex items-center gap-2 text-sm">
              <input {...props} className="h-4 w-4 accent-accent" />
              {props.value}
            </label>
          ))}
        </div>
        <ErrorList id={regions.errorId} errors={regions.errors} />
      </fieldset>
    </>
  )
}
