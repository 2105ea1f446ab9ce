import type { Route } from './+types/training.$slug.certificate[.]pdf'
import { notFound, requireUser } from '~/lib/auth/guards.server'
import { renderHolderCertificatePdf } from '~/modules/certificates/certificates.server'

/** /training/:slug/certificate.pdf: the signed-in holder's newest valid certificate of the module. */
export async function loader({ request, params }: Route.LoaderArgs) {
  const user = await requireUser(request)
  const file = await renderHolderCertificatePdf({ userId: user.id, moduleSlug: params.slug })
  if (!file) throw notFound('You hold no valid certificate for this module.')
  return new Response(Buffer.from(file.bytes), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${file.fileName}"`,
      'Content-Length': String(file.bytes.byteLength),
    },
  })
}
