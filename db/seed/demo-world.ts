import { eq, inArray } from 'drizzle-orm'
import {
  activity,
  agencies,
  conferences,
  contacts,
  engagementAgencies,
  engagementContacts,
  engagementStaff,
  engagements,
  presentationAgencies,
  presentationPresenters,
  presentations,
  tasks,
  users,
} from '../schema'
import type { Database } from '~/lib/db.server'
import { refreshAgencySearch } from '~/modules/agencies/agencies.server'
import { refreshAgencyEngagementDates } from '~/modules/engagements/engagements.server'
import { zonedLocalToUtc } from '~/modules/engagements/local-time'
import {
  countries as countryList,
  regionCodes,
  type AgencyKind,
  type AgencyStatus,
  type ConferenceStatus,
  type EngagementKind,
  type RegionCode,
  type Topic,
} from '../schema/vocabulary'
import { demoAccounts } from './demo-accounts'
import { demoAgencies, type DemoAgency } from './demo-agencies'
import { demoConferences, type DemoConference } from './demo-conferences'

/**
 * The CRM part of the demo world: the real, public agencies and conferences of the shared demo
 * data set, with fictional contacts, a year of engagements, presentations, follow-up tasks and
 * the activity that makes timelines readable. Everything is drawn from a seeded generator, so a
 * fresh database looks the same every time (relative to `today`).
 *
 * Contacts are fictional people. Their addresses use the agencies' real domains with a `demo.`
 * local part; local mail mode never sends, so they can never reach anyone.
 */

const DAY = 24 * 60 * 60_000
const HOUR = 60 * 60_000
/** Agencies "last engaged" before this many days ago are stale (the app's threshold is 180). */
const STALE_OFFSET = -190
const SEED = 20260523

// ---------------------------------------------------------------------------------------------
// Deterministic randomness

export function createRandom(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]
  const chance = (probability: number) => next() < probability
  const shuffle = <T>(items: readonly T[]): T[] => {
    const copy = [...items]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy
  }
  const weighted = <T>(items: readonly T[], weight: (item: T) => number): T => {
    const total = items.reduce((sum, item) => sum + weight(item), 0)
    let roll = next() * total
    for (const item of items) {
      roll -= weight(item)
      if (roll < 0) return item
    }
    return items[items.length - 1]
  }
  return { next, int, pick, chance, shuffle, weighted }
}
type Random = ReturnType<typeof createRandom>

// ---------------------------------------------------------------------------------------------
// Fictional people

type PoolKey =
  'us' | 'ca' | 'fr' | 'gb' | 'ie' | 'au' | 'de' | 'es' | 'pt' | 'it' | 'nl' | 'ar' | 'he' | 'za' | 'ke' | 'ng' | 'ja' | 'ko' | 'zh' | 'in' | 'ph' | 'id' | 'th'
type NamePool = { f: readonly string[]; m: readonly string[]; last: readonly string[]; familyFirst?: boolean; doubleSurname?: boolean }

// Invented combinations; none of them is meant to be anybody.
const namePools: Record<PoolKey, NamePool> = {
  us: {
    f: ['Tessa', 'Renee', 'Whitney', 'Lorna', 'Maribel', 'Colette', 'Imani', 'Shauna', 'Priya', 'Gwen', 'Harper', 'Joelle'],
    m: ['Marcus', 'Owen', 'Caleb', 'Darnell', 'Graham', 'Trevor', 'Desmond', 'Wade', 'Brody', 'Felix', 'Russell', 'Emmett'],
    last: [
      'Pemberton',
      'Castellano',
      'Ridley',
      'Thornbury',
      'McAllister',
      'Drummond',
      'Kettering',
      'Lockhart',
      'Abernathy',
      'Fairweather',
      'Holloway',
      'Stroud',
      'Quill',
      'Merriweather',
      'Ashdown',
      'Blakemore',
      'Harrow',
      'Winslow',
      'Calloway',
      'Brightwater',
    ],
  },
  ca: {
    f: ['Brianne', 'Kelsey', 'Shelby', 'Alanna', 'Mackenzie', 'Robyn', 'Tara', 'Leah'],
    m: ['Connor', 'Garrett', 'Brent', 'Dylan', 'Rory', 'Kyle', 'Wesley', 'Travis'],
    last: ['MacInnes', 'Halvorsen', 'Birchall', 'Kinsella', 'Lockwood', 'Pettigrew', 'Aldous', 'Penner', 'Maplethorpe', 'Larkspur'],
  },
  fr: {
    f: ['Élodie', 'Margaux', 'Amélie', 'Céline', 'Solène', 'Maëlle', 'Noémie', 'Aurélie'],
    m: ['Mathieu', 'Sylvain', 'Thibault', 'Bastien', 'Yannick', 'Luc', 'Rémi', 'Grégoire'],
    last: ['Beaulieu', 'Marchand', 'Delacroix', 'Fontaine', 'Lavigne', 'Rocheblave', 'Garnier', 'Duplessis', 'Vautrin', 'Bellerose', 'Desrosiers', 'Lemaire'],
  },
  gb: {
    f: ['Fiona', 'Imogen', 'Harriet', 'Poppy', 'Tamsin', 'Philippa', 'Rosalind', 'Bryony'],
    m: ['Gareth', 'Callum', 'Rhys', 'Euan', 'Angus', 'Hamish', 'Alistair', 'Piers'],
    last: ['Ashcombe', 'Penhaligon', 'Wetherby', 'Fenwick', 'Blackwood', 'Crossley', 'Dunmore', 'Pryce', 'Marchbank', 'Tolliver', 'Greaves', 'Ellery'],
  },
  ie: {
    f: ['Aoife', 'Siobhán', 'Orla', 'Clodagh', 'Gráinne', 'Méabh'],
    m: ['Ciarán', 'Eoin', 'Cian', 'Darragh', 'Oisín', 'Tadhg'],
    last: ['Kilbride', 'Mulcahy', 'Dunphy', 'Costigan', 'Devereux', 'Fennelly'],
  },
  au: {
    f: ['Kirra', 'Matilda', 'Brooke', 'Jacinta', 'Tahlia', 'Georgia'],
    m: ['Lachlan', 'Brodie', 'Jarrah', 'Fletcher', 'Declan', 'Hugh'],
    last: ['Whitlock', 'Carrington', 'Bramble', 'Kingsford', 'Ashworth', 'Dunstan', 'Penrose', 'Hollis'],
  },
  de: {
    f: ['Katrin', 'Anke', 'Svenja', 'Ulrike', 'Birgit', 'Franziska', 'Jana', 'Mareike'],
    m: ['Jonas', 'Matthias', 'Florian', 'Tobias', 'Henrik', 'Lukas', 'Dirk', 'Sebastian'],
    last: ['Falkenrath', 'Brandauer', 'Hollweg', 'Kranich', 'Seidelmann', 'Wendler', 'Auerbach', 'Lichtenfeld', 'Grunwald', 'Eschenbach'],
  },
  es: {
    f: ['Valentina', 'Camila', 'Ximena', 'Paula', 'Mariana', 'Lorena', 'Catalina', 'Renata', 'Daniela', 'Inés'],
    m: ['Alejandro', 'Mateo', 'Santiago', 'Diego', 'Andrés', 'Esteban', 'Julián', 'Gonzalo', 'Ignacio', 'Tomás'],
    last: [
      'Arriaga',
      'Benavides',
      'Quintana',
      'Olmedo',
      'Villaseñor',
      'Cárdenas',
      'Iturbe',
      'Montalvo',
      'Salcedo',
      'Urrutia',
      'Valdivia',
      'Echeverri',
      'Barrientos',
      'Zubizarreta',
    ],
    doubleSurname: true,
  },
  pt: {
    f: ['Mariana', 'Larissa', 'Beatriz', 'Renata', 'Juliana', 'Aline', 'Tatiana', 'Luíza'],
    m: ['João', 'Thiago', 'Gustavo', 'Leandro', 'Vinícius', 'Fábio', 'Rodrigo', 'Otávio'],
    last: ['Albuquerque', 'Bittencourt', 'Cavalcanti', 'Damasceno', 'Figueiredo', 'Mendonça', 'Queiroz', 'Sampaio', 'Valadares', 'Menezes'],
  },
  it: {
    f: ['Giulia', 'Chiara', 'Federica', 'Alessia', 'Martina', 'Ilaria'],
    m: ['Marco', 'Lorenzo', 'Stefano', 'Davide', 'Matteo', 'Riccardo'],
    last: ['Bellandi', 'Cortesi', 'Fiorelli', 'Marchetti', 'Santoro', 'Zanetti', 'Orsolini', 'Valsecchi'],
  },
  nl: {
    f: ['Sanne', 'Femke', 'Lotte', 'Anouk', 'Marloes', 'Ilse'],
    m: ['Joris', 'Bram', 'Thijs', 'Ruben', 'Sjoerd', 'Maarten'],
    last: ['van Dalen', 'Brouwer', 'de Wit', 'Hoekstra', 'Verhoeven', 'Kuipers', 'van der Linde', 'Mulder'],
  },
  ar: {
    f: ['Layla', 'Noura', 'Mariam', 'Huda', 'Reem', 'Salma'],
    m: ['Omar', 'Khalid', 'Faisal', 'Tariq', 'Yousef', 'Hamad'],
    last: ['Al-Rashidi', 'Al-Mansouri', 'Haddad', 'Al-Harbi', 'Al-Shammari', 'Nasser', 'Al-Zahrani', 'Al-Amiri'],
  },
  he: {
    f: ['Noa', 'Tamar', 'Shira', 'Yael', 'Michal', 'Adi'],
    m: ['Eitan', 'Yoav', 'Amit', 'Omer', 'Nadav', 'Itai'],
    last: ['Ben-Ami', 'Levinson', 'Golan', 'Shaked', 'Carmeli', 'Avidan'],
  },
  za: {
    f: ['Lindiwe', 'Nomvula', 'Anika', 'Zanele', 'Karabo', 'Thandeka'],
    m: ['Thabo', 'Pieter', 'Sipho', 'Johan', 'Lwazi', 'Tshepo'],
    last: ['van Wyk', 'Dlamini', 'Mokoena', 'Botha', 'Nkosi', 'Pretorius', 'Mahlangu', 'Steyn'],
  },
  ke: {
    f: ['Wanjiru', 'Achieng', 'Njeri', 'Chebet', 'Akinyi'],
    m: ['Otieno', 'Kiprop', 'Mwangi', 'Kamau', 'Omondi'],
    last: ['Kariuki', 'Odhiambo', 'Cheruiyot', 'Wafula', 'Njoroge', 'Ochieng', 'Kiprotich'],
  },
  ng: {
    f: ['Ngozi', 'Funmilayo', 'Chiamaka', 'Aisha', 'Folake', 'Adaeze'],
    m: ['Chinedu', 'Adebayo', 'Emeka', 'Tunde', 'Ibrahim', 'Olumide'],
    last: ['Okonkwo', 'Adeyemi', 'Eze', 'Balogun', 'Nwosu', 'Okafor', 'Bello', 'Afolabi'],
  },
  ja: {
    f: ['Yui', 'Aoi', 'Hina', 'Mei', 'Sakura', 'Haruka'],
    m: ['Haruto', 'Sota', 'Ren', 'Kaito', 'Daiki', 'Takumi'],
    last: ['Takanashi', 'Morikawa', 'Hoshino', 'Kuroda', 'Sakuraba', 'Tachibana', 'Nishimura', 'Fujisawa'],
  },
  ko: {
    f: ['Seo-yeon', 'Ha-eun', 'Su-bin', 'Ji-woo', 'Yu-na', 'Da-eun'],
    m: ['Min-jun', 'Ji-ho', 'Do-yun', 'Seung-woo', 'Hyun-woo', 'Jae-won'],
    last: ['Kang', 'Seo', 'Yoon', 'Baek', 'Han', 'Jeong', 'Shin', 'Oh'],
    familyFirst: true,
  },
  zh: {
    f: ['Wei Ling', 'Mei Xin', 'Hui Min', 'Ka Yan', 'Shu Fen', 'Pei Shan'],
    m: ['Jun Hao', 'Kai Wen', 'Zhi Hao', 'Chun Kit', 'Wai Keung', 'Ming Hong'],
    last: ['Tan', 'Lim', 'Ng', 'Chan', 'Wong', 'Teo', 'Leung', 'Ho'],
    familyFirst: true,
  },
  in: {
    f: ['Kavya', 'Ananya', 'Meera', 'Nandini', 'Ishita', 'Pooja'],
    m: ['Arjun', 'Rohan', 'Vikram', 'Siddharth', 'Aditya', 'Karthik'],
    last: ['Raghunathan', 'Mehrotra', 'Bhattacharya', 'Deshpande', 'Chaturvedi', 'Iyengar', 'Kulkarni', 'Sethi'],
  },
  ph: {
    f: ['Kristine', 'Jasmine', 'Angelica', 'Maricel', 'Rowena', 'Liza'],
    m: ['Miguel', 'Paolo', 'Carlo', 'Renato', 'Jericho', 'Arnel'],
    last: ['Dimaculangan', 'Bautista', 'Villanueva', 'Manalo', 'Macaraeg', 'Pascual', 'Soriano', 'Tolentino'],
  },
  id: {
    f: ['Sari', 'Dewi', 'Putri', 'Ratna', 'Wulan', 'Indah'],
    m: ['Adi', 'Budi', 'Rizky', 'Agus', 'Bayu', 'Dimas'],
    last: ['Wibisono', 'Santoso', 'Pratama', 'Hidayat', 'Nugroho', 'Saputra', 'Wicaksono', 'Permana'],
  },
  th: {
    f: ['Kanya', 'Pimchanok', 'Siriporn', 'Naree', 'Ploy', 'Waraporn'],
    m: ['Somchai', 'Napat', 'Anan', 'Kittisak', 'Thanawat', 'Prasert'],
    last: ['Srisuk', 'Wongsakul', 'Chaiyaporn', 'Thongdee', 'Rattanakorn', 'Boonmee', 'Saetang', 'Kaewkla'],
  },
}

