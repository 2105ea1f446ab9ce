import type { Route } from './+types/coverage[.]pdf'
import { requireStaff } from '~/lib/auth/guards.server'
import { now } from '~/lib/clock.server'
import { requestMeta } from '~/lib/request-meta.server'
import { parseCoverageFilters } from '~/modules/coverage/coverage-schema'
import { quarterlyReport } from '~/modules/coverage/quarterly-report.server'

/** /coverage.pdf: the quarterly report for stakeholders, for the page's filters (`?period=2027-Q1&region=EMEA`). */
export async function loader({ request, context, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const { period, region } = parseCoverageFilters(url.searchParams, now())
  const { bytes, fileName } = await quarterlyReport({ actor, period, region, meta: requestMeta(request, context) })
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${fileName}"`,
      'Content-Length': String(bytes.byteLength),
    },
  })
}
