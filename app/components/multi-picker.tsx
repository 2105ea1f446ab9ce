import { useFetcher } from 'react-router'
import { ChevronDown, X } from 'lucide-react'
import { useEffect, useId, useState } from 'react'
import { Button, ComboBox, Input, ListBox, ListBoxItem, Popover } from 'react-aria-components'
import { ErrorList } from './forms'

export type PickerOption = { id: string; label: string; description?: string | null }

type MultiPickerProps = {
  /** Form field name: one hidden input per chosen id. */
  name: string
  label: string
  /** A loader answering `{ options: PickerOption[] }` for `?q=`. */
  endpoint: string
  /** Extra query parameters (e.g. the agencies chosen so far). */
  params?: Record<string, string[]>
  defaultSelected?: PickerOption[]
  errors?: string[] | null
  placeholder?: string
  onChange?: (selected: PickerOption[]) => void
  /** At most this many (1 makes it a single picker). */
  max?: number
}

/** Type-ahead that picks several records: chips above, a combobox that searches as you type. */
export function MultiPicker({ name, label, endpoint, params = {}, defaultSelected = [], errors, placeholder, onChange, max = 50 }: MultiPickerProps) {
  const fetcher = useFetcher<{ options: PickerOption[] }>()
  const [selected, setSelected] = useState<PickerOption[]>(defaultSelected)
  const [text, setText] = useState('')
  const errorId = useId()
  const paramsKey = JSON.stringify(params)

  useEffect(() => {
    const search = new URLSearchParams({ q: text })
    for (const [key, values] of Object.entries(JSON.parse(paramsKey) as Record<string, string[]>)) for (const value of values) search.append(key, value)
    const timer = setTimeout(() => fetcher.load(`${endpoint}?${search}`), 150)
    return () => clearTimeout(timer)
    // fetcher.load is stable enough; reloading on each fetcher change would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, endpoint, paramsKey])

  function update(next: PickerOption[]) {
    setSelected(next)
    onChange?.(next)
  }

  const chosen = new Set(selected.map((option) => option.id))
  const options = (fetcher.data?.options ?? []).filter((option) => !chosen.has(option.id))
  return (
    <div>
      {selected.map((option) => (
        <input key={option.id} type="hidden" name={name} value={option.id} />
      ))}
      <ComboBox
        aria-label={label}
        aria-describedby={errors?.length ? errorId : undefined}
        items={options}
        // Chosen records live in the chips: a fresh combobox after each pick holds no selection
        // of its own, and keeps the focus so that the next one can be picked at once.
        key={selected.length}
        autoFocus={selected.length > defaultSelected.length}
        inputValue={text}
        onInputChange={setText}
        onSelectionChange={(key) => {
          const option = options.find((candidate) => candidate.id === key)
          if (option) update([...selected, option])
          setText('')
        }}
        menuTrigger="focus"
        allowsEmptyCollection
      >
        <span className="mb-1 block text-sm font-medium">{label}</span>
        {selected.length ? (
          <ul className="mb-2 flex flex-wrap gap-2" aria-label={`${label} chosen`}>
            {selected.map((option) => (
              <li key={option.id} className="inline-flex items-center gap-1 rounded-full bg-accent-soft px-2.5 py-1 text-xs font-medium text-accent-strong">
                {option.label}
                <button
                  type="button"
                  aria-label={`Remove ${option.label}`}
                  onClick={() => update(selected.filter((item) => item.id !== option.id))}
                  className="rounded-full hover:bg-accent/20"
                >
                  <X aria-hidden size={12} />
                </button>
              </li>
            ))}
          </ul>
        ) : null}
        <div className={selected.length >= max ? 'sr-only' : 'relative'}>
          <Input
            className="input pr-9"
            disabled={selected.length >= max}
            placeholder={placeholder ?? 'Type to search…'}
            aria-invalid={errors?.length ? true : undefined}
          />
          <Button
            aria-label={`Show ${label.toLowerCase()}`}
            className="absolute top-1/2 right-2 -translate-y-1/2 rounded p-1 text-subtle hover:text-ink"
            isDisabled={selected.length >= max}
          >
            <ChevronDown aria-hidden size={16} />
          </Button>
        </div>
        <Popover className="max-h-72 w-(--trigger-width) overflow-auto rounded-md border border-line bg-surface p-1 shadow-lg">
          <ListBox
            className="outline-none"
            renderEmptyState={() => <p className="px-3 py-2 text-sm text-muted">{fetcher.state === 'loading' ? 'Searching…' : 'Nothing found'}</p>}
          >
            {(option: PickerOption) => (
              <ListBoxItem id={option.id} textValue={option.label} className="cursor-pointer rounded px-3 py-2 text-sm outline-none data-[focused]:bg-canvas">
                <span className="block font-medium">{option.label}</span>
                {option.description ? <span className="block text-xs text-muted">{option.description}</span> : null}
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}