/** The name pool and preferred language of people at an agency in each country. */
const countryProfiles: Record<string, { pool: PoolKey; language: string }> = {
  US: { pool: 'us', language: 'English' },
  CA: { pool: 'ca', language: 'English' },
  GB: { pool: 'gb', language: 'English' },
  IE: { pool: 'ie', language: 'English' },
  AU: { pool: 'au', language: 'English' },
  NZ: { pool: 'au', language: 'English' },
  FR: { pool: 'fr', language: 'French' },
  DE: { pool: 'de', language: 'German' },
  ES: { pool: 'es', language: 'Spanish' },
  IT: { pool: 'it', language: 'Italian' },
  NL: { pool: 'nl', language: 'Dutch' },
  AE: { pool: 'ar', language: 'Arabic' },
  SA: { pool: 'ar', language: 'Arabic' },
  IL: { pool: 'he', language: 'Hebrew' },
  ZA: { pool: 'za', language: 'English' },
  KE: { pool: 'ke', language: 'English' },
  NG: { pool: 'ng', language: 'English' },
  BR: { pool: 'pt', language: 'Portuguese' },
  CO: { pool: 'es', language: 'Spanish' },
  MX: { pool: 'es', language: 'Spanish' },
  CL: { pool: 'es', language: 'Spanish' },
  AR: { pool: 'es', language: 'Spanish' },
  PE: { pool: 'es', language: 'Spanish' },
  JP: { pool: 'ja', language: 'Japanese' },
  KR: { pool: 'ko', language: 'Korean' },
  SG: { pool: 'zh', language: 'English' },
  HK: { pool: 'zh', language: 'Cantonese' },
  IN: { pool: 'in', language: 'English' },
  PH: { pool: 'ph', language: 'English' },
  ID: { pool: 'id', language: 'Indonesian' },
  TH: { pool: 'th', language: 'Thai' },
}

/** Staff of international bodies come from many countries and work in English. */
const internationalPools: Record<RegionCode, readonly PoolKey[]> = {
  US: ['us'],
  CA: ['ca', 'fr'],
  LATAM: ['es', 'pt'],
  EMEA: ['gb', 'ie', 'fr', 'de', 'es', 'it', 'nl'],
  APAC: ['zh', 'ja', 'au', 'in', 'ko'],
}

// Titles and ranks; "masculine|feminine" where the language has both forms.
const ranks = {
  usFederal: ['Special Agent', 'Supervisory Special Agent', 'Intelligence Analyst', 'Assistant Special Agent in Charge', 'Digital Forensic Examiner'],
  usState: ['Special Agent', 'Investigator', 'Sergeant', 'Lieutenant', 'Captain', 'Crime Analyst'],
  usPolice: ['Detective', 'Sergeant', 'Lieutenant', 'Captain', 'Investigator', 'Detective Sergeant'],
  usDistrictAttorney: ['Assistant District Attorney', 'Deputy District Attorney', 'Chief Investigator', 'Bureau Chief', 'Legal Process Specialist'],
  usAttorney: ['Assistant Attorney General', 'Trial Attorney', 'Chief Investigator', 'Deputy Chief', 'Legal Process Specialist'],
  tribal: ['Lieutenant', 'Criminal Investigator', 'Sergeant', 'Captain'],
  caPolice: ['Sergeant', 'Staff Sergeant', 'Constable', 'Corporal', 'Inspector', 'Detective Constable'],
  qcPolice: ['Sergent-détective|Sergente-détective', 'Lieutenant|Lieutenante', 'Enquêteur|Enquêtrice', 'Capitaine', 'Agent|Agente'],
  ukPolice: ['Detective Sergeant', 'Detective Inspector', 'Detective Constable', 'Detective Chief Inspector', 'Superintendent'],
  iePolice: ['Detective Sergeant', 'Detective Garda', 'Detective Inspector', 'Superintendent'],
  auPolice: ['Detective Sergeant', 'Detective Senior Constable', 'Detective Inspector', 'Superintendent', 'Commander'],
  frPolice: ['Commandant de police', 'Capitaine de police', 'Lieutenant de police', 'Commissaire de police', 'Major de police'],
  frGendarmerie: ["Chef d'escadron", 'Capitaine', 'Lieutenant-colonel', 'Adjudant-chef'],
  dePolice: [
    'Kriminalhauptkommissar|Kriminalhauptkommissarin',
    'Kriminaloberkommissar|Kriminaloberkommissarin',
    'Kriminalrat|Kriminalrätin',
    'Kriminaldirektor|Kriminaldirektorin',
  ],
  esPolice: ['Inspector|Inspectora', 'Subinspector|Subinspectora', 'Comisario|Comisaria', 'Inspector jefe|Inspectora jefa'],
  esGuardiaCivil: ['Teniente', 'Capitán|Capitana', 'Sargento', 'Comandante'],
  itPolice: ['Ispettore|Ispettrice', 'Commissario|Commissaria', 'Vice Questore', 'Sovrintendente'],
  nlPolice: ['Rechercheur', 'Inspecteur', 'Hoofdinspecteur', 'Digitaal specialist'],
  latamPolice: ['Comisario|Comisaria', 'Subcomisario|Subcomisaria', 'Capitán|Capitana', 'Teniente', 'Mayor', 'Intendente'],
  latamProsecutor: ['Fiscal', 'Fiscal adjunto|Fiscal adjunta', 'Fiscal delegado|Fiscal delegada', 'Investigador|Investigadora', 'Analista'],
  brPolice: ['Delegado|Delegada', 'Agente de Polícia Federal', 'Perito Criminal|Perita Criminal', 'Escrivão|Escrivã'],
  brState: ['Delegado|Delegada', 'Investigador|Investigadora', 'Escrivão|Escrivã', 'Perito Criminal|Perita Criminal'],
  brProsecutor: ['Procurador da República|Procuradora da República', 'Analista do MPU', 'Assessor|Assessora'],
  gulfPolice: ['Lieutenant Colonel', 'Major', 'Captain', 'First Lieutenant'],
  ilPolice: ['Chief Superintendent', 'Superintendent', 'Chief Inspector', 'Inspector'],
  zaPolice: ['Colonel', 'Lieutenant Colonel', 'Captain', 'Warrant Officer'],
  kePolice: ['Chief Inspector', 'Inspector', 'Superintendent', 'Corporal'],
  ngAgency: ['Detective Superintendent', 'Chief Detective Superintendent', 'Assistant Detective Superintendent', 'Analyst'],
  asiaPolice: ['Superintendent', 'Inspector', 'Chief Inspector', 'Senior Inspector'],
  sgPolice: ['Assistant Superintendent', 'Deputy Superintendent', 'Inspector', 'Senior Investigation Officer'],
  inPolice: ['Deputy Superintendent of Police', 'Superintendent of Police', 'Inspector', 'Deputy Director'],
  phPolice: ['Police Major', 'Police Captain', 'Police Lieutenant', 'Police Lieutenant Colonel'],
  idPolice: ['Komisaris Polisi', 'Ajun Komisaris Besar Polisi', 'Inspektur Polisi Satu', 'Komisaris Besar Polisi'],
  thPolice: ['Police Lieutenant Colonel', 'Police Major', 'Police Captain', 'Police Colonel'],
  international: ['Specialist', 'Senior Specialist', 'Criminal Intelligence Officer', 'Liaison Officer', 'Head of Unit', 'Coordinator'],
  ngo: ['Program Manager', 'Law Enforcement Liaison', 'Senior Analyst', 'Director of Partnerships', 'Hotline Manager'],
  coalition: ['Program Director', 'Technical Program Manager', 'Partnerships Manager'],
  regulator: ['Policy Manager', 'Head of Enforcement', 'Senior Associate', 'Principal Investigator'],
} as const satisfies Record<string, readonly string[]>

