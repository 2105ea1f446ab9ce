import { data } from 'react-router'

const formTypes = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * The form an action was posted. A body that is no readable form (another content type, a
 * broken multipart body, a connection that gave up) is the sender's mistake: a 415 or 400 error
 * answer, never a 500 with a stack trace. The server refuses most such bodies, and every one too
 * large, before they arrive (`formBodyCheck` in http.server.ts); this is the action's own guard
 * for the rest. Every action reads its form here, never with `request.formData()` (lint rule).
 */
export async function readFormData(request: Request): Promise<FormData> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (!formTypes.includes(type)) throw data('Only form submissions are accepted here.', { status: 415 })
  try {
    return await request.formData()
  } catch {
    throw data('The form could not be read. Reload the page and send it again.', { status: 400 })
  }
}
