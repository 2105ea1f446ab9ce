import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib'
import { regionNames, type RegionCode } from '#db/schema/vocabulary'
import type { LineChartGeometry } from '~/components/charts/chart-data'
import type { CurrentUser } from '~/lib/auth/guards.server'
import { now, today } from '~/lib/clock.server'
import { db } from '~/lib/db.server'
import { A4_LANDSCAPE, hexColor, pdfAccent, pdfInk, pdfMuted, printable } from '~/lib/pdf.server'
import type { RequestMeta } from '~/lib/request-meta.server'
import { logActivity } from '~/modules/activity/activity.server'
import { formatPercent, goalFigureText, goalStatusLabels, type Quarter, type RegionMetrics } from './coverage-schema'
import { coverageDashboard, type CoverageDashboard } from './dashboard.server'
import { funnelSteps } from './funnel-steps'
import { worldMapDrawing } from './world-map.server'
import { coverageSteps, noAgenciesFill, noAgenciesLabel } from './world-map-scale'

/**
 * The quarterly report for stakeholders: one PDF, drawn on the server with pdf-lib and the
 * standard fonts (nothing fetched, no browser), holding what /coverage shows for the quarter and
 * region: the goals (first page), the region table, the trends, the map and the funnels. The
 * charts and the map are the page's own SVG path strings, drawn with `drawSvgPath`.
 */

const MARGIN = 40
const FOOTER = 28
const rule = rgb(0.85, 0.87, 0.9)
const asOfFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' })

type Column = { label: string; width: number; align?: 'left' | 'right' }

/** Writes down the pages: text, headings and tables that break onto a new page when full. */
class Layout {
  page!: PDFPage
  y = 0
  readonly pages: PDFPage[] = []

  constructor(
    readonly pdf: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
  ) {}

  get width() {
    return A4_LANDSCAPE[0] - 2 * MARGIN
  }

  newPage() {
    this.page = this.pdf.addPage(A4_LANDSCAPE)
    this.pages.push(this.page)
    this.y = A4_LANDSCAPE[1] - MARGIN
  }

  /** Room for `height` more points on this page, or a new page. */
  room(height: number) {
    if (this.y - height < MARGIN + FOOTER) this.newPage()
  }

  text(value: string, { size = 10, font = this.regular, color = pdfInk, x = MARGIN, maxWidth = this.width } = {}) {
    const safe = fit(font, printable(font, value), size, maxWidth)
    this.page.drawText(safe, { x, y: this.y - size, size, font, color })
  }

  line(value: string, options: { size?: number; font?: PDFFont; color?: typeof pdfInk; gap?: number } = {}) {
    const size = options.size ?? 10
    this.room(size + 4)
    this.text(value, options)
    this.y -= size + (options.gap ?? 6)
  }

  heading(value: string) {
    this.room(60)
    this.y -= 6
    this.line(value, { size: 15, font: this.bold, gap: 8 })
  }

  table(columns: Column[], rows: string[][], { size = 9, header = true } = {}) {
    const rowHeight = size + 7
    const scale = this.width / columns.reduce((sum, column) => sum + column.width, 0)
    const widths = columns.map((column) => column.width * scale)
    const drawRow = (cells: string[], font: PDFFont, color = pdfInk) => {
      // Header cells wrap onto more lines; other cells are shortened to fit.
      const lines = cells.map((cell, index) =>
        font === this.bold ? wrap(font, printable(font, cell), size, widths[index] - 6) : [fit(font, printable(font, cell), size, widths[index] - 6)],
      )
      const height = rowHeight + (Math.max(...lines.map((cell) => cell.length)) - 1) * (size + 2)
      let x = MARGIN
      lines.forEach((cell, index) => {
        cell.forEach((text, lineIndex) => {
          const offset = columns[index].align === 'right' ? widths[index] - 6 - font.widthOfTextAtSize(text, size) : 0
          this.page.drawText(text, { x: x + offset, y: this.y - size - 2 - lineIndex * (size + 2), size, font, color })
        })
        x += widths[index]
      })
      this.y -= height
      this.page.drawLine({ start: { x: MARGIN, y: this.y + 2 }, end: { x: MARGIN + this.width, y: this.y + 2 }, thickness: 0.5, color: rule })
    }
    const heading = () =>
      drawRow(
        columns.map((column) => column.label),
        this.bold,
        pdfMuted,
      )
    // The header and a first row stay together; a table that runs onto a new page repeats its header there.
    this.room(rowHeight * (header ? 2 : 1))
    if (header) heading()
    for (const row of rows) {
      if (this.y - rowHeight < MARGIN + FOOTER) {
        this.newPage()
        if (header) heading()
      }
      drawRow(row, this.regular)
    }
    this.y -= 6
  }
}