const units = {
  usFederal: [
    'Cyber Division',
    'Crimes Against Children Unit',
    'Violent Crime Section',
    'Digital Forensics Lab',
    'Office of Chief Counsel',
    'Financial Crimes Task Force',
    'Counterterrorism Section',
  ],
  usLocal: [
    'ICAC Task Force',
    'Cybercrime Unit',
    'Crimes Against Children Unit',
    'Digital Forensics Lab',
    'Special Victims Unit',
    'Financial Crimes Unit',
    'Criminal Intelligence Unit',
  ],
  prosecutor: [
    'Child Exploitation Unit',
    'Cybercrime Unit',
    'Special Victims Bureau',
    'Economic Crimes Bureau',
    'Legal Process Unit',
    'International Cooperation Unit',
  ],
  police: [
    'Cybercrime Unit',
    'Child Exploitation Unit',
    'Digital Forensics Lab',
    'Criminal Intelligence Unit',
    'Financial Crimes Unit',
    'Counter-Terrorism Unit',
    'Online Child Sexual Exploitation Team',
    'Fraud Squad',
  ],
  ngo: ['Hotline Operations Team', 'Law Enforcement Liaison Team', 'Analysis Team', 'Partnerships Team', 'Policy and Research Team'],
  coalition: ['Programs Team', 'Technology Working Group', 'Partnerships Team'],
  regulator: ['Online Safety Group', 'Enforcement Team', 'Policy Team', 'Investigations Team'],
  international: [
    'Cybercrime Directorate',
    'Crimes Against Children Team',
    'Operational Support',
    'Counter-Terrorism Unit',
    'Judicial Cooperation Desk',
    'Digital Forensics Lab',
    'Financial Crime Unit',
  ],
  es: [
    'Unidad de Cibercrimen',
    'Grupo de Delitos Informáticos',
    'Unidad de Protección a la Infancia',
    'Dirección de Investigación Criminal',
    'Unidad de Inteligencia',
    'Unidad de Fraudes Electrónicos',
    'Unidad Antiterrorista',
  ],
  esProsecutor: [
    'Unidad de Cibercrimen',
    'Fiscalía Especializada en Delitos contra Menores',
    'Unidad de Cooperación Internacional',
    'Unidad de Delitos Económicos',
  ],
  pt: [
    'Unidade de Repressão a Crimes Cibernéticos',
    'Núcleo de Crimes contra Crianças',
    'Divisão de Inteligência',
    'Perícia em Informática',
    'Delegacia de Crimes Cibernéticos',
    'Núcleo Antiterrorismo',
  ],
  ptProsecutor: ['Grupo de Apoio sobre Crimes Cibernéticos', 'Secretaria de Cooperação Internacional', 'Núcleo de Combate à Exploração Infantil'],
  ptNgo: ['Central de Denúncias', 'Parcerias', 'Pesquisa e Políticas'],
  fr: [
    'Unité de lutte contre la cybercriminalité',
    'Brigade de protection des mineurs',
    'Service du renseignement criminel',
    'Section des fraudes numériques',
    'Unité antiterroriste',
    'Laboratoire de criminalistique numérique',
  ],
  de: ['Referat Cybercrime', 'Referat Kinderpornografie', 'Digitale Forensik', 'Wirtschaftskriminalität', 'Staatsschutz', 'Zentralstelle Internet'],
  it: ['Sezione Reati Informatici', 'Centro Tutela Minori Online', 'Sezione Antifrode', 'Sezione Antiterrorismo', 'Sezione Analisi Forense'],
  nl: ['Team Cybercrime', 'Team Kinderbescherming Online', 'Team Fraude', 'Team Terrorismebestrijding', 'Team Digitale Recherche'],
} as const satisfies Record<string, readonly string[]>

const latamSpanish = new Set(['CO', 'MX', 'CL', 'AR', 'PE'])
const nonGovernmentKinds = new Set<AgencyKind>(['ngo', 'industry_coalition', 'regulator', 'international_body'])

function rankSet(agency: DemoAgency, quebec: boolean): readonly string[] {
  const { kind, countryCode: country, name } = agency
  if (kind === 'ngo') return ranks.ngo
  if (kind === 'industry_coalition') return ranks.coalition
  if (kind === 'regulator') return ranks.regulator
  if (kind === 'international_body') return ranks.international
  if (kind === 'tribal') return ranks.tribal
  if (country === 'US') {
    if (kind === 'prosecutor') return /District Attorney|State's Attorney/.test(name) ? ranks.usDistrictAttorney : ranks.usAttorney
    if (kind === 'federal') return ranks.usFederal
    return kind === 'state' ? ranks.usState : ranks.usPolice
  }
  if (latamSpanish.has(country)) return kind === 'prosecutor' ? ranks.latamProsecutor : ranks.latamPolice
  switch (country) {
    case 'CA':
      return quebec ? ranks.qcPolice : ranks.caPolice
    case 'GB':
      return ranks.ukPolice
    case 'IE':
      return ranks.iePolice
    case 'AU':
    case 'NZ':
      return ranks.auPolice
    case 'FR':
      return /Gendarmerie/.test(name) ? ranks.frGendarmerie : ranks.frPolice
    case 'DE':
      return ranks.dePolice
    case 'ES':
      return /Guardia Civil/.test(name) ? ranks.esGuardiaCivil : ranks.esPolice
    case 'IT':
      return ranks.itPolice
    case 'NL':
      return ranks.nlPolice
    case 'AE':
    case 'SA':
      return ranks.gulfPolice
    case 'IL':
      return ranks.ilPolice
    case 'ZA':
      return ranks.zaPolice
    case 'KE':
      return ranks.kePolice
    case 'NG':
      return ranks.ngAgency
    case 'BR':
      return kind === 'prosecutor' ? ranks.brProsecutor : kind === 'state' ? ranks.brState : ranks.brPolice
    case 'SG':
      return ranks.sgPolice
    case 'IN':
      return ranks.inPolice
    case 'PH':
      return ranks.phPolice
    case 'ID':
      return ranks.idPolice
    case 'TH':
      return ranks.thPolice
    default:
      return ranks.asiaPolice
  }
}

/** The units contacts work in, and whether their names are English (for titles like "with the Cybercrime Unit"). */
function unitSet(agency: DemoAgency, language: string): { names: readonly string[]; english: boolean } {
  const { kind } = agency
  if (agency.countryCode === 'BR' && kind === 'ngo') return { names: units.ptNgo, english: false }
  if (kind === 'ngo') return { names: units.ngo, english: true }
  if (kind === 'industry_coalition') return { names: units.coalition, english: true }
  if (kind === 'regulator') return { names: units.regulator, english: true }
  if (kind === 'international_body') return { names: units.international, english: true }
  switch (language) {
    case 'Spanish':
      return { names: kind === 'prosecutor' ? units.esProsecutor : units.es, english: false }
    case 'Portuguese':
      return { names: kind === 'prosecutor' ? units.ptProsecutor : units.pt, english: false }
    case 'French':
      return { names: units.fr, english: false }
    case 'German':
      return { names: units.de, english: false }
    case 'Italian':
      return { names: units.it, english: false }
    case 'Dutch':
      return { names: units.nl, english: false }
  }
  if (agency.countryCode === 'US') {
    if (kind === 'prosecutor') return { names: units.prosecutor, english: true }
    return { names: kind === 'federal' ? units.usFederal : units.usLocal, english: true }
  }
  return { names: kind === 'prosecutor' ? units.prosecutor : units.police, english: true }
}

function timeZoneOf(agency: { countryCode: string; subdivision: string | null }): string {
  const subdivision = agency.subdivision ?? ''
  switch (agency.countryCode) {
    case 'US':
      if (['Texas', 'Illinois'].includes(subdivision)) return 'America/Chicago'
      if (['California', 'Washington'].includes(subdivision)) return 'America/Los_Angeles'
      if (subdivision === 'Arizona') return 'America/Phoenix'
      return 'America/New_York'
    case 'CA':
      if (subdivision === 'British Columbia') return 'America/Vancouver'
      if (subdivision === 'Alberta') return 'America/Edmonton'
      if (subdivision === 'Manitoba') return 'America/Winnipeg'
      return 'America/Toronto'
    case 'AU':
      if (subdivision === 'Queensland') return 'Australia/Brisbane'
      if (subdivision === 'Victoria') return 'Australia/Melbourne'
      return 'Australia/Sydney'
    case 'BR':
      return subdivision === 'Bahia' ? 'America/Bahia' : 'America/Sao_Paulo'
  }
  const zones: Record<string, string> = {
    CO: 'America/Bogota',
    MX: 'America/Mexico_City',
    CL: 'America/Santiago',
    AR: 'America/Argentina/Buenos_Aires',
    PE: 'America/Lima',
    GB: 'Europe/London',
    DE: 'Europe/Berlin',
    FR: 'Europe/Paris',
    ES: 'Europe/Madrid',
    IT: 'Europe/Rome',
    NL: 'Europe/Amsterdam',
    IE: 'Europe/Dublin',
    AE: 'Asia/Dubai',
    SA: 'Asia/Riyadh',
    ZA: 'Africa/Johannesburg',
    KE: 'Africa/Nairobi',
    NG: 'Africa/Lagos',
    IL: 'Asia/Jerusalem',
    NZ: 'Pacific/Auckland',
    SG: 'Asia/Singapore',
    JP: 'Asia/Tokyo',
    KR: 'Asia/Seoul',
    IN: 'Asia/Kolkata',
    PH: 'Asia/Manila',
    ID: 'Asia/Jakarta',
    TH: 'Asia/Bangkok',
    HK: 'Asia/Hong_Kong',
  }
  return zones[agency.countryCode] ?? 'UTC'
}

/** "Federal Bureau of Investigation (FBI)" → "FBI"; "Polícia Federal (Brazil)" → "Polícia Federal". */
function shortNameOf(name: string): string {
  const acronym = [...name.matchAll(/\(([^)]+)\)/g)]
    .map((match) => match[1])
    .find((inner) => /^[A-Z0-9][A-Za-z0-9-]*$/.test(inner) && /[A-Z].*[A-Z0-9]/.test(inner))
  if (acronym) return acronym
  const open = name.indexOf(' (')
  if (open < 0) return name
  const before = name.slice(0, open)
  if (before.length <= 40) return before
  return name.slice(open + 2, name.indexOf(')', open))
}

