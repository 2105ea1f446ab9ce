import type { Route } from './+types/import.sample.$kind'
import { notFound, requireStaff } from '~/lib/auth/guards.server'
import { importKindSchema } from '~/modules/imports/import-schema'
import { sampleCsvFor } from '~/modules/imports/imports.server'

/** /import/sample/agencies and /import/sample/contacts: files to start from, in the user's regions. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  const kind = importKindSchema.safeParse(params.kind?.replace(/\.csv$/, ''))
  if (!kind.success) throw notFound()
  return new Response(sampleCsvFor(kind.data, actor), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="liaison-sample-${kind.data}.csv"`,
    },
  })
}