/** The text cut into lines at spaces, each fitting `width` (a word longer than that is shortened). */
function wrap(font: PDFFont, text: string, size: number, width: number) {
  const lines: string[] = []
  for (const word of text.split(' ')) {
    const last = lines.at(-1)
    if (last !== undefined && font.widthOfTextAtSize(`${last} ${word}`, size) <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(fit(font, word, size, width))
  }
  return lines
}

/** The text shortened with an ellipsis until it fits `width`. */
function fit(font: PDFFont, text: string, size: number, width: number) {
  if (font.widthOfTextAtSize(text, size) <= width) return text
  let cut = text
  while (cut.length > 1 && font.widthOfTextAtSize(`${cut}...`, size) > width) cut = cut.slice(0, -1)
  return `${cut}...`
}

function scopeText(dashboard: CoverageDashboard) {
  if (dashboard.region) return regionNames[dashboard.region as RegionCode]
  return dashboard.regions.length > 1 ? `All regions (${dashboard.regions.join(', ')})` : dashboard.regions.join(', ') || 'No regions assigned'
}

function goalsSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.heading('Goals')
  if (dashboard.goals.length === 0) {
    layout.line('No goal is set for this quarter.', { color: pdfMuted })
    return
  }
  layout.table(
    [
      { label: 'Region', width: 60 },
      { label: 'Goal', width: 300 },
      { label: 'Progress', width: 140, align: 'right' },
      { label: 'Status', width: 70 },
      { label: 'Set by', width: 120 },
    ],
    dashboard.goals.map((goal) => [goal.regionCode, goal.label, goalFigureText(goal), goalStatusLabels[goal.status], goal.setByName ?? '—']),
  )
}

function regionCells(m: RegionMetrics) {
  return [
    `${m.agencies} (${m.priority1}/${m.priority2}/${m.priority3})`,
    formatPercent(m.engaged90, m.agencies),
    formatPercent(m.engaged365, m.agencies),
    `${m.priority1Never} / ${m.priority1Stale}`,
    `${m.engagements} (${m.engagementsLastQuarter})`,
    `${m.presentations} (${m.audienceReached})`,
    `${m.officersRegistered} / ${m.officersVerified}`,
    `${m.moduleCompletions} (${formatPercent(m.quizPasses, m.quizAttempts)})`,
    String(m.validCertificates),
  ]
}

function regionSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.heading('Regions')
  const { rows, total } = dashboard.table
  const right = (label: string, width = 70): Column => ({ label, width, align: 'right' })
  layout.table(
    [
      { label: 'Region', width: 150 },
      right('Agencies (P1/P2/P3)', 80),
      right('Engaged, 90 days'),
      right('Engaged, 365 days'),
      right('P1 never / stale'),
      right('Engagements (before)', 85),
      right('Talks (audience)'),
      right('Officers reg. / verified', 90),
      right('Completions (pass)', 85),
      right('Certificates'),
    ],
    [...rows.map((row) => [row.name, ...regionCells(row.metrics)]), ...(total ? [['All', ...regionCells(total.metrics)]] : [])],
  )
  layout.line(
    'Agencies, engaged shares, priority 1 and certificates are as of the report; the other figures count the quarter (the quarter before in brackets).',
    {
      size: 8,
      color: pdfMuted,
    },
  )
}

