import { Form, useNavigation } from 'react-router'
import type { EmailCategory } from '#db/schema/vocabulary'
import { SubmitButton } from '~/components/forms'
import { useI18n } from '~/lib/i18n/i18n'
import { emailCategoryOrder } from './notifications-schema'

/** The "Email" section of /settings: one checkbox per category, posted to /settings/emails. */
export function EmailPreferencesSection({ preferences }: { preferences: Record<EmailCategory, boolean> }) {
  const { t } = useI18n()
  const navigation = useNavigation()
  const labels: Record<EmailCategory, { label: string; help: string }> = {
    reminders: { label: t('notify.category_reminders'), help: t('notify.category_remindersHelp') },
    digests: { label: t('notify.category_digests'), help: t('notify.category_digestsHelp') },
    training: { label: t('notify.category_training'), help: t('notify.category_trainingHelp') },
    guidelines: { label: t('notify.category_guidelines'), help: t('notify.category_guidelinesHelp') },
  }
  return (
    <section className="card mt-6 space-y-4" aria-labelledby="email-preferences-heading">
      <h2 id="email-preferences-heading" className="text-lg font-semibold">
        {t('notify.prefsTitle')}
      </h2>
      <p className="text-sm text-muted">{t('notify.prefsIntro')}</p>
      <Form method="post" action="/settings/emails" className="space-y-4">
        <fieldset className="space-y-3">
          <legend className="sr-only">{t('notify.prefsTitle')}</legend>
          {emailCategoryOrder.map((category) => (
            <div key={category} className="flex items-start gap-3">
              <input
                id={`email-${category}`}
                name={category}
                type="checkbox"
                defaultChecked={preferences[category]}
                className="mt-1 h-4 w-4"
                aria-describedby={`email-${category}-help`}
              />
              <div>
                <label htmlFor={`email-${category}`} className="font-medium">
                  {labels[category].label}
                </label>
                <p id={`email-${category}-help`} className="text-sm text-muted">
                  {labels[category].help}
                </p>
              </div>
            </div>
          ))}
        </fieldset>
        <SubmitButton pending={navigation.state === 'submitting' && navigation.formAction === '/settings/emails'}>{t('notify.prefsSave')}</SubmitButton>
      </Form>
    </section>
  )
}
