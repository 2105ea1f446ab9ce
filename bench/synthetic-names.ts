/**
 * Name parts of the synthetic benchmark world, shared by the seed (which builds the names in
 * SQL) and the runner (which searches for them). Every place name is invented: a prefix and a
 * suffix that sound like the region, so that "<City> Police Department" looks like a real
 * agency without being one.
 */
import type { RegionCode } from '../db/seed/countries'

type RegionParts = {
  /** Share of all agencies filed in this region. */
  share: number
  prefixes: string[]
  suffixes: string[]
  /** Most agencies sit in these countries; the rest are spread over every country of the region. */
  mainCountries: string[]
  subdivisions: string[]
  timeZones: string[]
}

const northAmericanPrefixes = ['Ash', 'Bright', 'Cedar', 'Clear', 'Elm', 'Fair', 'Glen', 'Green', 'Harbor', 'Hill', 'Kings', 'Lake', 'Maple', 'Mill', 'Oak', 'Pine', 'River', 'Rock', 'Spring', 'Stone', 'Silver', 'Wood', 'Brook', 'Fox', 'Red']
const northAmericanSuffixes = ['field', 'ford', 'ton', 'ville', 'wood', 'burg', 'dale', 'port', 'view', 'brook', 'haven', 'mont', 'ridge', 'water', 'bury']

