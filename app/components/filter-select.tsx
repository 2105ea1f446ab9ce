/**
 * A select in a list's filter bar: the empty choice first ("Any", or `anyLabel`; none when
 * `anyLabel` is null, for a filter that always has a value), the URL keeps the choice.
 */
export function FilterSelect({
  name,
  label,
  options,
  value,
  anyLabel = 'Any',
}: {
  name: string
  label: string
  options: { value: string; label: string }[]
  value: string
  anyLabel?: string | null
}) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="mb-1 block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value} className="input">
        {anyLabel === null ? null : <option value="">{anyLabel}</option>}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
