import { CalendarPlus } from 'lucide-react'

/** "Add to calendar": downloads the record's .ics file (a plain link: the file is no page). */
export function AddToCalendarLink({ href, label = 'Add to calendar' }: { href: string; label?: string }) {
  return (
    <a href={href} download className="btn-secondary">
      <CalendarPlus aria-hidden size={16} /> {label}
    </a>
  )
}
