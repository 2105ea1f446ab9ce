import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { geoArea, geoCentroid, geoEqualEarth, geoPath, type GeoProjection } from 'd3-geo'
import { scaleThreshold } from 'd3-scale'
import type { Feature, Geometry, MultiPolygon, Polygon } from 'geojson'
import { whereNumeric } from 'iso-3166-1'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { countries, type RegionCode } from '#db/schema/vocabulary'
import { singleton } from '~/lib/singleton.server'
import { coverageSteps, coverageThresholds, noAgenciesFill } from './world-map-scale'

/**
 * The world map of coverage, drawn on the server.
 *
 * The geometry comes from world-atlas (Natural Earth, offline TopoJSON) at 110m, projected once per
 * process with Equal Earth into a fixed viewBox and kept as SVG path strings rounded to 0.1 unit.
 * The same strings draw the map in the page (as `<path d>`) and in the quarterly PDF (pdf-lib's
 * `drawSvgPath`, whose y axis points down from the origin it is given, as in SVG).
 *
 * 110m lacks 75 of the ISO countries (Singapore, Malta, most islands): those are drawn as dots.
 * Their positions are the centroid of their largest polygon in countries-50m.json, read once with
 * the geometry (and then dropped: 50m is 740 KB that no page ever carries), and, for the few that
 * 50m lacks too (French overseas departments, which Natural Earth folds into France, Bouvet,
 * Svalbard, Tokelau…), a checked-in table of positions. Countries that 110m draws too small to
 * point at get a dot as well (`TINY_SHAPE_AREA`).
 */

/** Width of the map's viewBox; its height follows from the projection (Equal Earth is about 2:1). */
export const MAP_WIDTH = 960

/**
 * A country whose 110m shape covers less than this (in square units of the viewBox, about 3 × 3
 * at 960 wide: Luxembourg, Palestine, Cyprus, Lebanon, Qatar, Brunei, Jamaica…) is too small to
 * point at: it gets a dot too, which carries its link, while its shape is drawn unlinked.
 */
export const TINY_SHAPE_AREA = 10

/** What the coverage page knows about one country: its agencies and how many were engaged lately. */
export type CountryFigures = {
  code: string
  agencies: number
  /** Agencies engaged in the last 365 days. */
  engaged365: number
  /** engaged365 / agencies, from 0 to 1. */
  share: number
}

/** A country with figures, as the map and its table show it. */
export type MapCountry = CountryFigures & { name: string; region: RegionCode; href: string; fill: string }

export type WorldMapData = {
  width: number
  height: number
  /** The outline of the globe (the sea). */
  outline: string
  /** Every 110m country: coloured and linked when `code` has figures, neutral otherwise. */
  shapes: ReadonlyArray<{ code: string | null; name: string; d: string }>
  /** Countries with figures that 110m lacks or draws too small to point at, at their position. */
  dots: ReadonlyArray<{ code: string; x: number; y: number }>
  /** Every country with agencies, by name: the map's colours and links, and its figures table. */
  countries: ReadonlyArray<MapCountry>
}

/**
 * The features of world-atlas that have no ISO 3166-1 numeric id (Natural Earth's disputed or
 * unrecognised territories), and the code they are drawn under. ISO 3166-1, which our vocabulary
 * follows, counts Northern Cyprus as part of Cyprus and Somaliland as part of Somalia; it has no
 * code for Kosovo, nor does our vocabulary, so Kosovo is drawn in neutral grey without figures.
 */
export const featuresWithoutIsoId: Readonly<Record<string, string | null>> = {
  'N. Cyprus': 'CY',
  Somaliland: 'SO',
  Kosovo: null,
}

/**
 * Positions (longitude, latitude) of the vocabulary's countries that neither 110m nor 50m draws
 * as a country of their own: the main island or town of each.
 */
export const dotPositionsByHand: Readonly<Record<string, readonly [number, number]>> = {
  BQ: [-68.27, 12.18], // Bonaire
  BV: [3.41, -54.42],
  CC: [96.87, -12.16],
  CX: [105.69, -10.49],
  GF: [-53.1, 3.93], // Natural Earth draws it as part of France
  GI: [-5.35, 36.14],
  GP: [-61.55, 16.25],
  MQ: [-61.02, 14.64],
  RE: [55.54, -21.12],
  SJ: [15.63, 78.22], // Longyearbyen, Svalbard
  TK: [-171.85, -9.2],
  TV: [179.19, -8.52], // Funafuti
  UM: [166.63, 19.28], // Wake Island
  YT: [45.15, -12.83],
}

const vocabulary = new Map(countries.map((country) => [country.code, country]))

/**
 * The alpha-2 code a world-atlas feature is drawn under: from its ISO numeric id when it has one,
 * else from `featuresWithoutIsoId`; null when it has none in our vocabulary.
 */