function slug(value: string) {
  return value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')
}

// ---------------------------------------------------------------------------------------------
// What people talk about

type Scenario = {
  key: string
  weight: number
  /** The kinds this conversation happens as, each with its own titles. */
  titles: Partial<Record<EngagementKind, readonly string[]>>
  topics: readonly Topic[]
  summaries: readonly string[]
  outcomes: readonly string[]
  /** When it happened by email. */
  email?: { summary: string; outcome: string }
  agenda: string
  followUps: readonly string[]
}

// Placeholders: {unit} ("the Cybercrime Unit", or the agency), {agency}, {contact}, {conference}.
const scenarios: readonly Scenario[] = [
  {
    key: 'emergency',
    weight: 12,
    titles: {
      meeting: ['Emergency request process walkthrough with {unit}', 'Out-of-hours escalation path review with {agency}'],
      call: ['Call on the emergency disclosure criteria with {contact}', 'Emergency escalation path check with {unit}'],
      training_session: ['Training: emergency disclosure requests for {unit}', 'Emergency request process walkthrough with {unit}'],
    },
    topics: ['emergency_response', 'law_enforcement_response'],
    summaries: [
      'Walked the team through the emergency disclosure criteria and the 24/7 submission path, with examples of complete and incomplete requests.',
      'Reviewed three recent emergency requests with the investigators: what made them fast to answer and what was missing.',
      'Explained how emergency requests are triaged and which details let us act within the hour.',
    ],
    outcomes: [
      'The unit will route urgent requests through the emergency form and keep the checklist at the on-call desk.',
      'Agreed to circulate the emergency checklist to all on-call investigators.',
      'The team asked for a short written summary for new joiners; we will send it.',
    ],
    agenda: 'Agenda: emergency disclosure criteria, the 24/7 submission path and recent examples.',
    followUps: ['Send the emergency request checklist to {contact}', 'Share the 24/7 escalation contact sheet with {agency}'],
  },
  {
    key: 'preservation',
    weight: 9,
    titles: {
      meeting: ['Preservation extensions and timelines with {unit}'],
      call: ['Preservation request format review with {contact}'],
      email: ['Sent the preservation request guide to {contact}'],
    },
    topics: ['preservation', 'data_disclosure'],
    summaries: [
      'Reviewed recent preservation requests that were missing account identifiers and explained the preservation window and how to extend it.',
      'Went through how preservation requests are matched to accounts and why exact identifiers and date ranges matter.',
    ],
    outcomes: [
      'Investigators will include the exact account identifier and date range in future requests.',
      'The unit will send extension requests before the preservation window ends instead of filing new requests.',
    ],
    email: {
      summary: 'Sent the preservation guide: the identifiers and date ranges we need, and how to ask for an extension.',
      outcome: 'Acknowledged; the guide will be shared with the investigators.',
    },
    agenda: 'Agenda: preservation request format, identifiers and extension timelines.',
    followUps: ['Confirm the preservation request template with {contact}', 'Send the preservation FAQ to {unit}'],
  },
  {
    key: 'international',
    weight: 7,
    titles: {
      meeting: ['Cross-border request pathways briefing for {agency}', 'MLAT and direct-request options with {unit}'],
      call: ['Call about a cross-border preservation request with {contact}'],
      training_session: ['Training: international requests and MLAT for {unit}'],
    },
    topics: ['international_requests', 'data_disclosure'],
    summaries: [
      'Explained which data can be disclosed directly to foreign authorities and when a request has to go through mutual legal assistance.',
      'Walked through the MLAT process end to end and how to preserve data while a request is prepared.',
    ],
    outcomes: [
      'The team will send a preservation request first while the MLAT is prepared.',
      'Agreed to share anonymised examples of cross-border requests that worked well.',
    ],
    agenda: 'Agenda: direct requests, MLAT timelines and preservation while a request is prepared.',
    followUps: ['Send the international requests guide to {contact}', 'Check the status of the pending MLAT request with {agency}'],
  },
  {
    key: 'child_safety',
    weight: 11,
    titles: {
      meeting: ['Child-safety referrals follow-up with {unit}', 'CyberTipline report handling discussion with {unit}'],
      call: ['Call about an urgent child-safety referral with {contact}'],
      training_session: ['Financial sextortion trends briefing for {unit}', 'Training: child-safety reporting for {unit}'],
    },
    topics: ['child_safety', 'law_enforcement_response'],
    summaries: [
      'Discussed how our child-safety reports reach the unit through NCMEC and what supplemental information can be requested with legal process.',
      'Reviewed recent sextortion patterns and the signals platforms act on; the unit shared what helps their victim-identification work.',
      'Looked at turnaround times on referral follow-ups and where reports lacked the context the investigators needed.',
    ],
    outcomes: [
      'Agreed on a named contact for urgent child-safety follow-ups.',
      'The unit will flag time-critical referrals with a standard subject line.',
      'We will send the updated reporting overview for their new investigators.',
    ],
    agenda: 'Agenda: referral follow-ups, supplemental requests and current trends.',
    followUps: ['Send the child-safety reporting overview to {contact}', 'Introduce {contact} to the child-safety escalation team'],
  },
  {
    key: 'fraud',
    weight: 6,
    titles: {
      meeting: ['Fraudulent request alert debrief with {agency}', 'Verifying requester identity: session with {unit}'],
      call: ['Call to verify a suspicious request sent in the name of {agency}'],
      email: ['Sent a fraudulent request alert to {contact}'],
    },
    topics: ['fraudulent_requests', 'law_enforcement_response'],
    summaries: [
      'Shared indicators of spoofed law-enforcement email domains and how requester identity is verified before any disclosure.',
      'A request from a look-alike of the agency’s domain was caught; walked through how it was detected and what the agency can do about it.',
    ],
    outcomes: [
      'The agency will confirm its official request domains and tell us about any new one.',
      'The unit will remind staff to send requests only from official accounts.',
    ],
    email: {
      summary: 'Alerted the agency to a request sent from a look-alike of its domain and asked it to confirm its official request domains.',
      outcome: 'The contact confirmed the request was not theirs and listed the official domains.',
    },
    agenda: 'Agenda: spoofed request indicators and verification of official domains.',
    followUps: ['Confirm the official request domains of {agency}', 'Send the look-alike domain report to {contact}'],
  },
  {
    key: 'counter_terrorism',
    weight: 5,
    titles: {
      meeting: ['Counter-terrorism referral process discussion with {unit}', 'Imminent-threat escalation review with {unit}'],
      call: ['Call about an imminent-threat escalation with {contact}'],
    },
    topics: ['counter_terrorism', 'emergency_response'],
    summaries: [
      'Covered how imminent-threat content is escalated and the information needed for a fast emergency disclosure.',
      'Reviewed a recent threat escalation end to end and agreed where the hand-offs can be faster.',
    ],
    outcomes: [
      'Set up a secondary contact for out-of-hours escalations.',
      'The unit will use the emergency form for threats to life and the standard path for everything else.',
    ],
    agenda: 'Agenda: imminent-threat escalation and out-of-hours contacts.',
    followUps: ['Add the out-of-hours contact of {agency} to the escalation list', 'Send the threat escalation summary to {contact}'],
  },
  {
    key: 'check_in',
    weight: 12,
    titles: {
      meeting: ['Quarterly check-in with {agency}'],
      call: ['Relationship check-in with {contact}', 'Quarterly check-in call with {agency}'],
    },
    topics: ['law_enforcement_response'],
    summaries: [
      'Reviewed request volumes, turnaround times and open questions from the last quarter.',
      'Caught up on staffing changes in the unit and the requests they expect in the coming months.',
    ],
    outcomes: ['No blockers; next check-in planned for next quarter.', 'Two open questions taken away; answers to follow by email.'],
    agenda: 'Agenda: request volumes, turnaround times and open questions.',
    followUps: ['Answer the open questions from the check-in with {agency}', 'Schedule the next quarterly check-in with {agency}'],
  },
  {
    key: 'legal_training',
    weight: 6,
    titles: {
      training_session: [
        'Training: submitting lawful requests through the portal',
        'Training for new investigators at {agency}',
        'Workshop: account identifiers that speed up legal process',
      ],
    },
    topics: ['law_enforcement_response', 'data_disclosure'],
    summaries: [
      'Hands-on session covering account identifiers, the types of legal process and how to track a request.',
      'Training for newly assigned investigators on the guidelines, the request portal and the common reasons requests are returned.',
    ],
    outcomes: [
      'Attendees received the guideline handbook; the unit asked for a follow-up session for its forensic examiners.',
      'About twenty investigators trained; several signed up for the officer training on the guidelines site.',
    ],
    agenda: 'Agenda: the request portal, identifiers and legal process types, with exercises.',
    followUps: ['Send the training materials and attendance list to {contact}', 'Schedule the follow-up session for the forensic examiners at {agency}'],
  },
  {
    key: 'site_visit',
    weight: 3,
    titles: { site_visit: ['Site visit to {unit}', 'Visit to {agency} headquarters'] },
    topics: ['law_enforcement_response', 'child_safety'],
    summaries: [
      'Visited the unit, met the investigators and saw how requests and referrals are handled day to day.',
      'Met the leadership team and the investigators; toured the digital forensics lab.',
    ],
    outcomes: [
      'Good relationship; the unit invited us to present at its regional training day.',
      'Identified two process improvements on both sides; notes shared.',
    ],
    agenda: 'Agenda: meet the team, walk through their request workflow, visit the lab.',
    followUps: ['Send the visit notes and a thank-you to {contact}', 'Reply to the training-day invitation from {agency}'],
  },
  {
    key: 'guidelines_email',
    weight: 8,
    titles: {
      email: [
        'Shared the updated law-enforcement guidelines with {contact}',
        'Sent the emergency contact details and escalation path to {agency}',
        'Sent the request checklist to {unit}',
      ],
    },
    topics: ['law_enforcement_response'],
    summaries: [
      'Sent the latest guidelines and the request checklist after the recent policy update.',
      'Shared the current contact details and the escalation path for urgent requests.',
    ],
    outcomes: ['Acknowledged; will be circulated internally.', 'The contact confirmed receipt and forwarded it to the investigators.'],
    agenda: 'Planned mail-out of the updated guidelines.',
    followUps: ['Check that {contact} circulated the guidelines', 'Add the new investigators at {agency} to the guidelines mailing'],
  },
  {
    key: 'request_call',
    weight: 9,
    titles: {
      call: [
        'Call about a pending emergency disclosure request',
        'Call to clarify the scope of a subscriber-information request',
        'Call about a returned legal process request',
      ],
    },
    topics: ['data_disclosure', 'law_enforcement_response'],
    summaries: [
      'The investigator called about a request filed overnight; confirmed it was in the queue and what was still needed.',
      'Clarified which data the request covered and why part of it could not be disclosed under the process served.',
    ],
    outcomes: ['Request answered the same day.', 'The investigator will serve amended legal process.'],
    agenda: 'Call to go through the open request and what is still needed.',
    followUps: ['Confirm that {contact} received the response', 'Send the legal process guide to {contact}'],
  },
]

