import { Link } from 'react-router'
import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useId } from 'react'
import { useI18n } from '~/lib/i18n/i18n'
import en from '~/lib/i18n/messages/en'

/**
 * The forms' schemas speak English, one sentence per rule, and the same sentences are the
 * `validation` entries of the interface's words: an error shown to a reader of another language
 * is looked up by its English text. Anything else (the staff's forms) is shown as it is.
 */
const validationKeys = new Map(Object.entries(en.validation).map(([key, text]) => [text, key as keyof typeof en.validation]))

function useErrorText() {
  const { t } = useI18n()
  return (error: string) => {
    const key = validationKeys.get(error)
    return key ? t(`validation.${key}`) : error
  }
}

/** Field errors under an input, announced to screen readers. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const text = useErrorText()
  if (!errors?.length) return null
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-danger">
      {errors.map((error) => (
        <li key={error}>{text(error)}</li>
      ))}
    </ul>
  )
}

type FieldProps = {
  label: string
  inputProps: InputHTMLAttributes<HTMLInputElement> & { key?: string }
  errors?: string[] | null
  help?: ReactNode
}

export function Field({ label, inputProps, errors, help }: FieldProps) {
  const fallbackId = useId()
  const { key, ...props } = inputProps
  const id = props.id ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  const helpId = help ? `${id}-help` : undefined
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        key={key}
        {...props}
        id={id}
        className="input"
        aria-invalid={errorId ? true : undefined}
        aria-describedby={[helpId, errorId].filter(Boolean).join(' ') || undefined}
      />
      {help ? (
        <p id={helpId} className="mt-1 text-xs text-muted">
          {help}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

type SelectFieldProps = {
  label: string
  selectProps: SelectHTMLAttributes<HTMLSelectElement> & { key?: string }
  options: ReadonlyArray<{ value: string; label: string }>
  errors?: string[] | null
}

export function SelectField({ label, selectProps, options, errors }: SelectFieldProps) {
  const fallbackId = useId()
  const { key, ...props } = selectProps
  const id = props.id ?? fallbackId
  const errorId = errors?.length ? `${id}-error` : undefined
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <select key={key} {...props} id={id} className="input" aria-invalid={errorId ? true : undefined} aria-describedby={errorId}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** A message about the whole form (wrong password, throttled, conflict). */
export function FormError({ id, errors }: { id?: string; errors?: string[] | null }) {
  const text = useErrorText()
  if (!errors?.length) return null
  return (
    <div id={id} role="alert" className="rounded-md border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger">
      {errors.map(text).join(' ')}
    </div>
  )
}

export function SubmitButton({ children, pending, className = 'btn-primary' }: { children: ReactNode; pending?: boolean; className?: string }) {
  return (
    <button type="submit" className={className} disabled={pending} aria-busy={pending || undefined}>
      {pending ? <span aria-hidden className="h-3 w-3 animate-spin rounded-full border-2 border-current border-t-transparent" /> : null}
      {children}
    </button>
  )
}

type TextareaFieldProps = {
  label: string
  textareaProps: TextareaHTMLAttributes<HTMLTextAreaElement> & { key?: string; id: string }
  errorId: string
  errors?: string[] | null
  rows?: number
}

/** A labelled multi-line field with its errors (notes, summaries, outcomes). */
export function TextareaField({ label, textareaProps, errorId, errors, rows = 4 }: TextareaFieldProps) {
  const { key, ...props } = textareaProps
  return (
    <div>
      <label htmlFor={props.id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <textarea
        key={key}
        {...props}
        rows={rows}
        className="input"
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={errors?.length ? errorId : undefined}
      />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** Save and cancel at the foot of a record form. */
export function FormActions({ submitLabel, cancelTo, pending }: { submitLabel: string; cancelTo: string; pending: boolean }) {
  return (
    <div className="flex gap-3">
      <SubmitButton pending={pending}>{submitLabel}</SubmitButton>
      <Link to={cancelTo} className="btn-secondary">
        Cancel
      </Link>
    </div>
  )
}
