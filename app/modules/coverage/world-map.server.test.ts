import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { gzipSync, inflateSync } from 'node:zlib'
import { geoPath } from 'd3-geo'
import { PDFDocument } from 'pdf-lib'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { describe, expect, it } from 'vitest'
import { countries } from '#db/schema/vocabulary'
import { coverageSteps, noAgenciesFill } from './world-map-scale'
import {
  compactPath,
  dotPath,
  coverageFill,
  dotPositionsByHand,
  featureCode,
  featuresWithoutIsoId,
  MAP_WIDTH,
  TINY_SHAPE_AREA,
  worldGeometry,
  worldMapData,
  worldMapDrawing,
} from './world-map.server'

type Atlas = Topology<{ countries: GeometryCollection<{ name: string }> }>
function atlas(file: string): Atlas {
  return JSON.parse(readFileSync(createRequire(import.meta.url).resolve(`world-atlas/${file}`), 'utf8')) as Atlas
}
const nameOf = (geometry: { properties?: object | null }) => (geometry.properties as { name: string }).name
const atlas110 = atlas('countries-110m.json')
const atlas50 = atlas('countries-50m.json')
const vocabularyCodes = new Set(countries.map((country) => country.code))
const codesOf = (topology: Atlas) =>
  new Set(topology.objects.countries.geometries.map((geometry) => featureCode(geometry.id, nameOf(geometry))).filter((code) => code !== null))

/** The absolute points of a path of M, L and Z commands, absolute or relative, as pdf-lib reads it. */
async function pointsAsPdfLibReadsThem(d: string): Promise<number[][]> {
  const pdf = await PDFDocument.create()
  pdf.addPage([1000, 1000]).drawSvgPath(d, { x: 0, y: 1000 })
  const bytes = Buffer.from(await pdf.save({ useObjectStreams: false }))
  const text = bytes.toString('latin1')
  const points: number[][] = []
  for (const match of text.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length
    const end = text.indexOf('endstream', start)
    let content: string
    try {
      content = inflateSync(bytes.subarray(start, end)).toString('latin1')
    } catch {
      continue
    }
    for (const op of content.matchAll(/(-?[\d.]+) (-?[\d.]+) ([ml])\n/g)) points.push([Number(op[1]), Number(op[2])])
  }
  return points
}

/** The points of d3's absolute path, rounded as compactPath rounds them, without repeats. */
function absolutePoints(d: string): number[][] {
  const points: number[][] = []
  for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === 'Z') continue
    const [x, y] = args.split(',').map((value) => Math.round(Number(value) * 10) / 10)
    const last = points.at(-1)
    if (command === 'L' && last && last[0] === x && last[1] === y) continue
    points.push([x, y])
  }
  return points
}

describe('featureCode (world-atlas numeric ids to our alpha-2 codes)', () => {
  it('maps every 110m and 50m feature with an id to a country of our vocabulary', () => {
    for (const topology of [atlas110, atlas50]) {
      for (const geometry of topology.objects.countries.geometries) {
        if (geometry.id === undefined) continue
        const code = featureCode(geometry.id, nameOf(geometry))
        expect(code, `${geometry.id} ${nameOf(geometry)}`).not.toBeNull()
        expect(vocabularyCodes.has(code!)).toBe(true)
      }
    }
    expect(featureCode('250', 'France')).toBe('FR')
    expect(featureCode('036', 'Australia')).toBe('AU')
    expect(featureCode(36, 'Australia')).toBe('AU')
    expect(featureCode('702', 'Singapore')).toBe('SG')
  })

  it('handles the 110m features without an id by the explicit list, and only those', () => {
    const withoutId = atlas110.objects.countries.geometries.filter((geometry) => geometry.id === undefined).map((geometry) => nameOf(geometry))
    expect(withoutId.sort()).toEqual(Object.keys(featuresWithoutIsoId).sort())
    expect(featureCode(undefined, 'N. Cyprus')).toBe('CY')
    expect(featureCode(undefined, 'Somaliland')).toBe('SO')
    expect(featureCode(undefined, 'Kosovo')).toBeNull()
    expect(featureCode(undefined, 'Atlantis')).toBeNull()
    expect(featureCode(undefined, 'constructor')).toBeNull()
    expect(featureCode('999', 'No such country')).toBeNull()
  })
})