export function featureCode(id: string | number | undefined, name: string): string | null {
  if (id === undefined) return Object.hasOwn(featuresWithoutIsoId, name) ? featuresWithoutIsoId[name] : null
  const alpha2 = whereNumeric(String(id).padStart(3, '0'))?.alpha2
  return alpha2 && vocabulary.has(alpha2) ? alpha2 : null
}

type CountriesTopology = Topology<{ countries: GeometryCollection<{ name: string }> }>

function readAtlas(file: 'countries-110m.json' | 'countries-50m.json'): CountriesTopology {
  const path = createRequire(import.meta.url).resolve(`world-atlas/${file}`)
  return JSON.parse(readFileSync(path, 'utf8')) as CountriesTopology
}

function features(topology: CountriesTopology, keep: (code: string | null) => boolean = () => true) {
  const object = topology.objects.countries
  const geometries = object.geometries.filter((geometry) => keep(featureCode(geometry.id, (geometry.properties as { name?: string } | undefined)?.name ?? '')))
  const collection = feature(topology, { ...object, geometries })
  return collection.features as Array<Feature<Geometry, { name: string }>>
}

/** A number of tenths as the shortest SVG number: 12 → "1.2", -5 → "-.5", 30 → "3". */
function tenths(value: number): string {
  const text = String(value / 10)
  return text.startsWith('0.') ? text.slice(1) : text.startsWith('-0.') ? `-${text.slice(2)}` : text
}

/**
 * The same outline in fewer bytes: d3's absolute `M x,y L x,y … Z` path rewritten with relative
 * moves and lines (`m`, implicit `l`, `z`), coordinates rounded to 0.1 unit and points that round
 * onto the previous one dropped. Every relative step is a difference of rounded absolute
 * positions, so rounding never drifts along a coastline. Browsers and pdf-lib's `drawSvgPath` both
 * read this syntax (numbers run together when the next one starts with a minus sign).
 */
export function compactPath(d: string): string {
  let out = ''
  let x = 0
  let y = 0
  let startX = 0
  let startY = 0
  let afterAbsoluteMove = false
  // A number follows a command letter as it is, and another number after a comma unless its own
  // minus sign separates it.
  const number = (value: number) => {
    const text = tenths(value)
    const previous = out.at(-1) ?? 'M'
    return previous >= '0' && previous <= '9' && !text.startsWith('-') ? `,${text}` : text
  }
  for (const [, command, args] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === 'Z') {
      out += 'z'
      x = startX
      y = startY
      continue
    }
    const [toX, toY] = args.split(',').map((value) => Math.round(Number(value) * 10))
    if (command === 'M') {
      // The first move is absolute: pdf-lib starts a path where the previous one ended.
      const [fromX, fromY] = out === '' ? [0, 0] : [x, y]
      afterAbsoluteMove = out === ''
      out += afterAbsoluteMove ? 'M' : 'm'
      out += number(toX - fromX)
      out += number(toY - fromY)
      x = startX = toX
      y = startY = toY
    } else if (toX !== x || toY !== y) {
      // Pairs after `m` are relative lines; after the first, absolute `M`, they need their `l`.
      if (afterAbsoluteMove) out += 'l'
      afterAbsoluteMove = false
      out += number(toX - x)
      out += number(toY - y)
      x = toX
      y = toY
    }
  }
  return out
}

/** The centroid of a feature's largest polygon: a small island state's main island, not the sea between its islands. */
function mainCentroid(geometry: Geometry): [number, number] {
  if (geometry.type !== 'MultiPolygon') return geoCentroid(geometry)
  const polygons: Polygon[] = (geometry as MultiPolygon).coordinates.map((coordinates) => ({ type: 'Polygon', coordinates }))
  const largest = polygons.reduce((best, polygon) => (geoArea(polygon) > geoArea(best) ? polygon : best))
  return geoCentroid(largest)
}

/** The world projected into the viewBox: the same for every page and every figure. */
export type ProjectedWorld = {
  width: number
  height: number
  outline: string
  shapes: Array<{ code: string | null; name: string; d: string }>
  /** The dot position of every vocabulary country that 110m lacks or draws too small to point at. */
  dots: Map<string, { x: number; y: number }>
  projection: GeoProjection
}