const introScenario: Scenario = {
  key: 'intro',
  weight: 0,
  titles: { meeting: ['Introductory meeting with {agency}'], call: ['Introduction call with {contact}'] },
  topics: ['law_enforcement_response'],
  summaries: [
    'First conversation: introduced the team, the guidelines site and the officer training programme.',
    'Introduced ourselves to the unit lead and explained how to reach us for urgent matters.',
  ],
  outcomes: ['The agency will nominate a primary contact for requests.', 'The unit will invite its investigators to sign up on the guidelines site.'],
  agenda: 'Agenda: introductions, the guidelines site and how to reach us.',
  followUps: ['Send the welcome pack and guidelines link to {contact}', 'Invite the investigators of {agency} to the officer training'],
}

const conferenceScenario: Scenario = {
  key: 'conference',
  weight: 0,
  titles: {
    conference_meeting: ['Side meeting at {conference} with {unit}', 'Meeting with {agency} at {conference}', 'Catch-up with {contact} at {conference}'],
  },
  topics: ['law_enforcement_response'],
  summaries: [
    'Met between sessions; talked through their open requests and the guidelines update.',
    'Short meeting at our booth; the unit asked about training for its new investigators.',
    'Joined their delegation for lunch; discussed cross-border requests and the preservation process.',
  ],
  outcomes: [
    'Agreed to set up a follow-up call after the conference.',
    'We will send the training calendar.',
    'Exchanged contacts with two new investigators.',
  ],
  agenda: 'Meeting planned during the conference.',
  followUps: [
    'Follow up with {contact} after {conference}',
    'Send the training calendar to {agency}',
    'Share our slides from {conference} with {contact}',
    'Book a follow-up call with {unit}',
  ],
}
const conferenceTopics: readonly Topic[] = [
  'law_enforcement_response',
  'child_safety',
  'emergency_response',
  'international_requests',
  'preservation',
  'fraudulent_requests',
]

const presentationCatalogue: ReadonlyArray<{ title: string; topics: Topic[] }> = [
  { title: 'Responding to emergency disclosure requests: what investigators need to know', topics: ['emergency_response', 'law_enforcement_response'] },
  { title: 'Preservation, production and timelines: a practical guide for investigators', topics: ['preservation', 'data_disclosure'] },
  { title: 'Spotting fraudulent data requests: lessons from the industry', topics: ['fraudulent_requests'] },
  { title: 'From detection to investigation: how child-safety reports reach law enforcement', topics: ['child_safety', 'law_enforcement_response'] },
  { title: 'Cross-border evidence: MLAT, direct requests and what works', topics: ['international_requests', 'data_disclosure'] },
  { title: 'Working with online platforms in counter-terrorism investigations', topics: ['counter_terrorism', 'emergency_response'] },
  { title: 'Financial sextortion: trends and how platforms respond', topics: ['child_safety'] },
  { title: 'Account identifiers that speed up your legal process', topics: ['law_enforcement_response', 'data_disclosure'] },
  { title: 'Digital evidence from online platforms: a walkthrough for prosecutors', topics: ['data_disclosure', 'law_enforcement_response'] },
  { title: 'Emergency requests in practice: case studies', topics: ['emergency_response'] },
  { title: "What's new in our law-enforcement guidelines this year", topics: ['law_enforcement_response'] },
  { title: 'Protecting children online: reporting, preservation and follow-up', topics: ['child_safety', 'preservation'] },
]

const presentationNotes = [
  'Full room; most questions were about emergency request turnaround.',
  'Good discussion with prosecutors afterwards; several asked for the slides.',
  'Smaller audience than expected (parallel session), but strong follow-up interest.',
  'Recorded by the organiser; two agencies asked for a repeat session.',
]

const agencyNotes: Record<'partner' | 'engaged' | 'prospect' | 'stale' | 'never', readonly string[]> = {
  partner: [
    'Key partner; meets us every quarter and trains new investigators with our guidelines.',
    'Strong working relationship; regularly refers urgent cases, so keep the escalation contacts current.',
    'Long-standing partner; co-presents with us at regional training events.',
  ],
  engaged: [
    'Requests mostly come through the portal; asked for a refresher on the emergency criteria.',
    'Relationship growing since the last conference; follow up on the training offer.',
    'Interested in the officer training for its new investigators.',
  ],
  prospect: ['Early conversations; still finding the right unit for legal process questions.', 'Met recently; interested but no regular contact yet.'],
  stale: [
    'No contact for several months; the previous unit lead moved on.',
    'Was active until last year; check whether the cybercrime unit was reorganised.',
    'Quiet since the last training; worth a check-in.',
  ],
  never: [
    'Not contacted yet; identified as a priority for next quarter.',
    'Recommended by a partner agency; introduction pending.',
    'On the outreach plan; find a first contact.',
  ],
}

/** The agencies that anchor the demo: always active, top priority. */
const keyAgencies = new Set([
  'Federal Bureau of Investigation (FBI)',
  'Homeland Security Investigations (HSI)',
  'National Center for Missing & Exploited Children (NCMEC)',
  'Dallas Police Department',
  'Royal Canadian Mounted Police (RCMP)',
  'Canadian Centre for Child Protection (C3P)',
  'Polícia Federal (Brazil)',
  'Policía Nacional de Colombia',
  'National Crime Agency (NCA)',
  'Bundeskriminalamt (BKA)',
  'Europol',
  'Internet Watch Foundation (IWF)',
  'Australian Federal Police (AFP)',
  'Australian Centre to Counter Child Exploitation (ACCCE)',
  'INTERPOL Global Complex for Innovation (IGCI)',
])
/** The demo officers belong to these agencies. */
const officerAgencies: Record<string, string> = {
  'officer@police.example': 'Dallas Police Department',
  'officer2@police.example': 'Policía Nacional de Colombia',
}
const keyConferences = new Set(['CACC', 'NLETCE', 'IACP', 'CACP', 'Europol Cybercrime Conference', 'INTERPOL Specialists Group'])
const internationalConferences = /INTERPOL|Europol|EPCC|Octopus/

function tagsFor(agency: DemoAgency, random: Random): string[] {
  const tags = new Set<string>()
  const { name, kind, countryCode } = agency
  if (/child|ICAC|ACCCE|mineurs|ALERT|C3P|CEOS|NCMEC|IWF|INHOPE|SaferNet|Tech Coalition/i.test(name)) tags.add('CSAM')
  if (countryCode === 'US' && ['state', 'local', 'tribal'].includes(kind) && random.chance(0.75)) tags.add('ICAC')
  if (/cyber|I4C|Postale|Cibern|eSafety/i.test(name)) tags.add('cybercrime')
  if (/Secret Service|Postal|EFCC|Economic|Financial/i.test(name)) tags.add('fraud')
  if (kind === 'prosecutor') tags.add('legal-process')
  if (kind === 'ngo') tags.add('hotline')
  if (kind === 'regulator') tags.add('policy').add('online-safety')
  if (kind === 'industry_coalition') tags.add('industry').add('CSAM')
  if (['federal', 'national_police', 'international_body'].includes(kind)) tags.add(random.pick(['cybercrime', 'counter-terrorism', 'fraud', 'CSAM']))
  if (countryCode !== 'US' && ['national_police', 'prosecutor', 'federal', 'international_body'].includes(kind) && random.chance(0.7)) tags.add('MLAT')
  if (tags.size < 2 || random.chance(0.35)) tags.add(random.pick(['emergency-requests', 'training', 'sextortion', 'cybercrime']))
  return [...tags].slice(0, 4)
}

// ---------------------------------------------------------------------------------------------
// The world

type Category = 'active' | 'stale' | 'never'
type Person = { id: string; name: string }

type WorldAgency = {
  id: string
  data: DemoAgency
  region: RegionCode
  short: string
  timeZone: string
  category: Category
  tags: string[]
  priority: number
  status: AgencyStatus
  lead: Person
  createdAt: Date
  contacts: WorldContact[]
}
type WorldContact = { id: string; fullName: string; unit: string; unitEnglish: boolean }
type Edition = {
  id: string
  source: DemoConference
  region: RegionCode
  name: string
  startOffset: number
  startsOn: string
  endsOn: string
  status: ConferenceStatus
}
type WorldEngagement = {
  id: string
  kind: EngagementKind
  title: string
  startsAt: Date
  endsAt: Date | null
  timeZone: string
  location: string | null
  summary: string
  outcome: string | null
  topics: Topic[]
  conferenceId: string | null
  agencies: WorldAgency[]
  contactIds: string[]
  staff: Person[]
  offset: number
  loggedAt: Date
  scenario: Scenario
  fill: (template: string) => string
}

export type DemoWorldCounts = {
  agencies: number
  contacts: number
  conferences: number
  presentations: number
  engagements: number
  tasks: number
  activity: number
}

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>, size = 500) {
  for (let start = 0; start < rows.length; start += size) await insert(rows.slice(start, start + size))
}

/**
 * Inserts the CRM demo world into a database that has its demo accounts and nothing else, in
 * one transaction (a savepoint when given a transaction).
 */
export async function seedCrmDemoWorld(db: Database, options: { today: Date }): Promise<DemoWorldCounts> {
  return db.transaction(async (tx) => {
    const world = buildWorld(await loadPeople(tx), options.today)

    await insertInChunks(world.agencyRows, (chunk) => tx.insert(agencies).values(chunk))
    await insertInChunks(world.contactRows, (chunk) => tx.insert(contacts).values(chunk))
    await insertInChunks(world.conferenceRows, (chunk) => tx.insert(conferences).values(chunk))
    await insertInChunks(world.presentationRows, (chunk) => tx.insert(presentations).values(chunk))
    await insertInChunks(world.presenterRows, (chunk) => tx.insert(presentationPresenters).values(chunk))
    await insertInChunks(world.engagementRows, (chunk) => tx.insert(engagements).values(chunk))
    await insertInChunks(world.engagementAgencyRows, (chunk) => tx.insert(engagementAgencies).values(chunk))
    await insertInChunks(world.engagementContactRows, (chunk) => tx.insert(engagementContacts).values(chunk))
    await insertInChunks(world.engagementStaffRows, (chunk) => tx.insert(engagementStaff).values(chunk))
    await insertInChunks(world.presentationAgencyRows, (chunk) => tx.insert(presentationAgencies).values(chunk))
    await insertInChunks(world.taskRows, (chunk) => tx.insert(tasks).values(chunk))
    await insertInChunks(world.activityRows, (chunk) => tx.insert(activity).values(chunk))
    for (const [userId, agencyId] of world.officerLinks) await tx.update(users).set({ agencyId }).where(eq(users.id, userId))

    const agencyIds = world.agencyRows.map((row) => row.id)
    await refreshAgencySearch(tx, agencyIds)
    await refreshAgencyEngagementDates(tx, agencyIds, options.today)
    return {
      agencies: world.agencyRows.length,
      contacts: world.contactRows.length,
      conferences: world.conferenceRows.length,
      presentations: world.presentationRows.length,
      engagements: world.engagementRows.length,
      tasks: world.taskRows.length,
      activity: world.activityRows.length,
    }
  })
}