describe('worldGeometry', () => {
  it('is built once per process', () => {
    expect(worldGeometry()).toBe(worldGeometry())
  })

  it('draws one shape per country of 110m, merging the territories ISO counts as part of a state, Kosovo without a code', () => {
    const { shapes } = worldGeometry()
    const codes = shapes.map((shape) => shape.code)
    expect(new Set(codes).size).toBe(codes.length)
    expect(shapes.filter((shape) => shape.code === null)).toEqual([expect.objectContaining({ name: 'Kosovo' })])
    expect(new Set(codes.filter((code) => code !== null))).toEqual(codesOf(atlas110))
    // Cyprus is drawn with Northern Cyprus: two outlines in one path.
    expect(shapes.find((shape) => shape.code === 'CY')!.d.match(/[Mm]/g)).toHaveLength(2)
    expect(shapes.find((shape) => shape.code === 'FR')!.name).toBe('France')
  })

  it('has a shape or a dot for every country of the vocabulary, inside the map', () => {
    const { shapes, dots, width, height } = worldGeometry()
    const shaped = new Set(shapes.map((shape) => shape.code))
    for (const { code } of countries) {
      if (shaped.has(code)) continue
      const dot = dots.get(code)
      expect(dot, code).toBeDefined()
      expect(dot!.x).toBeGreaterThanOrEqual(0)
      expect(dot!.x).toBeLessThanOrEqual(width)
      expect(dot!.y).toBeGreaterThanOrEqual(0)
      expect(dot!.y).toBeLessThanOrEqual(height)
    }
    expect(shaped.has('SG')).toBe(false)
    expect(shaped.has('MT')).toBe(false)
  })

  it('gives a dot to the countries 110m lacks and to those it draws too small to point at, and only those', () => {
    const { shapes, dots, projection } = worldGeometry()
    const path = geoPath(projection)
    const shaped = new Set(shapes.map((shape) => shape.code))
    const all = feature(atlas110, atlas110.objects.countries).features
    const area = (code: string) =>
      all.filter((country) => featureCode(country.id, country.properties.name) === code).reduce((sum, country) => sum + path.area(country), 0)
    const tiny = [...shaped].filter((code) => code !== null && area(code) < TINY_SHAPE_AREA)
    expect(tiny).toEqual(expect.arrayContaining(['LU', 'PS', 'CY', 'LB', 'QA', 'BN', 'JM']))
    expect(tiny).not.toContain('FR')
    expect(tiny).not.toContain('SI')
    const expected = [...vocabularyCodes].filter((code) => !shaped.has(code) || tiny.includes(code))
    expect([...dots.keys()].sort()).toEqual(expected.sort())
  })

  it('puts the dots where the countries are', () => {
    const { dots, projection } = worldGeometry()
    const near = (code: string, lon: number, lat: number) => {
      const [x, y] = projection([lon, lat])!
      expect(Math.hypot(dots.get(code)!.x - x, dots.get(code)!.y - y), code).toBeLessThan(3)
    }
    near('SG', 103.82, 1.35)
    near('MT', 14.4, 35.9)
    near('MC', 7.42, 43.74)
    near('GP', -61.55, 16.25)
    near('SJ', 15.63, 78.22)
    near('LU', 6.1, 49.8)
    near('CY', 33.2, 35.0)
  })

  it('keeps hand-placed dots only for countries that neither 110m nor 50m draws', () => {
    const drawn = new Set([...codesOf(atlas110), ...codesOf(atlas50)])
    for (const code of Object.keys(dotPositionsByHand)) {
      expect(vocabularyCodes.has(code), code).toBe(true)
      expect(drawn.has(code), code).toBe(false)
    }
    for (const code of vocabularyCodes) if (!drawn.has(code)) expect(dotPositionsByHand[code], code).toBeDefined()
  })

  it('cuts countries at the antimeridian instead of drawing a line across the map', () => {
    const { shapes, height } = worldGeometry()
    const onPoleLine = (y: number) => y <= 1 || y >= height - 1
    for (const shape of shapes) {
      for (const outline of subpathsOfCompact(shape.d)) {
        // Every side of every outline, the closing one included, is short, but for Antarctica's
        // along the South Pole (a straight line at the bottom of an Equal Earth map).
        outline.forEach(([x, y], i) => {
          const [nextX, nextY] = outline[(i + 1) % outline.length]
          if (onPoleLine(y) && onPoleLine(nextY)) return
          expect(Math.hypot(nextX - x, nextY - y), shape.name).toBeLessThan(MAP_WIDTH / 4)
        })
      }
    }
    // Russia and Fiji straddle it: each has outlines at both edges of the map.
    for (const code of ['RU', 'FJ']) {
      const points = absolutePointsOfCompact(worldGeometry().shapes.find((shape) => shape.code === code)!.d)
      expect(Math.min(...points.map(([x]) => x)), code).toBeLessThan(MAP_WIDTH * 0.2)
      expect(Math.max(...points.map(([x]) => x)), code).toBeGreaterThan(MAP_WIDTH * 0.8)
    }
  })
})