/** A line chart from its server-side geometry: grid, axes, one path per series, markers and a legend. */
function drawLineChart(layout: Layout, title: string, chart: LineChartGeometry, x: number, width: number) {
  const { page, regular } = layout
  const scale = width / chart.size.width
  const top = layout.y - 16
  page.drawText(printable(layout.bold, title), { x, y: layout.y - 11, size: 11, font: layout.bold, color: pdfInk })
  const at = (px: number, py: number) => ({ x: x + px * scale, y: top - py * scale })
  for (const tick of chart.valueTicks) {
    page.drawLine({ start: at(chart.plot.left, tick.y), end: at(chart.plot.right, tick.y), thickness: 0.4, color: rule })
    const label = printable(regular, tick.label)
    const point = at(chart.plot.left, tick.y)
    page.drawText(label, { x: point.x - regular.widthOfTextAtSize(label, 7) - 3, y: point.y - 2.5, size: 7, font: regular, color: pdfMuted })
  }
  for (const tick of chart.categoryTicks) {
    tick.lines.forEach((text, index) => {
      const label = printable(regular, text)
      const point = at(tick.x, chart.plot.bottom)
      page.drawText(label, { x: point.x - regular.widthOfTextAtSize(label, 7) / 2, y: point.y - 10 - index * 8, size: 7, font: regular, color: pdfMuted })
    })
  }
  for (const series of chart.series) {
    const color = hexColor(series.style.color)
    const dash = series.style.dash?.split(' ').map(Number)
    if (series.path) page.drawSvgPath(series.path, { x, y: top, scale, borderColor: color, borderWidth: 1.5, borderDashArray: dash })
    for (const point of series.points) page.drawSvgPath(series.style.marker, { ...at(point.x, point.y), scale: scale * 0.8, color })
  }
  const chartHeight = chart.size.height * scale
  // The legend: a swatch and a name per series, wrapping within the chart's width.
  let legendX = x
  let legendY = top - chartHeight - 10
  chart.data.series.forEach((series, index) => {
    const color = hexColor(chart.series[index].style.color)
    const label = printable(regular, series.label)
    const itemWidth = 26 + regular.widthOfTextAtSize(label, 8)
    if (legendX > x && legendX + itemWidth > x + width) {
      legendX = x
      legendY -= 12
    }
    page.drawLine({
      start: { x: legendX, y: legendY + 3 },
      end: { x: legendX + 14, y: legendY + 3 },
      thickness: 2,
      color,
      dashArray: chart.series[index].style.dash?.split(' ').map(Number),
    })
    page.drawText(label, { x: legendX + 18, y: legendY, size: 8, font: regular, color: pdfInk })
    legendX += itemWidth
  })
  // From the title's top to under the legend's last line.
  return top + 16 - legendY + 14
}

function trendsSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.newPage()
  layout.heading('Trends: the last 13 months')
  const { engagements, completions } = dashboard.trends.charts
  const gap = 24
  const width = (layout.width - gap) / 2
  const used = Math.max(
    drawLineChart(layout, 'Engagements per month', engagements, MARGIN, width),
    drawLineChart(layout, 'Module completions per month', completions, MARGIN + width + gap, width),
  )
  layout.y -= used
  for (const [title, chart] of [
    ['Engagements', engagements],
    ['Module completions', completions],
  ] as const) {
    layout.line(`${title} per month`, { size: 9, font: layout.bold, gap: 2 })
    const months = chart.data.categories
    layout.table(
      [{ label: 'Region', width: 130 }, ...months.map((month) => ({ label: month.tick.join(' '), width: 40, align: 'right' as const }))],
      chart.data.series.map((series) => [series.label, ...series.values.map(String)]),
      { size: 7 },
    )
  }
}

function mapSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.newPage()
  layout.heading('Coverage by country')
  layout.line("Share of each country's agencies engaged in the last 365 days.", { size: 9, color: pdfMuted })
  const drawing = worldMapDrawing(dashboard.map, 5)
  const legendHeight = 24
  const scale = Math.min(layout.width / drawing.width, (layout.y - MARGIN - FOOTER - legendHeight) / drawing.height)
  const x = MARGIN + (layout.width - drawing.width * scale) / 2
  for (const path of drawing.paths) {
    layout.page.drawSvgPath(path.d, { x, y: layout.y, scale, color: hexColor(path.fill), borderColor: rgb(1, 1, 1), borderWidth: path.code ? 0.3 : 0 })
  }
  layout.y -= drawing.height * scale + 12
  let legendX = MARGIN
  for (const step of [...coverageSteps, { label: noAgenciesLabel, fill: noAgenciesFill }]) {
    layout.page.drawRectangle({ x: legendX, y: layout.y - 9, width: 12, height: 9, color: hexColor(step.fill) })
    const label = printable(layout.regular, step.label)
    layout.page.drawText(label, { x: legendX + 16, y: layout.y - 8, size: 8, font: layout.regular, color: pdfInk })
    legendX += 30 + layout.regular.widthOfTextAtSize(label, 8)
  }
  layout.y -= legendHeight
  if (dashboard.map.countries.length > 0) {
    layout.newPage()
    layout.heading('Countries with agencies')
    layout.table(
      [
        { label: 'Country', width: 200 },
        { label: 'Region', width: 80 },
        { label: 'Agencies', width: 80, align: 'right' },
        { label: 'Engaged in 365 days', width: 120, align: 'right' },
        { label: 'Share', width: 80, align: 'right' },
      ],
      dashboard.map.countries.map((country) => [
        country.name,
        country.region,
        String(country.agencies),
        String(country.engaged365),
        formatPercent(country.engaged365, country.agencies),
      ]),
      { size: 8 },
    )
  }
}

function funnelSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.heading(`Outreach funnel, ${dashboard.period}`)
  if (dashboard.funnels.length === 0) {
    layout.line('No region to show.', { color: pdfMuted })
    return
  }
  layout.table(
    [{ label: 'Region', width: 150 }, ...funnelSteps.map((step) => ({ label: step.label, width: 110, align: 'right' as const }))],
    dashboard.funnels.map((funnel) => [regionNames[funnel.regionCode], ...funnelSteps.map((step) => String(funnel.counts[step.key]))]),
  )
  layout.line('By conference', { size: 11, font: layout.bold, gap: 4 })
  if (dashboard.conferenceFunnels.length === 0) {
    layout.line(`No talk was given at a conference in ${dashboard.period}.`, { color: pdfMuted })
    return
  }
  layout.table(
    [
      { label: 'Conference', width: 150 },
      { label: 'Region', width: 50 },
      ...funnelSteps.map((step) => ({ label: step.label, width: 90, align: 'right' as const })),
    ],
    dashboard.conferenceFunnels.map((conference) => [
      conference.name,
      conference.regionCode,
      ...funnelSteps.map((step) => String(conference.counts[step.key])),
    ]),
  )
}

function leadsSection(layout: Layout, dashboard: CoverageDashboard) {
  layout.heading('Leads this quarter')
  if (dashboard.leads.length === 0) {
    layout.line('No outreach lead works in these regions.', { color: pdfMuted })
    return
  }
  layout.table(
    [
      { label: 'Lead', width: 200 },
      { label: 'Regions', width: 160 },
      { label: 'Engagements logged', width: 110, align: 'right' },
      { label: 'Agencies touched', width: 110, align: 'right' },
      { label: 'Tasks overdue', width: 100, align: 'right' },
    ],
    dashboard.leads.map((lead) => [
      lead.name,
      lead.regions.join(', '),
      String(lead.engagementsLogged),
      String(lead.agenciesTouched),
      String(lead.tasksOverdue),
    ]),
  )
}

/** The report as PDF bytes, from the dashboard's figures. */
export async function renderQuarterlyReportPdf(dashboard: CoverageDashboard, preparedFor: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  const [regular, bold] = await Promise.all([pdf.embedFont(StandardFonts.Helvetica), pdf.embedFont(StandardFonts.HelveticaBold)])
  const asOf = dashboard.table.asOf
  const title = `Quarterly outreach report, ${dashboard.period}`
  pdf.setTitle(title)
  pdf.setSubject(`${scopeText(dashboard)}, figures as of ${asOfFormat.format(asOf)} UTC`)
  pdf.setCreator('Liaison')
  pdf.setProducer('Liaison')
  pdf.setCreationDate(asOf)
  pdf.setModificationDate(asOf)

  const layout = new Layout(pdf, regular, bold)
  layout.newPage()
  layout.line('LIAISON', { size: 10, font: bold, color: pdfAccent, gap: 8 })
  layout.line(title, { size: 22, font: bold, gap: 8 })
  layout.line(`${scopeText(dashboard)} - figures as of ${asOfFormat.format(asOf)} UTC - prepared for ${preparedFor}`, { size: 10, color: pdfMuted, gap: 10 })
  goalsSection(layout, dashboard)
  regionSection(layout, dashboard)
  trendsSection(layout, dashboard)
  mapSection(layout, dashboard)
  layout.newPage()
  funnelSection(layout, dashboard)
  leadsSection(layout, dashboard)

  layout.pages.forEach((page, index) => {
    const footer = printable(regular, `Liaison - ${title} - page ${index + 1} of ${layout.pages.length}`)
    page.drawText(footer, { x: MARGIN, y: MARGIN - 12, size: 8, font: regular, color: pdfMuted })
  })
  return pdf.save()
}

/** The quarterly report of the actor's regions (or one region), logged as an export. */
export async function quarterlyReport({ actor, period, region, meta }: { actor: CurrentUser; period: Quarter; region?: RegionCode; meta: RequestMeta }) {
  const dashboard = await coverageDashboard({ actor, period, region })
  const bytes = await renderQuarterlyReportPdf(dashboard, actor.name)
  await logActivity(db, {
    name: 'coverage.report_downloaded',
    actor,
    ip: meta.ip,
    properties: { period: dashboard.period, ...(region ? { region } : {}) },
  })
  const fileName = `liaison-quarterly-report-${dashboard.period}${region ? `-${region}` : ''}-${today(now())}.pdf`
  return { bytes, fileName }
}
