import { useEffect, useRef } from 'react'
import { Form } from 'react-router'
import type { CalendarEvent } from './calendar.server'

/**
 * "Move…": the keyboard's way to do what dragging does (react-big-calendar's drag and drop has no
 * keyboard support). A native modal dialog: focus moves into it, Escape closes it, focus returns.
 */
export function MoveDialog({ event, timeZone, returnTo, onClose }: { event: CalendarEvent | null; timeZone: string; returnTo: string; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const element = dialog.current
    if (!element) return
    if (event && !element.open) element.showModal()
    if (!event && element.open) element.close()
  }, [event])
  return (
    <dialog
      ref={dialog}
      onClose={onClose}
      aria-labelledby="move-heading"
      className="m-auto w-full max-w-md rounded-lg bg-surface p-6 shadow-xl backdrop:bg-ink/40"
    >
      {event?.move ? (
        <Form key={event.id} method="post" className="space-y-4" onSubmit={() => dialog.current?.close()}>
          <h2 id="move-heading" className="text-lg font-semibold">
            Move “{event.title}”
          </h2>
          <p className="text-sm text-muted">The new start, in {timeZone}. It keeps its length; the move is on its timeline.</p>
          <input type="hidden" name="intent" value="move" />
          <input type="hidden" name="engagementId" value={event.move.engagementId} />
          <input type="hidden" name="version" value={event.move.version} />
          <input type="hidden" name="returnTo" value={returnTo} />
          <div className="grid grid-cols-2 gap-3">
            <div>
              <label htmlFor="move-date" className="mb-1 block text-sm font-medium">
                Date
              </label>
              <input id="move-date" name="date" type="date" required defaultValue={event.start.slice(0, 10)} className="input" autoFocus />
            </div>
            <div>
              <label htmlFor="move-time" className="mb-1 block text-sm font-medium">
                Time
              </label>
              <input id="move-time" name="time" type="time" required defaultValue={event.start.slice(11, 16)} className="input" />
            </div>
          </div>
          <div className="flex justify-end gap-3">
            <button type="button" className="btn-secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="btn-primary">
              Move
            </button>
          </div>
        </Form>
      ) : null}
    </dialog>
  )
}
