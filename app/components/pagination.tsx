import { Link, useLocation } from 'react-router'

/** Previous / next links that keep every other filter in the URL. */
export function Pagination({ page, pageCount, total, noun }: { page: number; pageCount: number; total: number; noun: string }) {
  const location = useLocation()
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(target))
    return `${location.pathname}?${params}`
  }
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm text-muted">
      <span>
        {total.toLocaleString()} {noun}
        {pageCount > 1 ? ` · page ${page} of ${pageCount}` : ''}
      </span>
      <span className="flex gap-2">
        {page > 1 ? (
          <Link to={hrefFor(page - 1)} className="btn-secondary" rel="prev">
            Previous
          </Link>
        ) : null}
        {page < pageCount ? (
          <Link to={hrefFor(page + 1)} className="btn-secondary" rel="next">
            Next
          </Link>
        ) : null}
      </span>
    </nav>
  )
}
