import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, type PDFPage } from 'pdf-lib'

/** The bytes of a page's content streams, decoded. */
function pageContent(page: PDFPage) {
  const contents = page.node.Contents()
  const streams = contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents]
  return streams
    .filter((stream): stream is PDFRawStream => stream instanceof PDFRawStream)
    .map((stream) => Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1'))
    .join('\n')
}

/**
 * The text each page of a PDF draws, a line per text operator, for tests of PDFs that pdf-lib
 * wrote with the standard fonts (strings as hex or literals). Not a general PDF text extractor.
 */
export async function pdfPageTexts(bytes: Uint8Array): Promise<string[]> {
  const pdf = await PDFDocument.load(bytes)
  return pdf.getPages().map((page) => {
    const lines: string[] = []
    for (const match of pageContent(page).matchAll(/<([0-9A-Fa-f]*)>\s*Tj|\(((?:\\.|[^\\)])*)\)\s*Tj/g)) {
      lines.push(match[1] !== undefined ? Buffer.from(match[1], 'hex').toString('latin1') : match[2].replace(/\\(.)/g, '$1'))
    }
    return lines.join('\n')
  })
}

/** How many filled or stroked paths a page draws (the map's countries, the charts' lines). */
export async function pdfPathCounts(bytes: Uint8Array): Promise<number[]> {
  const pdf = await PDFDocument.load(bytes)
  return pdf.getPages().map((page) => [...pageContent(page).matchAll(/^(?:f|S|B)$/gm)].length)
}