/** A compact path's absolute points, decoded here (independently of compactPath). */
function absolutePointsOfCompact(d: string): number[][] {
  return subpathsOfCompact(d).flat()
}

/** A compact path's outlines, each as its absolute points. */
function subpathsOfCompact(d: string): number[][][] {
  const outlines: number[][][] = []
  let x = 0
  let y = 0
  let start = [0, 0]
  let relative = false
  for (const [, command, args] of d.matchAll(/([MmlLz])([^MmlLz]*)/g)) {
    if (command === 'z') {
      ;[x, y] = start
      continue
    }
    if (command === 'M' || command === 'm' || command === 'l') relative = command !== 'M'
    const numbers = [...args.matchAll(/-?(?:\d+\.?\d*|\.\d+)/g)].map((match) => Number(match[0]))
    for (let i = 0; i < numbers.length; i += 2) {
      x = relative ? x + numbers[i] : numbers[i]
      y = relative ? y + numbers[i + 1] : numbers[i + 1]
      if (i === 0 && (command === 'M' || command === 'm')) {
        start = [x, y]
        outlines.push([])
      }
      outlines.at(-1)!.push([Math.round(x * 10) / 10, Math.round(y * 10) / 10])
    }
  }
  return outlines
}

describe('compactPath', () => {
  it('writes relative steps of rounded points, dropping repeats', () => {
    expect(compactPath('M10,20L10.04,20L12.5,18ZM30,30L31,31.05Z')).toBe('M10,20l2.5-2zm20,10,1,1.1z')
    expect(compactPath('M0.5,1L0.2,1.3Z')).toBe('M.5,1l-.3,.3z')
    expect(compactPath('')).toBe('')
  })

  it('draws the same points as d3’s absolute path, in the browser’s reading and in pdf-lib’s', async () => {
    const { projection } = worldGeometry()
    const path = geoPath(projection).digits(1)
    const all = feature(atlas110, atlas110.objects.countries).features
    for (const name of ['Indonesia', 'Canada', 'Fiji', 'Kosovo']) {
      const absolute = path(all.find((country) => country.properties.name === name)!)!
      const compact = compactPath(absolute)
      expect(compact.length).toBeLessThan(absolute.length * 0.75)
      expect(absolutePointsOfCompact(compact), name).toEqual(absolutePoints(absolute))
      const pdfPoints = (await pointsAsPdfLibReadsThem(compact)).map(([x, y]) => [Math.round(x * 10) / 10, Math.round(y * 10) / 10])
      expect(pdfPoints, name).toEqual(absolutePoints(absolute))
    }
  })

  it('gives pdf-lib’s drawSvgPath every shape of the map without error', async () => {
    const pdf = await PDFDocument.create()
    const page = pdf.addPage([842, 595])
    const { shapes, outline } = worldGeometry()
    for (const shape of [{ d: outline }, ...shapes]) page.drawSvgPath(shape.d, { x: 20, y: 575, scale: 0.8 })
    expect((await pdf.save()).length).toBeGreaterThan(10_000)
  })
})

describe('worldMapDrawing (the map for the PDF)', () => {
  it('lists the sea, every shape with its fill, then the dots as circles, in painting order', () => {
    const map = worldMapData([
      { code: 'FR', agencies: 10, engaged365: 9, share: 0.9 },
      { code: 'SG', agencies: 4, engaged365: 1, share: 0.25 },
    ])
    const drawing = worldMapDrawing(map)
    expect(drawing.paths).toHaveLength(1 + map.shapes.length + 1)
    expect(drawing.paths[0]).toEqual({ d: map.outline, fill: '#ffffff', code: null })
    expect(drawing.paths.find((path) => path.code === 'FR')!.fill).toBe(coverageSteps[4].fill)
    expect(drawing.paths.find((path) => path.code === 'DE')!.fill).toBe(noAgenciesFill)
    const { x, y } = worldGeometry().dots.get('SG')!
    expect(drawing.paths.at(-1)).toEqual({ d: dotPath(x, y, 4), fill: coverageSteps[1].fill, code: 'SG' })
  })

  it('draws a dot pdf-lib reads as a circle around its centre', async () => {
    const pdf = await PDFDocument.create()
    pdf.addPage([1000, 1000]).drawSvgPath(dotPath(100, 50, 4), { x: 0, y: 1000 })
    const text = Buffer.from(await pdf.save({ useObjectStreams: false }))
    const streams = [...text.toString('latin1').matchAll(/stream\r?\n/g)].flatMap((match) => {
      try {
        return [inflateSync(text.subarray(match.index + match[0].length)).toString('latin1')]
      } catch {
        return []
      }
    })
    const content = streams.find((stream) => stream.includes(' c\n'))!
    // Bézier curves through (96, 50), (104, 50) and back: a circle of radius 4 around (100, 50).
    const ends = [...content.matchAll(/(-?[\d.]+) (-?[\d.]+) c\n/g)].map((match) => [Number(match[1]), Number(match[2])])
    for (const [cx, cy] of ends) expect(Math.hypot(cx - 100, cy - 50)).toBeCloseTo(4, 5)
    expect(ends.length).toBeGreaterThanOrEqual(2)
  })
})

