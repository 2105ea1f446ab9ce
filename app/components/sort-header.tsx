import { Link, useLocation } from 'react-router'
import { ArrowDown, ArrowUp } from 'lucide-react'

/** A table header that sorts by its column; a second click reverses the order. */
export function SortHeader({ label, sortKey, current }: { label: string; sortKey: string; current: string }) {
  const location = useLocation()
  const params = new URLSearchParams(location.search)
  const ascending = current === sortKey
  const descending = current === `-${sortKey}`
  params.set('sort', ascending ? `-${sortKey}` : sortKey)
  params.delete('page')
  return (
    <th scope="col" aria-sort={ascending ? 'ascending' : descending ? 'descending' : 'none'}>
      <Link to={`${location.pathname}?${params}`} className="inline-flex items-center gap-1 text-muted no-underline hover:text-ink">
        {label}
        {ascending ? <ArrowUp aria-hidden size={12} /> : descending ? <ArrowDown aria-hidden size={12} /> : null}
      </Link>
    </th>
  )
}
