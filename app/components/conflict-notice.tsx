/** What the record looks like now, after someone else's save: shown above the kept input. */
export function ConflictNotice({ values }: { values: Record<string, string | number | null | undefined> }) {
  return (
    <div role="alert" className="mb-4 rounded-md border border-warning/40 bg-warning-soft p-4 text-sm">
      <p className="font-semibold text-warning">The saved version changed while you were editing.</p>
      <dl className="mt-2 grid grid-cols-2 gap-x-4 gap-y-1 sm:grid-cols-3">
        {Object.entries(values).map(([label, value]) => (
          <div key={label}>
            <dt className="text-xs text-muted capitalize">{label}</dt>
            <dd>{value === null || value === undefined || value === '' ? '—' : String(value)}</dd>
          </div>
        ))}
      </dl>
    </div>
  )
}
