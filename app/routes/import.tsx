import { data, Form, Link, useActionData, useLoaderData, useLocation, useNavigation } from 'react-router'
import type { Route } from './+types/import'
import { CheckCircle2, Download, FileUp, TriangleAlert } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { regions as regionList } from '#db/schema/vocabulary'
import { FormError, SubmitButton } from '~/components/forms'
import { PageHeader } from '~/components/page-header'
import { requireStaff } from '~/lib/auth/guards.server'
import { requestMeta } from '~/lib/request-meta.server'
import {
  IMPORT_TOO_LARGE,
  importFieldLabels,
  importFields,
  importKindLabels,
  importKinds,
  importKindSchema,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_ROWS,
  readColumnMapping,
  requiredImportFields,
  type ImportCounts,
  type ImportKind,
} from '~/modules/imports/import-schema'
import {
  checkImport,
  cleanFileName,
  columnExamples,
  importCsv,
  parseCsvText,
  readImportForm,
  readUploadStep,
  unpackCsv,
  type ImportCheck,
  type ImportFileStep as FileStep,
} from '~/modules/imports/imports.server'

export async function loader({ request, url }: Route.LoaderArgs) {
  const actor = await requireStaff(request)
  // /contacts links to /import?kind=contacts: that choice is made already.
  const kind = importKindSchema.safeParse(url.searchParams.get('kind'))
  return { regions: actor.regions, kind: kind.success ? kind.data : null }
}

function uploadError(error: string, kind?: ImportKind) {
  return data({ step: 'upload' as const, error, kind }, { status: 400 })
}

export async function action({ request, context }: Route.ActionArgs) {
  const actor = await requireStaff(request)
  const form = await readImportForm(request)
  if (!form.ok) return uploadError(form.error)
  const formData = form.formData
  const kind = importKindSchema.safeParse(formData.get('kind'))
  if (!kind.success) return uploadError('Choose what the file contains: agencies or contacts.')
  const intent = formData.get('intent')

  if (intent === 'upload') {
    const upload = await readUploadStep(formData)
    if (!upload.ok) return uploadError(upload.error, upload.kind)
    return { step: 'map' as const, ...upload.step, error: null }
  }

  // The later steps carry the file in a hidden field and check it again from scratch.
  const text = unpackCsv(formData.get('packedCsv'))
  if (text === null) return uploadError('The file was lost between steps. Upload it again.', kind.data)
  const csv = parseCsvText(text)
  if (!csv.ok) return uploadError(csv.error, kind.data)
  const fileName = cleanFileName(String(formData.get('fileName') ?? ''))
  const mapped = readColumnMapping(kind.data, csv.headers, formData)
  const step: FileStep = {
    kind: kind.data,
    fileName,
    packedCsv: String(formData.get('packedCsv')),
    headers: csv.headers,
    examples: columnExamples(csv),
    rowCount: csv.rows.length,
    mapping: mapped.mapping,
  }
  if (intent === 'remap') return { step: 'map' as const, ...step, error: null }
  if (!mapped.ok) return data({ step: 'map' as const, ...step, error: mapped.error }, { status: 400 })
  const importRequest = { actor, kind: kind.data, csv, mapping: mapped.mapping }

  if (intent === 'check') return { step: 'review' as const, ...step, report: await checkImport(importRequest), error: null }

  if (intent === 'import-all' || intent === 'import-valid') {
    const mode = intent === 'import-all' ? 'all' : 'valid'
    const result = await importCsv({ ...importRequest, mode, fileName, meta: requestMeta(request, context) })
    if (!result.ok) {
      const error =
        result.reason === 'has_problems'
          ? 'Nothing was imported: some rows have problems. Fix the file and upload it again, or import only the valid rows.'
          : 'No row can be imported. Fix the file and upload it again.'
      return data({ step: 'review' as const, ...step, report: result.report, error }, { status: 400 })
    }
    return { step: 'done' as const, kind: kind.data, fileName, counts: result.counts, report: result.report }
  }
  return uploadError('Start by choosing a file.', kind.data)
}

export const meta: Route.MetaFunction = () => [{ title: 'Import · Liaison' }]

function counted(value: number, noun: string) {
  return `${value.toLocaleString('en')} ${value === 1 ? noun : `${noun}s`}`
}

