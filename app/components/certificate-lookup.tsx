import { Form } from 'react-router'
import { useI18n } from '~/lib/i18n/i18n'

/**
 * The field to type a certificate's code, with or without its hyphen: a GET to /certificates,
 * which opens the code's verification page. On /certificates and on "no certificate has this code".
 */
export function CertificateLookup({ defaultValue = '', error }: { defaultValue?: string; error?: string | null }) {
  const { t } = useI18n()
  const errorId = error ? 'certificate-code-error' : undefined
  return (
    <Form method="get" action="/certificates" role="search" className="space-y-2 text-left">
      <label htmlFor="certificate-code" className="block text-sm font-medium">
        {t('certificates.codeLabel')}
      </label>
      <div className="flex gap-2">
        <input
          id="certificate-code"
          name="code"
          type="text"
          className="input font-mono uppercase"
          defaultValue={defaultValue}
          required
          maxLength={40}
          autoComplete="off"
          spellCheck={false}
          placeholder="ABCDE-23456"
          aria-invalid={error ? true : undefined}
          aria-describedby={['certificate-code-help', errorId].filter(Boolean).join(' ')}
        />
        <button type="submit" className="btn-primary">
          {t('certificates.verify')}
        </button>
      </div>
      <p id="certificate-code-help" className="text-xs text-muted">
        {t('certificates.codeFieldHelp')}
      </p>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </Form>
  )
}
