import { rgb, type PDFFont, type RGB } from 'pdf-lib'

/** A4 in points, landscape: the certificates and the quarterly report. */
export const A4_LANDSCAPE: [number, number] = [841.89, 595.28]

export const pdfInk = rgb(0.06, 0.09, 0.16)
export const pdfMuted = rgb(0.28, 0.33, 0.41)
export const pdfAccent = rgb(0.11, 0.31, 0.85)

const fallbacks: Record<string, string> = { Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', ı: 'i', '—': '-', '–': '-', '≥': '>=', '≤': '<=', '→': '->', '·': '-' }

/**
 * The standard PDF fonts only know Latin-1 (WinAnsi): other characters are written without
 * their accents where that helps ("Łódź" → "Lodz"), spelled out ("≥" → ">="), or as "?", so that
 * no name can break the PDF.
 */
export function printable(font: PDFFont, text: string) {
  const supported = new Set(font.getCharacterSet())
  return [...text]
    .map((character) => {
      if (character in fallbacks) return fallbacks[character]
      if (supported.has(character.codePointAt(0)!)) return character
      const base = character.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
      if (base && [...base].every((part) => supported.has(part.codePointAt(0)!))) return base
      return '?'
    })
    .join('')
}

/** `#rrggbb` as a pdf-lib colour. */
export function hexColor(hex: string): RGB {
  const value = Number.parseInt(hex.replace('#', ''), 16)
  return rgb(((value >> 16) & 255) / 255, ((value >> 8) & 255) / 255, (value & 255) / 255)
}