describe('coverageFill', () => {
  it('cuts the share into five steps and greys out countries without agencies', () => {
    const fill = (share: number) => coverageFill({ agencies: 10, share })
    expect(fill(0)).toBe(coverageSteps[0].fill)
    expect(fill(0.19)).toBe(coverageSteps[0].fill)
    expect(fill(0.2)).toBe(coverageSteps[1].fill)
    expect(fill(0.5)).toBe(coverageSteps[2].fill)
    expect(fill(0.79)).toBe(coverageSteps[3].fill)
    expect(fill(0.8)).toBe(coverageSteps[4].fill)
    expect(fill(1)).toBe(coverageSteps[4].fill)
    expect(coverageFill({ agencies: 0, share: 0 })).toBe(noAgenciesFill)
    expect(coverageFill(undefined)).toBe(noAgenciesFill)
  })
})

describe('worldMapData', () => {
  const figures = [
    { code: 'FR', agencies: 10, engaged365: 7, share: 0.7 },
    { code: 'SG', agencies: 4, engaged365: 0, share: 0 },
    { code: 'MT', agencies: 2, engaged365: 2, share: 1 },
    { code: 'BR', agencies: 5, engaged365: 1, share: 0.2 },
    { code: 'CA', agencies: 3, engaged365: 3, share: 1 },
    { code: 'DE', agencies: 0, engaged365: 0, share: 0 },
    { code: 'XX', agencies: 9, engaged365: 9, share: 1 },
  ]

  it('gives each country with agencies its name, region, link and colour, by name', () => {
    const map = worldMapData(figures)
    expect(map.countries.map((country) => country.code)).toEqual(['BR', 'CA', 'FR', 'MT', 'SG'])
    expect(map.countries.find((country) => country.code === 'FR')).toEqual({
      code: 'FR',
      name: 'France',
      region: 'EMEA',
      href: '/coverage/EMEA?country=FR',
      agencies: 10,
      engaged365: 7,
      share: 0.7,
      fill: coverageSteps[3].fill,
    })
    expect(map.countries.find((country) => country.code === 'BR')).toMatchObject({ href: '/coverage/LATAM?country=BR', fill: coverageSteps[1].fill })
    expect(map.countries.find((country) => country.code === 'SG')).toMatchObject({ href: '/coverage/APAC?country=SG', fill: coverageSteps[0].fill })
    expect(map.countries.find((country) => country.code === 'CA')).toMatchObject({ href: '/coverage/CA?country=CA' })
  })

  it('draws dots only for small countries with agencies, and every shape whatever the figures', () => {
    const map = worldMapData(figures)
    expect(map.dots.map((dot) => dot.code).sort()).toEqual(['MT', 'SG'])
    expect(map.dots.find((dot) => dot.code === 'SG')).toEqual({ code: 'SG', ...worldGeometry().dots.get('SG') })
    expect(map.shapes).toBe(worldGeometry().shapes)
    expect(worldMapData([]).countries).toEqual([])
    expect(worldMapData([]).dots).toEqual([])
  })

  it('stays small on the wire: every country of the vocabulary with figures is under 40 KB gzipped', () => {
    const map = worldMapData(countries.map((country, i) => ({ code: country.code, agencies: 10 + i, engaged365: i % 10, share: (i % 10) / (10 + i) })))
    expect(map.countries).toHaveLength(countries.length)
    const gzipped = gzipSync(JSON.stringify(map)).length
    expect(gzipped).toBeLessThan(40_000)
  })
})