function buildGeometry(): ProjectedWorld {
  const sphere = { type: 'Sphere' } as const
  const projection = geoEqualEarth().fitWidth(MAP_WIDTH, sphere)
  const path = geoPath(projection).digits(1)
  const height = Math.ceil(path.bounds(sphere)[1][1])
  const round = (value: number) => Math.round(value * 10) / 10

  // One shape per code: Cyprus with Northern Cyprus, Somalia with Somaliland.
  const byCode = new Map<string, { code: string; name: string; d: string }>()
  const shapes: Array<{ code: string | null; name: string; d: string }> = []
  const areas = new Map<string, number>()
  const isoFeatures = new Map<string, Geometry>()
  for (const country of features(readAtlas('countries-110m.json'))) {
    const code = featureCode(country.id, country.properties.name)
    const d = compactPath(path(country) ?? '')
    if (!d) continue
    if (code !== null) areas.set(code, (areas.get(code) ?? 0) + path.area(country))
    if (code !== null && country.id !== undefined) isoFeatures.set(code, country.geometry)
    if (code === null) {
      shapes.push({ code: null, name: country.properties.name, d })
      continue
    }
    const known = byCode.get(code)
    if (known) known.d += d
    else {
      const shape = { code, name: vocabulary.get(code)!.name, d }
      byCode.set(code, shape)
      shapes.push(shape)
    }
  }

  // Every other vocabulary country gets a position for its dot.
  const missing = new Set([...vocabulary.keys()].filter((code) => !byCode.has(code)))
  const dots = new Map<string, { x: number; y: number }>()
  const place = (code: string, lonLat: [number, number]) => {
    const [x, y] = projection(lonLat) ?? [Number.NaN, Number.NaN]
    if (Number.isFinite(x) && Number.isFinite(y)) dots.set(code, { x: round(x), y: round(y) })
  }
  for (const country of features(readAtlas('countries-50m.json'), (code) => code !== null && missing.has(code))) {
    place(featureCode(country.id, country.properties.name)!, mainCentroid(country.geometry))
  }
  for (const [code, lonLat] of Object.entries(dotPositionsByHand)) if (missing.has(code) && !dots.has(code)) place(code, [...lonLat])
  // And so does every country drawn too small to point at, on its main land.
  for (const [code, area] of areas) if (area < TINY_SHAPE_AREA) place(code, mainCentroid(isoFeatures.get(code)!))

  return { width: MAP_WIDTH, height, outline: compactPath(path(sphere) ?? ''), shapes, dots, projection }
}

/** The projected world, built on first use and kept for the life of the process. */
export function worldGeometry(): Readonly<ProjectedWorld> {
  return singleton('world-map-geometry', buildGeometry)
}

const fillFor = scaleThreshold<number, string>()
  .domain([...coverageThresholds])
  .range(coverageSteps.map((step) => step.fill))

/** The fill of a country on the map: its coverage step, or neutral when it has no agencies. */
export function coverageFill(figures: Pick<CountryFigures, 'agencies' | 'share'> | undefined): string {
  if (!figures || figures.agencies <= 0) return noAgenciesFill
  return fillFor(Math.min(1, Math.max(0, figures.share)))
}

/**
 * What the map component draws for these figures: the shapes (paths shared by every page), the
 * dots of small countries with agencies (a tiny shape's link is on its dot), and every country
 * with agencies with its colour and link.
 * Codes outside the vocabulary and countries with no agencies are left out.
 */
export function worldMapData(figures: ReadonlyArray<CountryFigures>): WorldMapData {
  const geometry = worldGeometry()
  const mapped: MapCountry[] = []
  for (const row of figures) {
    const country = vocabulary.get(row.code)
    if (!country || row.agencies <= 0) continue
    mapped.push({
      ...row,
      name: country.name,
      region: country.region,
      href: `/coverage/${country.region}?country=${country.code}`,
      fill: coverageFill(row),
    })
  }
  mapped.sort((a, b) => a.name.localeCompare(b.name, 'en'))
  const dots = mapped.flatMap((country) => {
    const at = geometry.dots.get(country.code)
    return at ? [{ code: country.code, ...at }] : []
  })
  return { width: geometry.width, height: geometry.height, outline: geometry.outline, shapes: geometry.shapes, dots, countries: mapped }
}

/** A dot as an SVG path (two half-circle arcs), for drawings that take paths only. */
export function dotPath(x: number, y: number, radius: number): string {
  return `M${x - radius},${y}a${radius},${radius} 0 1,0 ${2 * radius},0a${radius},${radius} 0 1,0 ${-2 * radius},0z`
}

/**
 * The map as a list of filled paths in painting order (the sea, every country, then the dots), for
 * the quarterly PDF: give each to pdf-lib's `drawSvgPath(d, { x, y, scale, color, borderColor })`
 * with `x, y` the PDF position of the map's top-left corner. pdf-lib flips the y axis itself (SVG
 * y runs down, PDF y up), so `y` is the page height minus the top margin, and the map is
 * `height * scale` tall below it.
 */
export function worldMapDrawing(
  map: WorldMapData,
  dotRadius = 4,
): { width: number; height: number; paths: Array<{ d: string; fill: string; code: string | null }> } {
  const fills = new Map(map.countries.map((country) => [country.code, country.fill]))
  return {
    width: map.width,
    height: map.height,
    paths: [
      { d: map.outline, fill: '#ffffff', code: null },
      ...map.shapes.map((shape) => ({ d: shape.d, fill: (shape.code && fills.get(shape.code)) || noAgenciesFill, code: shape.code })),
      ...map.dots.map((dot) => ({ d: dotPath(dot.x, dot.y, dotRadius), fill: fills.get(dot.code)!, code: dot.code })),
    ],
  }
}
