import { useEffect, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import type { NavigationItem } from '~/lib/auth/permissions'

/** The lists whose "new record" page `n` opens. */
const newRecordPages: Record<string, string> = {
  '/agencies': '/agencies/new',
  '/contacts': '/contacts/new',
  '/engagements': '/engagements/new',
  '/conferences': '/conferences/new',
}

/** How long `g` waits for its letter. */
const SEQUENCE_MS = 1500

function typingIn(target: EventTarget | null) {
  const element = target as HTMLElement | null
  return !!element && (element.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName))
}

/**
 * The staff's keyboard shortcuts, beside "/" (search, `useSearchShortcut`): `?` lists them, `g`
 * then a letter opens a page of the navigation (each item's `key`), `n` starts a new record on a
 * list page. Never while typing in a field or with a modifier key held.
 */
export function KeyboardShortcuts({ navigation }: { navigation: NavigationItem[] }) {
  const navigate = useNavigate()
  const location = useLocation()
  const dialog = useRef<HTMLDialogElement>(null)
  const [waitingForLetter, setWaitingForLetter] = useState(false)
  const targets = navigation.filter((item): item is NavigationItem & { key: string } => !!item.key)
  const newPage = newRecordPages[location.pathname]

  useEffect(() => {
    if (!waitingForLetter) return
    const timer = setTimeout(() => setWaitingForLetter(false), SEQUENCE_MS)
    return () => clearTimeout(timer)
  }, [waitingForLetter])

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.metaKey || event.ctrlKey || event.altKey || typingIn(event.target) || dialog.current?.open) return
      if (waitingForLetter) {
        setWaitingForLetter(false)
        const target = targets.find((item) => item.key === event.key)
        if (target) {
          event.preventDefault()
          navigate(target.to)
        }
        return
      }
      if (event.key === '?') {
        event.preventDefault()
        dialog.current?.showModal()
      } else if (event.key === 'g' && targets.length > 0) {
        setWaitingForLetter(true)
      } else if (event.key === 'n' && newPage) {
        event.preventDefault()
        navigate(newPage)
      }
    }
    window.addEventListener('keydown', onKeyDown)
    return () => window.removeEventListener('keydown', onKeyDown)
  }, [navigate, newPage, targets, waitingForLetter])

  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title" className="m-auto w-full max-w-md rounded-lg bg-surface p-6 shadow-xl backdrop:bg-ink/40">
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt>
          <kbd>/</kbd>
        </dt>
        <dd>Search this list</dd>
        <dt>
          <kbd>n</kbd>
        </dt>
        <dd>New record, on the agencies, contacts, engagements and conferences lists</dd>
        {targets.map((item) => (
          <Shortcut key={item.to} keys={['g', item.key]} label={`Go to ${item.label}`} />
        ))}
        <dt>
          <kbd>?</kbd>
        </dt>
        <dd>This list</dd>
      </dl>
      <form method="dialog" className="mt-6 flex justify-end">
        <button type="submit" className="btn-secondary">
          Close
        </button>
      </form>
    </dialog>
  )
}

function Shortcut({ keys, label }: { keys: string[]; label: string }) {
  return (
    <>
      <dt>
        {keys.map((key, index) => (
          <span key={index}>
            {index > 0 ? ' then ' : null}
            <kbd>{key}</kbd>
          </span>
        ))}
      </dt>
      <dd>{label}</dd>
    </>
  )
}
