/** Client-safe: may this user write records in that region? (The server checks the same.) */
export function canWriteInRegion(actor: { allRegions: boolean; regions: readonly string[] }, regionCode: string) {
  return actor.allRegions || actor.regions.includes(regionCode)
}
