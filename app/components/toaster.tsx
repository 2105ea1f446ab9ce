import { X } from 'lucide-react'
import { useEffect, useState } from 'react'
import { useI18n } from '~/lib/i18n/i18n'

type Toast = { kind: 'success' | 'error' | 'info'; message: string }

const styles: Record<Toast['kind'], string> = {
  success: 'border-success bg-success-soft text-success',
  error: 'border-danger bg-danger-soft text-danger',
  info: 'border-accent bg-accent-soft text-accent-strong',
}

/** Shows the message that came with a redirect, then fades after a few seconds. */
export function Toaster({ toast }: { toast: Toast | null }) {
  const [visible, setVisible] = useState<Toast | null>(toast)
  const { t } = useI18n()
  useEffect(() => {
    setVisible(toast)
    if (!toast) return
    const timer = setTimeout(() => setVisible(null), 6000)
    return () => clearTimeout(timer)
  }, [toast])
  return (
    <div role="status" aria-live="polite" className="no-print pointer-events-none fixed right-4 bottom-4 z-50 flex max-w-sm flex-col gap-2">
      {visible ? (
        <div className={`pointer-events-auto flex items-start gap-3 rounded-md border-l-4 px-4 py-3 text-sm font-medium shadow-lg ${styles[visible.kind]}`}>
          <span className="flex-1">{visible.message}</span>
          <button type="button" onClick={() => setVisible(null)} aria-label={t('shell.dismiss')} className="opacity-70 hover:opacity-100">
            <X aria-hidden size={16} />
          </button>
        </div>
      ) : null}
    </div>
  )
}
