/** A select in a list's filter bar: "Any" first, the URL keeps the choice. */
export function FilterSelect({ name, label, options, value }: { name: string; label: string; options: { value: string; label: string }[]; value: string }) {
  return (
    <div>
      <label htmlFor={`filter-${name}`} className="mb-1 block text-xs font-medium text-muted">
        {label}
      </label>
      <select id={`filter-${name}`} name={name} defaultValue={value} className="input">
        <option value="">Any</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  )
}
