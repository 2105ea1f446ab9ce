import { Link, useLocation } from 'react-router'

/**
 * The pages to offer around the current one: the first, the last, and the two on either side
 * of the current page, with gaps (null) where pages are left out. 1 … 4 5 [6] 7 8 … 20
 */
export function pageWindow(page: number, pageCount: number, around = 2): (number | null)[] {
  const shown = new Set([1, pageCount])
  for (let offset = -around; offset <= around; offset += 1) shown.add(page + offset)
  const pages = [...shown].filter((candidate) => candidate >= 1 && candidate <= pageCount).sort((a, b) => a - b)
  return pages.flatMap((candidate, index) => (index > 0 && candidate - pages[index - 1] > 1 ? [null, candidate] : [candidate]))
}

/** First, previous, numbered, next and last page links that keep every other filter in the URL. */
export function Pagination({ page, pageCount, total, noun }: { page: number; pageCount: number; total: number; noun: string }) {
  const location = useLocation()
  const hrefFor = (target: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(target))
    return `${location.pathname}?${params}`
  }
  return (
    <nav aria-label="Pagination" className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-muted">
      <span>
        {total.toLocaleString('en')} {noun}
        {pageCount > 1 ? ` · page ${page} of ${pageCount}` : ''}
      </span>
      {pageCount > 1 ? (
        <ul className="flex flex-wrap items-center gap-1">
          {page > 1 ? (
            <>
              <li>
                <Link to={hrefFor(1)} className="btn-secondary" aria-label="First page">
                  «
                </Link>
              </li>
              <li>
                <Link to={hrefFor(page - 1)} className="btn-secondary" rel="prev">
                  Previous
                </Link>
              </li>
            </>
          ) : null}
          {pageWindow(page, pageCount).map((target, index) =>
            target === null ? (
              <li key={`gap-${index}`} aria-hidden="true" className="px-1">
                …
              </li>
            ) : (
              <li key={target}>
                {target === page ? (
                  <span aria-current="page" className="btn-primary">
                    <span className="sr-only">Page </span>
                    {target}
                  </span>
                ) : (
                  <Link to={hrefFor(target)} className="btn-secondary" aria-label={`Page ${target}`}>
                    {target}
                  </Link>
                )}
              </li>
            ),
          )}
          {page < pageCount ? (
            <>
              <li>
                <Link to={hrefFor(page + 1)} className="btn-secondary" rel="next">
                  Next
                </Link>
              </li>
              <li>
                <Link to={hrefFor(pageCount)} className="btn-secondary" aria-label="Last page">
                  »
                </Link>
              </li>
            </>
          ) : null}
        </ul>
      ) : null}
    </nav>
  )
}