/** What the page says while the server works on a step, with the number of rows at stake. */
function pendingMessage(intent: string, rowCount: number | null, validRows: number | null) {
  const rows = rowCount === null ? 'the rows' : counted(rowCount, 'row')
  switch (intent) {
    case 'upload':
      return 'Uploading and reading the file…'
    case 'check':
      return `Checking ${rowCount === null ? 'every row' : rowCount === 1 ? 'the row' : `each of the ${rows}`}…`
    case 'import-all':
      return `Importing ${rows} in one go…`
    case 'import-valid':
      return `Importing the ${validRows === null ? 'valid rows' : counted(validRows, 'valid row')} in one go…`
    case 'remap':
      return 'Opening the mapping…'
    default:
      return 'Working…'
  }
}

type MapStepData = FileStep & { step: 'map'; error: null }

export default function ImportPage() {
  const { regions, kind } = useLoaderData<typeof loader>()
  const actionResult = useActionData<typeof action>()
  const location = useLocation()
  const navigation = useNavigation()
  // The upload step answers the browser's XMLHttpRequest (for its progress), not a navigation:
  // its answer holds until the next navigation, which has a new location key.
  const [uploaded, setUploaded] = useState<{ step: MapStepData; locationKey: string } | null>(null)
  const result = uploaded && uploaded.locationKey === location.key ? uploaded.step : actionResult
  const pendingIntent = navigation.state === 'submitting' ? String(navigation.formData?.get('intent') ?? '') : null
  const rowCount = result && (result.step === 'map' || result.step === 'review') ? result.rowCount : null
  const validRows = result?.step === 'review' ? result.report.validRows : null
  return (
    <div className="max-w-5xl">
      <PageHeader title="Import" description="Add agencies or contacts from a CSV file. Every row is checked before anything is written." />
      {regions.length === 0 ? (
        <p role="alert" className="mb-4 rounded-md border border-warning/30 bg-warning-soft px-3 py-2 text-sm text-warning">
          You have no regions assigned, so every row would be refused. Ask an administrator to assign your regions.
        </p>
      ) : null}
      <Progress message={pendingIntent ? pendingMessage(pendingIntent, rowCount, validRows) : null} percent={null} />
      {!result || result.step === 'upload' ? (
        <UploadStep
          key={location.key}
          error={result?.step === 'upload' ? result.error : null}
          kind={(result?.step === 'upload' ? result.kind : undefined) ?? kind ?? undefined}
          pending={pendingIntent === 'upload'}
          onUploaded={(step) => setUploaded({ step, locationKey: location.key })}
        />
      ) : result.step === 'map' ? (
        <MapStep key={result.packedCsv.slice(-24)} step={result} error={result.error} pending={pendingIntent === 'check'} />
      ) : result.step === 'review' ? (
        <ReviewStep step={result} report={result.report} error={result.error} pendingIntent={pendingIntent} regions={regions} />
      ) : (
        <DoneStep kind={result.kind} fileName={result.fileName} counts={result.counts} report={result.report} />
      )}
    </div>
  )
}

/**
 * A progress bar (determinate while the file is sent, indeterminate while the server works) and
 * its message in a live region that stays in place, so that each new message is announced. The
 * bar is a native <progress>: role progressbar, with aria-valuenow once the percentage is known.
 */
function Progress({ message, percent, className = 'mb-4' }: { message: string | null; percent: number | null; className?: string }) {
  return (
    <div className={`${className} flex min-h-6 items-center gap-3 text-sm text-muted`}>
      {message ? (
        <progress
          className="h-2 w-48 accent-accent"
          aria-label={message}
          max={100}
          {...(percent === null ? {} : { value: percent, 'aria-valuetext': `${percent}%` })}
        />
      ) : null}
      <span role="status" aria-live="polite">
        {message}
      </span>
      {message && percent !== null ? <span className="tabular-nums">{percent}%</span> : null}
    </div>
  )
}

type UploadState = { phase: 'sending'; percent: number; fileName: string } | { phase: 'reading'; fileName: string }