export const regionParts: Record<RegionCode, RegionParts> = {
  US: {
    share: 0.35,
    prefixes: northAmericanPrefixes,
    suffixes: northAmericanSuffixes,
    mainCountries: ['US'],
    subdivisions: ['Alabama', 'Arizona', 'California', 'Colorado', 'Florida', 'Georgia', 'Illinois', 'Indiana', 'Kentucky', 'Louisiana', 'Maryland', 'Michigan', 'Minnesota', 'Missouri', 'Nevada', 'New Jersey', 'New York', 'North Carolina', 'Ohio', 'Oregon', 'Pennsylvania', 'Tennessee', 'Texas', 'Utah', 'Virginia', 'Washington', 'Wisconsin'],
    timeZones: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'],
  },
  CA: {
    share: 0.06,
    prefixes: northAmericanPrefixes,
    suffixes: northAmericanSuffixes,
    mainCountries: ['CA'],
    subdivisions: ['Alberta', 'British Columbia', 'Manitoba', 'New Brunswick', 'Nova Scotia', 'Ontario', 'Quebec', 'Saskatchewan'],
    timeZones: ['America/Toronto', 'America/Vancouver', 'America/Edmonton', 'America/Halifax'],
  },
  LATAM: {
    share: 0.14,
    prefixes: ['San ', 'Santa ', 'Villa ', 'Puerto ', 'Nueva ', 'Ciudad ', 'Valle ', 'Monte ', 'Río ', 'Porto ', 'Vila ', 'Campo '],
    suffixes: ['Rosa', 'Cruz', 'Clara', 'Esperanza', 'Vista', 'Alegre', 'Verde', 'Hermosa', 'Luz', 'Dorado', 'Bonito', 'Serena', 'Real', 'Paz'],
    mainCountries: ['MX', 'BR', 'AR', 'CO', 'CL', 'PE', 'EC', 'GT', 'DO', 'CR'],
    subdivisions: [],
    timeZones: ['America/Mexico_City', 'America/Sao_Paulo', 'America/Bogota', 'America/Argentina/Buenos_Aires', 'America/Lima'],
  },
  EMEA: {
    share: 0.3,
    prefixes: ['Neu', 'Alt', 'Ost', 'Nord', 'Ober', 'Hoch', 'Wester', 'Kirch', 'Linden', 'Rosen', 'Eich', 'Stein', 'Birken', 'Sonnen', 'Mar', 'Bel', 'Mont', 'Ash', 'Brad', 'Wick'],
    suffixes: ['stadt', 'burg', 'heim', 'dorf', 'feld', 'hausen', 'berg', 'bach', 'ville', 'mont', 'ham', 'ley', 'chester', 'wick'],
    mainCountries: ['GB', 'DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'IE', 'BE', 'ZA', 'NG', 'KE', 'AE', 'IL', 'TR', 'SA', 'EG'],
    subdivisions: [],
    timeZones: ['Europe/London', 'Europe/Berlin', 'Europe/Paris', 'Africa/Johannesburg', 'Asia/Dubai', 'Africa/Lagos'],
  },
  APAC: {
    share: 0.15,
    prefixes: ['Kita', 'Minami', 'Higashi', 'Nishi', 'Shin', 'Taka', 'Naga', 'Sun', 'Bay', 'Port ', 'Mount ', 'Coral ', 'Jaya', 'Kota ', 'Banda'],
    suffixes: ['yama', 'kawa', 'saki', 'hara', 'shima', 'ville', 'field', 'pura', 'nagar', 'bay', 'haven', 'ton', 'wattle', 'gong'],
    mainCountries: ['AU', 'IN', 'JP', 'KR', 'SG', 'NZ', 'ID', 'PH', 'TH', 'MY', 'TW', 'VN'],
    subdivisions: [],
    timeZones: ['Australia/Sydney', 'Asia/Kolkata', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Singapore', 'Pacific/Auckland'],
  },
}

/** Every invented city of a region: each prefix with each suffix. */
export function citiesOf(region: RegionCode): string[] {
  const { prefixes, suffixes } = regionParts[region]
  return prefixes.flatMap((prefix) => suffixes.map((suffix) => `${prefix}${suffix}`))
}

/**
 * The cities the benchmark searches for: common enough in the US to give a page of results,
 * in the US so that the US lead finds them too.
 */
export const searchCities = ['Ashford', 'Oakville', 'Springfield', 'Riverton', 'Cedarbrook', 'Lakeview', 'Fairhaven', 'Kingston', 'Glendale', 'Millbury', 'Stoneridge', 'Woodburg']

export const firstNames = ['James', 'Maria', 'Robert', 'Linda', 'Michael', 'Aisha', 'David', 'Sofia', 'Daniel', 'Emma', 'Carlos', 'Fatima', 'Thomas', 'Olivia', 'Wei', 'Priya', 'Lucas', 'Ana', 'Hiroshi', 'Grace', 'Samuel', 'Chloe', 'Ahmed', 'Isabel', 'Noah', 'Yuki', 'Kwame', 'Elena', 'Mateo', 'Hannah', 'Arjun', 'Léa', 'Jonas', 'Camila', 'Ravi', 'Sarah', 'Liam', 'Zanele', 'Diego', 'Ingrid', 'Omar', 'Mei', 'Patrick', 'Lucía', 'Ethan', 'Amara', 'Felix', 'Nadia', 'Marcus', 'Leila']
export const lastNames = ['Smith', 'Garcia', 'Johnson', 'Müller', 'Brown', 'Silva', 'Williams', 'Rossi', 'Jones', 'Kim', 'Miller', 'Nguyen', 'Davis', 'Martínez', 'Wilson', 'Okafor', 'Anderson', 'Schmidt', 'Taylor', 'Dubois', 'Thomas', 'Santos', 'Moore', 'Kowalski', 'Jackson', 'Tanaka', 'White', 'Hernández', 'Harris', 'Singh', 'Martin', 'Cohen', 'Thompson', 'Rodríguez', 'Clark', 'Patel', 'Lewis', 'Jensen', 'Walker', 'Mensah', 'Hall', 'Novak', 'Young', 'López', 'King', 'Sato', 'Wright', 'Haddad', 'Scott', 'Petrov']
export const contactTitles = ['Detective', 'Sergeant', 'Lieutenant', 'Captain', 'Special Agent', 'Assistant District Attorney', 'Intelligence Analyst', 'Chief of Police', 'Digital Forensics Examiner', 'Legal Counsel', 'Inspector', 'Superintendent']
export const contactUnits = ['Cybercrime Unit', 'ICAC Task Force', 'Major Crimes', 'Legal Division', 'Intelligence Bureau', 'Digital Forensics Lab', 'Fraud Squad', 'Counter-Terrorism Unit', 'Special Victims Unit']
export const agencyTags = ['icac', 'cybercrime', 'fraud', 'counter-terrorism', 'child-safety', 'emergency-contact', 'training-requested', 'mou-signed', 'high-volume', 'portal-user', 'new-leadership', 'conference-lead']
export const engagementSubjects = ['Legal process walkthrough', 'Emergency disclosure review', 'Preservation request training', 'Quarterly check-in', 'Child safety reporting workflow', 'Records portal onboarding', 'Conference follow-up', 'International requests briefing', 'Fraudulent request debrief', 'Introductory call']
export const taskSubjects = ['Send follow-up notes to', 'Share the guidelines with', 'Schedule training for', 'Confirm portal access for', 'Book next check-in with', 'Collect feedback from']