async function loadPeople(tx: Pick<Database, 'select'>) {
  const rows = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(
      inArray(
        users.email,
        demoAccounts.map((account) => account.email),
      ),
    )
  const byEmail = new Map(rows.map((row) => [row.email, { id: row.id, name: row.name }]))
  const find = (email: string) => {
    const person = byEmail.get(email)
    if (!person) throw new Error(`The demo account ${email} must exist before the demo world is seeded.`)
    return person
  }
  const leads = {} as Record<RegionCode, Person>
  for (const account of demoAccounts) if (account.role === 'outreach_lead') for (const region of account.regions) leads[region] = find(account.email)
  const head = find(demoAccounts.find((account) => account.role === 'global_head')!.email)
  const officers = Object.keys(officerAgencies).map((email) => ({ email, ...find(email) }))
  return { leads, head, officers }
}

function buildWorld(people: Awaited<ReturnType<typeof loadPeople>>, today: Date) {
  const random = createRandom(SEED)
  const { leads, head } = people
  const regionOfCountry = new Map(countryList.map((country) => [country.code, country.region]))
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate())
  const dateOf = (offset: number) => new Date(midnight + offset * DAY).toISOString().slice(0, 10)
  const weekdayOf = (offset: number) => new Date(midnight + offset * DAY).getUTCDay()
  /** Moves a day off the weekend, towards the past (-1) or the future (+1). */
  const workday = (offset: number, direction: 1 | -1) => {
    let day = offset
    while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day += direction
    return day
  }
  const localTime = (offset: number, hour: number, minute: number, timeZone: string) =>
    zonedLocalToUtc(`${dateOf(offset)}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`, timeZone)
  const before = (date: Date, limit: Date) => (date.getTime() < limit.getTime() ? date : new Date(limit.getTime() - random.int(5, 90) * 60_000))

  // Agencies ------------------------------------------------------------------------------
  const usedNames = new Set(demoAccounts.map((account) => account.name))
  const worldAgencies: WorldAgency[] = demoAgencies.map((data) => {
    const region = regionOfCountry.get(data.countryCode)
    if (!region) throw new Error(`Unknown country ${data.countryCode} for ${data.name}`)
    return {
      id: crypto.randomUUID(),
      data,
      region,
      short: shortNameOf(data.name),
      timeZone: timeZoneOf(data),
      category: 'active',
      tags: [],
      priority: 2,
      status: 'engaged',
      lead: leads[region],
      createdAt: today,
      contacts: [],
    }
  })
  for (const name of keyAgencies) if (!worldAgencies.some((agency) => agency.data.name === name)) throw new Error(`Key demo agency missing: ${name}`)
  // About 15% of each region never engaged and 15% stale; the key agencies are always active.
  for (const region of regionCodes) {
    const inRegion = worldAgencies.filter((agency) => agency.region === region)
    const share = Math.round(inRegion.length * 0.15)
    const candidates = random.shuffle(inRegion.filter((agency) => !keyAgencies.has(agency.data.name)))
    candidates.slice(0, share).forEach((agency) => (agency.category = 'never'))
    candidates.slice(share, share * 2).forEach((agency) => (agency.category = 'stale'))
  }
  for (const agency of worldAgencies) {
    agency.tags = tagsFor(agency.data, random)
    if (keyAgencies.has(agency.data.name)) {
      agency.priority = 1
      agency.status = 'partner'
    } else if (agency.category === 'never') {
      agency.priority = random.pick([2, 2, 3])
      agency.status = 'prospect'
    } else if (agency.category === 'stale') {
      agency.priority = random.pick([2, 3, 3])
      agency.status = random.pick<AgencyStatus>(['dormant', 'dormant', 'dormant', 'engaged', 'prospect'])
    } else {
      agency.priority = random.pick([1, 2, 2, 2, 3])
    }
  }
  // The other active agencies of each region: about a quarter partners, a sixth still prospects.
  for (const region of regionCodes) {
    const others = random.shuffle(
      worldAgencies.filter((agency) => agency.region === region && agency.category === 'active' && !keyAgencies.has(agency.data.name)),
    )
    const partners = Math.round(others.length * 0.25)
    const prospects = Math.round(others.length / 6)
    others.forEach((agency, index) => (agency.status = index < partners ? 'partner' : index < partners + prospects ? 'prospect' : 'engaged'))
  }

  // Contacts --------------------------------------------------------------------------------
  const contactRows: (typeof contacts.$inferInsert)[] = []
  const contactCreated: Array<{ contact: WorldContact; agency: WorldAgency }> = []
  for (const agency of worldAgencies) {
    const quebec = agency.data.countryCode === 'CA' && agency.data.subdivision === 'Quebec'
    const profile = quebec
      ? { pool: 'fr' as const, language: 'French' }
      : (countryProfiles[agency.data.countryCode] ?? { pool: 'us' as const, language: 'English' })
    const international = agency.data.kind === 'international_body'
    const language = international ? (agency.region === 'LATAM' ? 'Spanish' : 'English') : profile.language
    const unitChoice = unitSet(agency.data, international ? 'English' : profile.language)
    const rankChoices = rankSet(agency.data, quebec)
    const count = random.int(2, 4)
    const domain = agency.data.emailDomains[0]
    for (let index = 0; index < count; index++) {
      const poolKey = international ? random.pick(internationalPools[agency.region]) : profile.pool
      const pool = namePools[poolKey]
      let given = ''
      let family = ''
      let fullName = ''
      let gender: 'f' | 'm' = 'f'
      for (let attempt = 0; attempt < 50; attempt++) {
        gender = random.chance(0.5) ? 'f' : 'm'
        given = random.pick(pool[gender])
        family = random.pick(pool.last)
        if (pool.doubleSurname && random.chance(0.4)) {
          const second = random.pick(pool.last)
          if (second !== family) family = `${family} ${second}`
        }
        fullName = pool.familyFirst ? `${family} ${given}` : `${given} ${family}`
        if (!usedNames.has(fullName)) break
      }
      usedNames.add(fullName)
      const rank = random.pick(rankChoices)
      const title = rank.includes('|') ? rank.split('|')[gender === 'm' ? 0 : 1] : rank
      const unit = index === 0 && agency.data.kind !== 'ngo' ? unitChoice.names[0] : random.pick(unitChoice.names)
      const contact: WorldContact = { id: crypto.randomUUID(), fullName, unit, unitEnglish: unitChoice.english }
      agency.contacts.push(contact)
      contactRows.push({
        id: contact.id,
        agencyId: agency.id,
        fullName,
        title,
        unit,
        email: domain ? `demo.${slug(given.replace(/\s+/g, ''))}.${slug(family.replace(/\s+/g, ''))}@${domain}` : null,
        phone: null,
        preferredLanguage: language,
        isPrimary: index === 0,
        notes: index === 0 ? 'Fictional demo contact. Main point of contact for requests and training.' : 'Fictional demo contact.',
      })
      contactCreated.push({ contact, agency })
    }
  }

  // Conferences -----------------------------------------------------------------------------
  const editions: Edition[] = []
  for (const source of demoConferences) {
    const region = regionOfCountry.get(source.countryCode)
    if (!region) throw new Error(`Unknown country ${source.countryCode} for ${source.name}`)
    const candidates = [-1, 0, 1, 2]
      .map((delta) => today.getUTCFullYear() + delta)
      .filter((year) => !source.years || (source.years === 'odd') === (year % 2 === 1))
      .map((year) => {
        const first = new Date(Date.UTC(year, source.typicalMonth - 1, 1)).getUTCDay()
        const day = 1 + ((source.startWeekday - first + 7) % 7) + (source.startWeek - 1) * 7
        const start = Date.UTC(year, source.typicalMonth - 1, day)
        return { year, startOffset: Math.round((start - midnight) / DAY) }
      })
    const past = candidates.filter((edition) => edition.startOffset <= 0 && edition.startOffset > -365).at(-1)
    const next = candidates.find((edition) => edition.startOffset > 0)
    for (const edition of [past, next]) {
      if (!edition) continue
      const endOffset = edition.startOffset + source.days - 1
      const status: ConferenceStatus =
        endOffset < 0 ? 'attended' : keyConferences.has(source.shortName) || edition.startOffset <= 120 ? 'registered' : 'considering'
      editions.push({
        id: crypto.randomUUID(),
        source,
        region,
        name: `${source.name} ${edition.year}`,
        startOffset: edition.startOffset,
        startsOn: dateOf(edition.startOffset),
        endsOn: dateOf(endOffset),
        status,
      })
    }
  }
  editions.sort((a, b) => a.startOffset - b.startOffset)

  // Engagements -----------------------------------------------------------------------------
  const engagementList: WorldEngagement[] = []
  const eligible = (agency: WorldAgency, offset: number) => agency.category === 'active' || (agency.category === 'stale' && offset <= STALE_OFFSET)

  const pickScenario = (agency: WorldAgency) =>
    random.weighted(scenarios, (scenario) => {
      if (scenario.key === 'child_safety' && (agency.data.kind === 'ngo' || agency.tags.includes('CSAM'))) return scenario.weight * 3
      if (scenario.key === 'counter_terrorism' && nonGovernmentKinds.has(agency.data.kind) && agency.data.kind !== 'international_body') return 0
      if (scenario.key === 'international' && agency.data.countryCode === 'US') return 0
      return scenario.weight
    })

  function addEngagement(args: { agencies: WorldAgency[]; offset: number; scenario: Scenario; kind?: EngagementKind; edition?: Edition; future?: boolean }) {
    const [first, ...others] = args.agencies
    const kind = args.kind ?? random.pick(Object.keys(args.scenario.titles) as EngagementKind[])
    const chosenContacts = random.shuffle(first.contacts).slice(0, random.chance(0.35) ? 2 : 1)
    for (const other of others) chosenContacts.push(random.pick(other.contacts))
    const contact = chosenContacts[0]
    const edition = args.edition
    const fill = (template: string) =>
      template
        .replaceAll('{unit}', contact.unitEnglish ? `the ${contact.unit}` : first.short)
        .replaceAll('{agency}', first.short)
        .replaceAll('{contact}', contact.fullName)
        .replaceAll('{conference}', edition?.source.shortName ?? 'the conference')
    const timeZone = edition ? edition.source.timeZone : first.timeZone
    let offset = args.offset
    const hour = kind === 'conference_meeting' ? random.int(8, 17) : random.int(9, 16)
    const minute = random.pick([0, 0, 30, 15, 45])
    let startsAt = localTime(offset, hour, minute, timeZone)
    // Past engagements have begun before `today`; planned ones begin after it.
    while (!args.future && startsAt.getTime() > today.getTime() - HOUR) startsAt = localTime(--offset, hour, minute, timeZone)
    while (args.future && startsAt.getTime() <= today.getTime() + HOUR) startsAt = localTime(++offset, hour, minute, timeZone)
    const minutes: Record<EngagementKind, number> = {
      meeting: random.pick([45, 60, 60, 90]),
      call: random.pick([20, 30, 30, 45]),
      training_session: random.pick([120, 180, 240]),
      site_visit: random.pick([150, 180, 240]),
      email: 0,
      conference_meeting: random.pick([30, 45, 60]),
    }
    const city = first.data.city
    const location: Record<EngagementKind, string | null> = {
      meeting: random.chance(0.5) ? 'Video call' : city ? `${first.short} offices, ${city}` : 'Video call',
      call: 'Phone',
      training_session: random.chance(0.4) ? 'Online session' : city ? `${first.short} training room, ${city}` : 'Online session',
      site_visit: city ? `${first.short}, ${city}` : first.short,
      email: null,
      conference_meeting: edition ? (edition.source.city ? `${edition.source.shortName}, ${edition.source.city}` : edition.source.shortName) : null,
    }
    const topics = kind === 'conference_meeting' ? [...new Set([random.pick(conferenceTopics), random.pick(conferenceTopics)])] : [...args.scenario.topics]
    const staff = [first.lead]
    if (random.chance(first.priority === 1 ? 0.3 : 0.1) || kind === 'site_visit') staff.push(head)
    for (const other of others) if (!staff.includes(other.lead)) staff.push(other.lead)
    const endsAt = minutes[kind] ? new Date(startsAt.getTime() + minutes[kind] * 60_000) : null
    const loggedAt = args.future
      ? new Date(today.getTime() - random.int(1, 20) * DAY - random.int(1, 8) * HOUR)
      : before(new Date((endsAt ?? startsAt).getTime() + random.int(1, 30) * HOUR), today)
    const engagement: WorldEngagement = {
      id: crypto.randomUUID(),
      kind,
      title: fill(random.pick(args.scenario.titles[kind] ?? Object.values(args.scenario.titles)[0])),
      startsAt,
      endsAt,
      timeZone,
      location: location[kind],
      summary: args.future
        ? args.scenario.agenda
        : kind === 'email' && args.scenario.email
          ? args.scenario.email.summary
          : random.pick(args.scenario.summaries),
      outcome: args.future ? null : kind === 'email' && args.scenario.email ? args.scenario.email.outcome : random.pick(args.scenario.outcomes),
      topics,
      conferenceId: edition?.id ?? null,
      agencies: args.agencies,
      contactIds: [...new Set(chosenContacts.map((item) => item.id))],
      staff,
      offset,
      loggedAt,
      scenario: args.scenario,
      fill,
    }
    engagementList.push(engagement)
    return engagement
  }

  const secondAgency = (first: WorldAgency, offset: number) => {
    if (!random.chance(0.12)) return []
    const partners = worldAgencies.filter((agency) => agency !== first && agency.region === first.region && eligible(agency, offset))
    return partners.length ? [random.pick(partners)] : []
  }
  const active = worldAgencies.filter((agency) => agency.category === 'active')
  const activityWeight = (agency: WorldAgency) => (agency.priority === 1 ? 4 : agency.priority === 2 ? 2 : 1)

  // At past conferences: meetings with the agencies of the region (and international guests).
  for (const edition of editions.filter((item) => item.status === 'attended')) {
    const big = edition.source.expectedAttendance >= 5000
    const count = big ? random.int(6, 9) : random.int(3, 6)
    const pool = worldAgencies.filter(
      (agency) =>
        eligible(agency, edition.startOffset) &&
        (agency.region === edition.region ||
          (internationalConferences.test(edition.source.name) &&
            ['federal', 'national_police', 'international_body'].includes(agency.data.kind) &&
            random.chance(0.25))),
    )
    if (!pool.length) continue
    for (let index = 0; index < count; index++) {
      const agency = random.weighted(pool, activityWeight)
      const day = Math.min(edition.startOffset + random.int(0, edition.source.days - 1), -1)
      addEngagement({ agencies: [agency], offset: day, scenario: conferenceScenario, kind: 'conference_meeting', edition })
    }
  }
  // Stale agencies: a few engagements, all more than 190 days ago.
  for (const agency of worldAgencies.filter((item) => item.category === 'stale')) {
    const count = random.int(1, 4)
    for (let index = 0; index < count; index++) {
      const offset = workday(random.int(-360, STALE_OFFSET - 2), -1)
      addEngagement({ agencies: [agency, ...secondAgency(agency, offset)], offset, scenario: pickScenario(agency) })
    }
  }
  // Every active agency: at least one engagement in the last five months.
  for (const agency of active) {
    const offset = workday(random.int(-150, -2), -1)
    addEngagement({
      agencies: [agency, ...secondAgency(agency, offset)],
      offset,
      scenario: agency.status === 'prospect' ? introScenario : pickScenario(agency),
    })
  }
  // The rest of the year, weighted towards high-priority agencies.
  while (engagementList.length < 400) {
    const agency = random.weighted(active, activityWeight)
    const offset = workday(random.int(-360, -2), -1)
    addEngagement({ agencies: [agency, ...secondAgency(agency, offset)], offset, scenario: pickScenario(agency) })
  }
  const pastCount = engagementList.length
  // Next six weeks: scheduled meetings, conference side meetings and two first introductions.
  for (const edition of editions.filter((item) => item.status === 'registered' && item.startOffset > 0 && item.startOffset <= 42)) {
    const pool = active.filter((agency) => agency.region === edition.region)
    for (let index = 0; index < random.int(2, 3) && pool.length; index++) {
      addEngagement({
        agencies: [random.pick(pool)],
        offset: edition.startOffset + random.int(0, edition.source.days - 1),
        scenario: conferenceScenario,
        kind: 'conference_meeting',
        edition,
        future: true,
      })
    }
  }
  for (const agency of random.shuffle(worldAgencies.filter((item) => item.category === 'never')).slice(0, 2)) {
    addEngagement({ agencies: [agency], offset: workday(random.int(3, 40), 1), scenario: introScenario, future: true })
  }
  while (engagementList.length < pastCount + 25) {
    const agency = random.weighted(active, activityWeight)
    addEngagement({ agencies: [agency], offset: workday(random.int(1, 42), 1), scenario: pickScenario(agency), future: true })
  }

  // Agencies were filed before anyone engaged them.
  for (const agency of worldAgencies) {
    const offsets = engagementList.filter((engagement) => engagement.agencies.includes(agency) && engagement.offset < 0).map((engagement) => engagement.offset)
    const firstOffset = offsets.length ? Math.min(...offsets) : -random.int(15, 200)
    agency.createdAt = new Date(midnight + (firstOffset - random.int(7, 60)) * DAY + random.int(13, 17) * HOUR)
  }

  // Presentations ---------------------------------------------------------------------------
  const presentationRows: (typeof presentations.$inferInsert)[] = []
  const presenterRows: (typeof presentationPresenters.$inferInsert)[] = []
  const presentationCreated: Array<{ id: string; title: string; conferenceId: string; actor: Person; at: Date }> = []
  const catalogue = random.shuffle(presentationCatalogue)
  const attended = random.shuffle(editions.filter((edition) => edition.status === 'attended')).slice(0, 10)
  const upcoming = editions.filter((edition) => edition.status === 'registered' && edition.startOffset > 0).slice(0, 2)
  ;[...attended, ...upcoming].forEach((edition, index) => {
    const item = catalogue[index % catalogue.length]
    const future = edition.startOffset > 0
    const day = edition.startOffset + Math.min(1, edition.source.days - 1)
    const presentedAt = localTime(day, random.pick([10, 11, 14, 15]), random.pick([0, 30]), edition.source.timeZone)
    const lead = leads[edition.region]
    const id = crypto.randomUUID()
    const createdAt = future ? new Date(today.getTime() - random.int(10, 40) * DAY) : new Date(presentedAt.getTime() - random.int(30, 90) * DAY)
    presentationRows.push({
      id,
      title: item.title,
      conferenceId: edition.id,
      presentedAt,
      audienceSize: future ? null : random.int(40, Math.max(60, Math.min(450, Math.round(edition.source.expectedAttendance / 8)))),
      topics: item.topics,
      materialsUrl: null,
      feedbackScore: future ? null : random.int(3, 5),
      notes: future
        ? random.pick(['Slides due to the organiser two weeks before the event.', 'Abstract accepted; rehearsal planned the week before.'])
        : random.pick(presentationNotes),
      createdById: lead.id,
      createdAt,
      updatedAt: createdAt,
    })
    presenterRows.push({ presentationId: id, userId: lead.id })
    if (random.chance(0.4)) presenterRows.push({ presentationId: id, userId: head.id })
    presentationCreated.push({ id, title: item.title, conferenceId: edition.id, actor: lead, at: createdAt })
  })

  // Audiences of the talks given: some agencies met at the conference, and a few more of its
  // region. Drawn from a stream of their own, so that the rest of the world stays as it was.
  const audienceRandom = createRandom(SEED + 11)
  const presentationAgencyRows: (typeof presentationAgencies.$inferInsert)[] = []
  for (const row of presentationRows) {
    const edition = editions.find((item) => item.id === row.conferenceId)
    if (!edition || row.presentedAt!.getTime() > today.getTime()) continue
    const met = engagementList.filter((engagement) => engagement.conferenceId === edition.id).flatMap((engagement) => engagement.agencies)
    const pool = worldAgencies.filter((agency) => agency.region === edition.region && eligible(agency, edition.startOffset))
    const audience = new Set([...met.filter(() => audienceRandom.chance(0.6)), ...audienceRandom.shuffle(pool).slice(0, audienceRandom.int(2, 6))])
    for (const agency of audience) presentationAgencyRows.push({ presentationId: row.id!, agencyId: agency.id })
  }

  // Tasks -----------------------------------------------------------------------------------
  type TaskPlan = { due: number; status: 'open' | 'done' }
  const plans: TaskPlan[] = [
    ...Array.from({ length: 22 }, () => ({ due: random.int(-70, -2), status: 'done' as const })),
    ...Array.from({ length: 8 }, () => ({ due: random.int(-14, -1), status: 'open' as const })),
    ...Array.from({ length: 8 }, () => ({ due: random.int(0, 6), status: 'open' as const })),
    ...Array.from({ length: 10 }, () => ({ due: random.int(7, 30), status: 'open' as const })),
  ]
  const taskRows: (typeof tasks.$inferInsert)[] = []
  const taskEvents: Array<{ name: string; at: Date; actor: Person; title: string; agency: WorldAgency; engagementId: string | null }> = []
  const usedForTasks = new Set<string>()
  const past = engagementList.filter((engagement) => engagement.offset < 0)
  const addTask = (task: {
    title: string
    due: number
    status: 'open' | 'done'
    agency: WorldAgency
    engagementId: string | null
    createdAt: Date
    doneAt: Date | null
  }) => {
    const createdAt = before(task.createdAt, today)
    taskRows.push({
      id: crypto.randomUUID(),
      title: task.title,
      dueOn: dateOf(task.due),
      assigneeId: task.agency.lead.id,
      status: task.status,
      agencyId: task.agency.id,
      engagementId: task.engagementId,
      notes: null,
      doneAt: task.doneAt,
      createdById: task.agency.lead.id,
      createdAt,
      updatedAt: task.doneAt ?? createdAt,
    })
    taskEvents.push({ name: 'task.created', at: createdAt, actor: task.agency.lead, title: task.title, agency: task.agency, engagementId: task.engagementId })
    if (task.doneAt)
      taskEvents.push({
        name: 'task.completed',
        at: task.doneAt,
        actor: task.agency.lead,
        title: task.title,
        agency: task.agency,
        engagementId: task.engagementId,
      })
  }
  for (const plan of plans) {
    const candidates = past.filter(
      (engagement) => !usedForTasks.has(engagement.id) && engagement.offset >= plan.due - 21 && engagement.offset <= Math.min(plan.due - 3, -1),
    )
    if (!candidates.length) continue
    const engagement = random.pick(candidates)
    usedForTasks.add(engagement.id)
    const doneOffset = plan.status === 'done' ? random.int(engagement.offset + 1, Math.min(plan.due + 2, -1)) : null
    addTask({
      title: engagement.fill(random.pick(engagement.scenario.followUps)),
      due: plan.due,
      status: plan.status,
      agency: engagement.agencies[0],
      engagementId: engagement.id,
      createdAt: engagement.loggedAt,
      doneAt:
        doneOffset === null
          ? null
          : before(new Date(Math.max(midnight + doneOffset * DAY + random.int(13, 20) * HOUR, engagement.loggedAt.getTime() + random.int(2, 6) * HOUR)), today),
    })
  }
  // Preparation for what is coming up.
  for (const engagement of random.shuffle(engagementList.filter((item) => item.offset > 0 && item.kind !== 'email')).slice(0, 9)) {
    const due = Math.max(0, engagement.offset - random.int(1, 5))
    const what =
      engagement.kind === 'conference_meeting'
        ? `the meeting at ${engagement.fill('{conference}')}`
        : `the ${engagement.kind.replaceAll('_', ' ')} with ${engagement.agencies[0].short}`
    addTask({
      title: `Prepare for ${what}`,
      due,
      status: 'open',
      agency: engagement.agencies[0],
      engagementId: engagement.id,
      createdAt: engagement.loggedAt,
      doneAt: null,
    })
  }
  // Re-engage a few stale agencies, linked to their last engagement.
  for (const agency of random.shuffle(worldAgencies.filter((item) => item.category === 'stale')).slice(0, 5)) {
    const last = engagementList.filter((engagement) => engagement.agencies[0] === agency).sort((a, b) => b.offset - a.offset)[0]
    addTask({
      title: `Re-engage ${agency.short}: propose a check-in`,
      due: random.int(1, 12),
      status: 'open',
      agency,
      engagementId: last?.id ?? null,
      createdAt: new Date(today.getTime() - random.int(1, 6) * DAY),
      doneAt: null,
    })
  }

  // Rows ------------------------------------------------------------------------------------
  const agencyRows: (typeof agencies.$inferInsert & { id: string })[] = worldAgencies.map((agency) => {
    const notesKey =
      agency.category === 'active' ? (agency.status === 'partner' ? 'partner' : agency.status === 'prospect' ? 'prospect' : 'engaged') : agency.category
    return {
      id: agency.id,
      name: agency.data.name,
      kind: agency.data.kind,
      countryCode: agency.data.countryCode,
      regionCode: agency.region,
      subdivision: agency.data.subdivision,
      city: agency.data.city,
      website: agency.data.website,
      emailDomains: [...agency.data.emailDomains],
      phone: null,
      status: agency.status,
      priority: agency.priority,
      ownerId: agency.lead.id,
      tags: agency.tags,
      notes: random.pick(agencyNotes[notesKey]),
      createdById: agency.lead.id,
      createdAt: agency.createdAt,
      updatedAt: agency.createdAt,
    }
  })
  const contactCreatedAt = new Map<string, Date>()
  for (const { contact, agency } of contactCreated) contactCreatedAt.set(contact.id, new Date(agency.createdAt.getTime() + random.int(1, 72) * HOUR))
  for (const row of contactRows) {
    row.createdAt = contactCreatedAt.get(row.id!)
    row.updatedAt = row.createdAt
  }
  /**
   * Believable deadlines, worked out from the edition (no draw from the generator, so that every
   * other record of the demo world stays as it was): registration closes three to six weeks
   * before the first day, the call for papers five to seven months before.
   */
  const conferenceDeadlines = (startsOn: string, attendance: number) => {
    const before = (days: number) => new Date(Date.parse(`${startsOn}T00:00:00Z`) - days * DAY).toISOString().slice(0, 10)
    return { registrationDeadline: before(21 + (attendance % 4) * 7), callForPapersDeadline: before(150 + (attendance % 3) * 30) }
  }
  const conferenceRows: (typeof conferences.$inferInsert)[] = editions.map((edition) => {
    const createdAt = new Date(midnight + Math.min(edition.startOffset - random.int(90, 200), -random.int(2, 30)) * DAY + random.int(13, 17) * HOUR)
    return {
      id: edition.id,
      name: edition.name,
      organiser: edition.source.organiser,
      startsOn: edition.startsOn,
      endsOn: edition.endsOn,
      city: edition.source.city,
      countryCode: edition.source.countryCode,
      regionCode: edition.region,
      website: edition.source.website,
      audience: edition.source.audience,
      status: edition.status,
      expectedAttendance: edition.source.expectedAttendance,
      notes: edition.source.notes,
      timeZone: edition.source.timeZone,
      ...conferenceDeadlines(edition.startsOn, edition.source.expectedAttendance),
      createdById: leads[edition.region].id,
      createdAt,
      updatedAt: createdAt,
    }
  })
  engagementList.sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
  const engagementRows: (typeof engagements.$inferInsert)[] = engagementList.map((engagement) => ({
    id: engagement.id,
    kind: engagement.kind,
    title: engagement.title,
    startsAt: engagement.startsAt,
    endsAt: engagement.endsAt,
    timeZone: engagement.timeZone,
    location: engagement.location,
    summary: engagement.summary,
    outcome: engagement.outcome,
    topics: engagement.topics,
    conferenceId: engagement.conferenceId,
    createdById: engagement.agencies[0].lead.id,
    createdAt: engagement.loggedAt,
    updatedAt: engagement.loggedAt,
  }))
  const engagementAgencyRows = engagementList.flatMap((engagement) =>
    [...new Set(engagement.agencies)].map((agency) => ({ engagementId: engagement.id, agencyId: agency.id })),
  )
  const engagementContactRows = engagementList.flatMap((engagement) => engagement.contactIds.map((contactId) => ({ engagementId: engagement.id, contactId })))
  const engagementStaffRows = engagementList.flatMap((engagement) =>
    [...new Set(engagement.staff)].map((person) => ({ engagementId: engagement.id, userId: person.id })),
  )

  // Activity, oldest first, so that the audit log's order matches time.
  type ActivityRow = typeof activity.$inferInsert & { happenedAt: Date }
  const activityRows: ActivityRow[] = [
    ...worldAgencies.map((agency) => ({
      name: 'agency.created',
      actorId: agency.lead.id,
      actorName: agency.lead.name,
      happenedAt: agency.createdAt,
      targetName: agency.data.name,
      agencyId: agency.id,
    })),
    ...contactCreated.map(({ contact, agency }) => ({
      name: 'contact.created',
      actorId: agency.lead.id,
      actorName: agency.lead.name,
      happenedAt: contactCreatedAt.get(contact.id)!,
      targetName: contact.fullName,
      contactId: contact.id,
      agencyId: agency.id,
      properties: { agency: agency.data.name },
    })),
    ...conferenceRows.map((row) => {
      const lead = leads[row.regionCode as RegionCode]
      return {
        name: 'conference.created',
        actorId: lead.id,
        actorName: lead.name,
        happenedAt: row.createdAt as Date,
        targetName: row.name,
        conferenceId: row.id,
      }
    }),
    ...presentationCreated.map((item) => ({
      name: 'presentation.created',
      actorId: item.actor.id,
      actorName: item.actor.name,
      happenedAt: item.at,
      targetName: item.title,
      presentationId: item.id,
      conferenceId: item.conferenceId,
    })),
    ...engagementList.map((engagement) => {
      const owner = engagement.agencies[0].lead
      return {
        name: 'engagement.logged',
        actorId: owner.id,
        actorName: owner.name,
        happenedAt: engagement.loggedAt,
        targetName: engagement.title,
        engagementId: engagement.id,
        agencyId: engagement.agencies[0].id,
        properties: { kind: engagement.kind, agencies: new Set(engagement.agencies).size },
      }
    }),
    ...taskEvents.map((event) => ({
      name: event.name,
      actorId: event.actor.id,
      actorName: event.actor.name,
      happenedAt: event.at,
      targetName: event.title,
      agencyId: event.agency.id,
      engagementId: event.engagementId,
      properties: event.name === 'task.created' ? { agency: event.agency.data.name } : {},
    })),
  ]
  activityRows.sort((a, b) => a.happenedAt.getTime() - b.happenedAt.getTime())

  const officerLinks = people.officers.map(
    (officer) => [officer.id, worldAgencies.find((agency) => agency.data.name === officerAgencies[officer.email])!.id] as const,
  )

  return {
    agencyRows,
    contactRows,
    conferenceRows,
    presentationRows,
    presenterRows,
    presentationAgencyRows,
    engagementRows,
    engagementAgencyRows,
    engagementContactRows,
    engagementStaffRows,
    taskRows,
    activityRows,
    officerLinks,
  }
}