function UploadStep({
  error,
  kind,
  pending,
  onUploaded,
}: {
  error: string | null
  kind?: ImportKind
  pending: boolean
  onUploaded: (step: MapStepData) => void
}) {
  const [upload, setUpload] = useState<UploadState | null>(null)
  const [uploadError, setUploadError] = useState<string | null>(null)

  /** Sends the file with XMLHttpRequest, whose upload events give the progress fetch cannot. */
  function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const formData = new FormData(event.currentTarget)
    const file = formData.get('file')
    const fileName = file instanceof File && file.name ? file.name : 'the file'
    // The server refuses a larger body before reading it: say so without sending it at all.
    if (file instanceof File && file.size > MAX_IMPORT_BYTES) {
      setUploadError(IMPORT_TOO_LARGE)
      return
    }
    const request = new XMLHttpRequest()
    request.open('POST', '/import/upload')
    request.responseType = 'json'
    request.setRequestHeader('Accept', 'application/json')
    request.upload.addEventListener('progress', (progress) => {
      if (progress.lengthComputable) setUpload({ phase: 'sending', percent: Math.min(100, Math.round((progress.loaded / progress.total) * 100)), fileName })
    })
    request.upload.addEventListener('load', () => setUpload({ phase: 'reading', fileName }))
    request.addEventListener('load', () => {
      setUpload(null)
      const answer = request.response as MapStepData | { step: 'upload'; error: string } | null
      if (answer?.step === 'map') onUploaded(answer)
      else
        setUploadError(
          answer?.step === 'upload'
            ? answer.error
            : request.status === 403
              ? 'You do not have access to importing.'
              : request.status === 413
                ? IMPORT_TOO_LARGE
                : 'The upload could not be read. If you were signed out, sign in again and choose the file once more.',
        )
    })
    request.addEventListener('error', () => {
      setUpload(null)
      setUploadError('The upload did not reach Liaison. Check the connection and try again.')
    })
    setUploadError(null)
    setUpload({ phase: 'sending', percent: 0, fileName })
    request.send(formData)
  }

  const busy = pending || upload !== null
  const errors = uploadError ?? error
  return (
    <div className="grid gap-6 lg:grid-cols-[2fr_1fr]">
      <Form method="post" encType="multipart/form-data" className="card space-y-4" onSubmit={send} aria-busy={busy || undefined}>
        <FormError errors={errors ? [errors] : null} />
        <fieldset>
          <legend className="mb-2 text-sm font-medium">The file contains</legend>
          <div className="flex gap-6">
            {importKinds.map((option) => (
              <label key={option} className="inline-flex items-center gap-2 text-sm">
                <input type="radio" name="kind" value={option} defaultChecked={(kind ?? 'agencies') === option} className="accent-accent" required />
                {importKindLabels[option]}
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <label htmlFor="import-file" className="mb-1 block text-sm font-medium">
            CSV file
          </label>
          <input id="import-file" name="file" type="file" accept=".csv,.txt,text/csv" required className="input" aria-describedby="import-file-help" />
          <p id="import-file-help" className="mt-1 text-xs text-muted">
            Up to {MAX_IMPORT_BYTES / 1024 / 1024} MB and {MAX_IMPORT_ROWS.toLocaleString('en')} rows, with a header line naming the columns. From Excel, save
            as “CSV UTF-8”.
          </p>
        </div>
        <input type="hidden" name="intent" value="upload" />
        <Progress
          className=""
          message={
            upload ? (upload.phase === 'sending' ? `Uploading ${upload.fileName}…` : `Uploaded. Reading ${upload.fileName} and counting its rows…`) : null
          }
          percent={upload?.phase === 'sending' ? upload.percent : null}
        />
        <SubmitButton pending={busy}>
          <FileUp aria-hidden size={16} /> Upload and map columns
        </SubmitButton>
      </Form>
      <aside className="card space-y-3 text-sm">
        <h2 className="font-semibold">Start from a sample</h2>
        <p className="text-muted">
          The samples show the columns Liaison understands, with agencies of your regions. Import agencies before their contacts: a contact is matched to its
          agency by name and country, or by the agency id from an export.
        </p>
        <ul className="space-y-2">
          {importKinds.map((option) => (
            <li key={option}>
              <a href={`/import/sample/${option}.csv`} download className="inline-flex items-center gap-2">
                <Download aria-hidden size={14} /> Sample {importKindLabels[option].toLowerCase()} CSV
              </a>
            </li>
          ))}
        </ul>
        <p className="text-muted">
          Importing the same file twice creates nothing twice: agencies are matched by name and country, contacts by email. A match only gets its empty fields
          filled in.
        </p>
      </aside>
    </div>
  )
}

function FileFields({ step }: { step: FileStep }) {
  return (
    <>
      <input type="hidden" name="kind" value={step.kind} />
      <input type="hidden" name="fileName" value={step.fileName} />
      <input type="hidden" name="packedCsv" value={step.packedCsv} />
    </>
  )
}

function MapStep({ step, error, pending }: { step: FileStep; error: string | null; pending: boolean }) {
  const fields = importFields[step.kind]
  const required = new Set(requiredImportFields[step.kind])
  return (
    <Form method="post" className="card space-y-4">
      <div>
        <h2 className="text-lg font-semibold">Match the columns</h2>
        <p className="text-sm text-muted">
          {step.fileName}: {step.rowCount.toLocaleString('en')} {step.rowCount === 1 ? 'row' : 'rows'} of {importKindLabels[step.kind].toLowerCase()}. Choose
          what each column holds; the guesses come from the column names. Fields marked * are required
          {step.kind === 'contacts' ? ', and the agency is needed by name (with its country) or by id' : ''}.
        </p>
      </div>
      <FormError errors={error ? [error] : null} />
      <FileFields step={step} />
      <div className="overflow-x-auto rounded-lg border border-line">
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Column in the file</th>
              <th scope="col">First value</th>
              <th scope="col">Import as</th>
            </tr>
          </thead>
          <tbody>
            {step.headers.map((header, index) => (
              <tr key={`${index}-${header}`}>
                <td className="font-medium">
                  <label htmlFor={`column-${index}`}>{header}</label>
                </td>
                <td className="max-w-xs truncate text-muted">{step.examples[index] || <span className="text-subtle">—</span>}</td>
                <td>
                  <select id={`column-${index}`} name={`column-${index}`} defaultValue={step.mapping[index] ?? ''} className="input">
                    <option value="">Don’t import</option>
                    {fields.map((field) => (
                      <option key={field} value={field}>
                        {importFieldLabels[field]}
                        {required.has(field) ? ' *' : ''}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="flex flex-wrap gap-2">
        <button type="submit" name="intent" value="check" className="btn-primary" disabled={pending} aria-busy={pending || undefined}>
          Check every row
        </button>
        <Link to="/import" className="btn-secondary">
          Start over
        </Link>
      </div>
    </Form>
  )
}

const kindNouns: Record<ImportKind, [string, string]> = { agencies: ['agency', 'agencies'], contacts: ['contact', 'contacts'] }

/** "Importing the 3 valid rows would create 2 agencies and skip 1 agency already there." */
function plannedSentence(report: ImportCheck, kind: ImportKind) {
  const some = (value: number) => `${value.toLocaleString('en')} ${kindNouns[kind][value === 1 ? 0 : 1]}`
  const { created, updated, skipped } = report.planned
  const parts = [
    created ? `create ${some(created)}` : null,
    updated ? `fill in empty fields of ${some(updated)}` : null,
    skipped ? `skip ${some(skipped)} already there` : null,
  ].filter(Boolean)
  const what = parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}` : (parts[0] ?? 'change nothing')
  if (report.validRows === 0) return 'No row can be imported as it is.'
  return `Importing ${report.validRows === 1 ? 'the valid row' : `the ${report.validRows.toLocaleString('en')} valid rows`} would ${what}.`
}

const regionNames = new Map<string, string>(regionList.map((region) => [region.code, region.name]))

function ReviewStep({
  step,
  report,
  error,
  pendingIntent,
  regions,
}: {
  step: FileStep
  report: ImportCheck
  error: string | null
  pendingIntent: string | null
  regions: readonly string[]
}) {
  const busy = pendingIntent !== null
  return (
    <Form method="post" className="space-y-4">
      <FileFields step={step} />
      {step.mapping.map((field, index) => (field ? <input key={index} type="hidden" name={`column-${index}`} value={field} /> : null))}
      <FormError errors={error ? [error] : null} />
      <section className="card space-y-3" aria-labelledby="review-title">
        <h2 id="review-title" className="text-lg font-semibold">
          {report.badRows === 0
            ? `${counted(report.totalRows, 'row')}: all can be imported`
            : `${counted(report.badRows, 'row')} of ${report.totalRows.toLocaleString('en')} ${report.badRows === 1 ? 'has a problem' : 'have problems'}`}
        </h2>
        <p className="text-sm text-muted">{plannedSentence(report, step.kind)}</p>
        {report.outsideRegions.rows > 0 ? (
          <p className="rounded-md border border-warning/30 bg-warning-soft px-3 py-2 text-sm">
            <strong>
              {counted(report.outsideRegions.rows, 'row')} {report.outsideRegions.rows === 1 ? 'is' : 'are'} outside your regions
            </strong>{' '}
            ({report.outsideRegions.regions.map((code) => regionNames.get(code) ?? code).join('; ')}): you can import only into{' '}
            {regions.length ? regions.join(', ') : 'the regions assigned to you'}. {report.outsideRegions.rows === 1 ? 'It is' : 'They are'} left out; a lead of{' '}
            {report.outsideRegions.rows === 1 ? 'that region' : 'those regions'} or the global head can import{' '}
            {report.outsideRegions.rows === 1 ? 'it' : 'them'}.
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <button
            type="submit"
            name="intent"
            value="import-all"
            className="btn-primary"
            disabled={busy || report.badRows > 0}
            aria-describedby={report.badRows > 0 ? 'import-all-help' : undefined}
          >
            Import all {counted(report.totalRows, 'row')}
          </button>
          {report.badRows > 0 && report.validRows > 0 ? (
            <button type="submit" name="intent" value="import-valid" className="btn-secondary" disabled={busy}>
              Import only the {report.validRows === 1 ? 'valid row' : `${report.validRows.toLocaleString('en')} valid rows`}
            </button>
          ) : null}
          <button type="submit" name="intent" value="remap" className="btn-secondary" disabled={busy}>
            Change the column mapping
          </button>
          <Link to="/import" className="btn-secondary">
            Start over
          </Link>
        </div>
        {report.badRows > 0 ? (
          <p id="import-all-help" className="text-sm text-muted">
            “Import all” is possible once no row has a problem. Everything is written in one go: nothing is half imported.
          </p>
        ) : null}
      </section>
      {report.problems.length ? (
        <section className="card" aria-labelledby="problems-title">
          <h2 id="problems-title" className="mb-3 flex items-center gap-2 font-semibold">
            <TriangleAlert aria-hidden size={16} className="text-warning" /> Rows with problems
          </h2>
          <div className="max-h-[32rem] overflow-auto rounded-lg border border-line">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Line</th>
                  <th scope="col">Column</th>
                  <th scope="col">Value</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {report.problems.map((problem, index) => (
                  <tr key={`${problem.line}-${index}`}>
                    <td className="tabular-nums">{problem.line}</td>
                    <td>{problem.column}</td>
                    <td className="max-w-48 truncate text-muted">{problem.value ?? ''}</td>
                    <td>{problem.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {report.problemsTruncated ? <p className="mt-2 text-sm text-muted">Only the first {report.problems.length} problems are listed.</p> : null}
        </section>
      ) : null}
    </Form>
  )
}

function DoneStep({ kind, fileName, counts, report }: { kind: ImportKind; fileName: string; counts: ImportCounts; report: ImportCheck }) {
  const noun = importKindLabels[kind].toLowerCase()
  return (
    <section className="card space-y-4" aria-labelledby="done-title">
      <h2 id="done-title" className="flex items-center gap-2 text-lg font-semibold">
        <CheckCircle2 aria-hidden size={20} className="text-success" /> {fileName} is imported
      </h2>
      <dl className="grid grid-cols-3 gap-4 text-center">
        {(
          [
            ['Created', counts.created],
            ['Updated', counts.updated],
            ['Skipped (already there)', counts.skipped],
          ] as const
        ).map(([label, value]) => (
          <div key={label} className="rounded-md border border-line p-3">
            <dt className="text-xs text-muted">{label}</dt>
            <dd className="text-2xl font-bold tabular-nums">{value.toLocaleString('en')}</dd>
          </div>
        ))}
      </dl>
      {report.badRows ? (
        <p className="text-sm text-muted">
          {counted(report.badRows, 'row')} with problems {report.badRows === 1 ? 'was' : 'were'} left out.
        </p>
      ) : null}
      <div className="flex flex-wrap gap-2">
        <Link to={`/${kind}`} className="btn-primary">
          See the {noun}
        </Link>
        <Link to="/import" className="btn-secondary">
          Import another file
        </Link>
      </div>
    </section>
  )
}
