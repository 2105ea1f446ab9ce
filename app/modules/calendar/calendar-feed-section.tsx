import { useState } from 'react'
import { useFetcher } from 'react-router'
import { Check, Copy } from 'lucide-react'
import { ConfirmDialog } from '~/components/confirm-dialog'
import { DateTime } from '~/components/date-time'
import { SubmitButton } from '~/components/forms'
import { useI18n } from '~/lib/i18n/i18n'
import type { CalendarFeedIssued, CalendarFeedStatus } from './calendar-feed-schema'

const feedAction = '/settings/calendar-feed'

/** The address just made, with a button that copies it (the field can be copied by hand too). */
function IssuedAddress({ url }: { url: string }) {
  const { t } = useI18n()
  const [copied, setCopied] = useState(false)
  return (
    <div className="space-y-2 rounded-md border border-line bg-canvas p-3">
      <label htmlFor="calendar-feed-url" className="block text-sm font-medium">
        {t('calendarFeed.address')}
      </label>
      <div className="flex gap-2">
        <input
          id="calendar-feed-url"
          type="text"
          readOnly
          value={url}
          onFocus={(event) => event.currentTarget.select()}
          aria-describedby="calendar-feed-once"
          className="input min-w-0 flex-1 font-mono text-xs"
        />
        <button
          type="button"
          className="btn-secondary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(url)
              setCopied(true)
            } catch {
              // No clipboard access (an older browser, a denied permission): select it to copy by hand.
              const field = document.getElementById('calendar-feed-url') as HTMLInputElement | null
              field?.focus()
              field?.select()
            }
          }}
        >
          {copied ? <Check aria-hidden className="h-4 w-4" /> : <Copy aria-hidden className="h-4 w-4" />}
          {copied ? t('calendarFeed.copied') : t('calendarFeed.copy')}
        </button>
      </div>
      <p id="calendar-feed-once" className="text-sm text-muted" role="status">
        {t('calendarFeed.shownOnce')}
      </p>
      <p className="text-sm text-muted">{t('calendarFeed.howTo')}</p>
    </div>
  )
}

/**
 * "Calendar feed" on /settings (and on /settings/calendar-feed without JavaScript): make the
 * personal feed link, see it once, copy it, replace it or revoke it (after confirming).
 */
export function CalendarFeedSection({ status, staff, issued }: { status: CalendarFeedStatus; staff: boolean; issued?: CalendarFeedIssued | null }) {
  const { t } = useI18n()
  const fetcher = useFetcher<CalendarFeedIssued>({ key: 'calendar-feed' })
  const url = fetcher.data?.url ?? issued?.url ?? null
  const pending = fetcher.state !== 'idle'
  return (
    <section className="card mt-6 space-y-4" aria-labelledby="calendar-feed-heading">
      <h2 id="calendar-feed-heading" className="text-lg font-semibold">
        {t('calendarFeed.title')}
      </h2>
      <p className="text-sm text-muted">{staff ? t('calendarFeed.introStaff') : t('calendarFeed.introOfficer')}</p>
      {url ? <IssuedAddress url={url} /> : null}
      {status.active ? (
        <>
          {url ? null : (
            <p className="text-sm">
              {t('calendarFeed.active')} <DateTime value={status.createdAt} />
            </p>
          )}
          <div className="flex flex-wrap items-center gap-3">
            <fetcher.Form method="post" action={feedAction}>
              <input type="hidden" name="intent" value="issue" />
              <SubmitButton pending={pending} className="btn-secondary">
                {t('calendarFeed.rotate')}
              </SubmitButton>
            </fetcher.Form>
            <ConfirmDialog
              trigger={t('calendarFeed.revoke')}
              title={t('calendarFeed.revokeTitle')}
              confirmLabel={t('calendarFeed.revoke')}
              fields={{ intent: 'revoke' }}
              action={feedAction}
              danger
            >
              {t('calendarFeed.revokeBody')}
            </ConfirmDialog>
          </div>
          <p className="text-sm text-muted">{t('calendarFeed.rotateHelp')}</p>
        </>
      ) : (
        <fetcher.Form method="post" action={feedAction}>
          <input type="hidden" name="intent" value="issue" />
          <SubmitButton pending={pending}>{t('calendarFeed.create')}</SubmitButton>
        </fetcher.Form>
      )}
    </section>
  )
}
