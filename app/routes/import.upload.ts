import type { Route } from './+types/import.upload'
import { requireStaff } from '~/lib/auth/guards.server'
import { readImportForm, readUploadStep } from '~/modules/imports/imports.server'

/**
 * The upload step of /import as JSON: the page sends the file here with XMLHttpRequest, which
 * reports upload progress (fetch does not), then shows the column mapping it answers. Without
 * JavaScript the page's own form posts to /import instead.
 */
export async function action({ request }: Route.ActionArgs) {
  await requireStaff(request)
  const form = await readImportForm(request)
  const outcome = form.ok ? await readUploadStep(form.formData) : form
  if (!outcome.ok) return Response.json({ step: 'upload', error: outcome.error, kind: 'kind' in outcome ? (outcome.kind ?? null) : null }, { status: 400 })
  return Response.json({ step: 'map', ...outcome.step, error: null })
}
