// The shapes of the server's answers: the named schemas of its OpenAPI
// document (components/schemas, declared in src/api/endpoints/api_schemas.cpp
// and generated into generated/schema.d.ts by scripts/gen-api.mjs). A shape
// the server changes changes here, so a page that relies on the old one no
// longer builds.
import type { components } from './generated/schema'

type Schemas = components['schemas']

export type Permission = Schemas['Permission']
export type Role = Schemas['Role']
export type Level = Schemas['Level']

export type Me = Schemas['Me'] // password_change_required: only /auth/* until it is changed
export type LoginAnswer = Schemas['Login']
export type User = Schemas['User']
export type AuditEntry = Schemas['AuditEntry']
export type UserRequest = Schemas['UserRequest'] // an account change waiting for a second person
export type AccountChange = Schemas['AccountChange'] // the account, and the request when it waits (202)

export type Region = Schemas['Region']
export type RegionWithChildren = Schemas['RegionWithChildren']
export type StaffMember = Schemas['StaffMember']

export type Household = Schemas['Household']
export type Resident = Schemas['Resident']

export type Campaign = Schemas['Campaign']
export type ScreeningTask = Schemas['Task']
export type Coverage = Schemas['Coverage']
export type FlaggedPerson = Schemas['FlaggedPerson']
export type VisitAnswer = Schemas['Visit']
export type DailyStat = Schemas['DailyStat']
export type Facility = Schemas['Facility'] // with its beds: beds, staffed, occupied, free by kind
export type BedKind = Schemas['Beds']['kind']
export type Admission = Schemas['Admission']
export type MedicalTeam = Schemas['MedicalTeam']
export type QuarantineOrder = Schemas['QuarantineOrder'] // masked name, missed_days
export type QuarantineCheck = Schemas['QuarantineCheck']
export type ImportReport = Schemas['ImportReport'] // POST /residents/import: 200, or 422 with the rejected rows

// The generic forms of the *Page and *List schemas (ResidentPage, RegionList,
// ...), for the code that handles any of them.
export interface Page<T> {
  items: T[]
  next_cursor: number | null
}

export interface Items<T> {
  items: T[]
}

// A schema that does not fit its generic form fails the build here.
type Fits<Schema extends Generic, Generic> = [Schema, Generic]
export type PagesFit = [
  Fits<Schemas['ResidentPage'], Page<Resident>>,
  Fits<Schemas['UserPage'], Page<User>>,
  Fits<Schemas['AuditPage'], Page<AuditEntry>>,
  Fits<Schemas['CampaignPage'], Page<Campaign>>,
  Fits<Schemas['TaskPage'], Page<ScreeningTask>>,
  Fits<Schemas['FlaggedPage'], Page<FlaggedPerson>>,
  Fits<Schemas['FacilityPage'], Page<Facility>>,
  Fits<Schemas['AdmissionPage'], Page<Admission>>,
  Fits<Schemas['MedicalTeamPage'], Page<MedicalTeam>>,
  Fits<Schemas['QuarantineOrderPage'], Page<QuarantineOrder>>,
  Fits<Schemas['RegionList'], Items<Region>>,
  Fits<Schemas['StaffList'], Items<StaffMember>>,
  Fits<Schemas['ResidentList'], Items<Resident>>,
  Fits<Schemas['CoverageList'], Items<Coverage>>,
  Fits<Schemas['DailyStatList'], Items<DailyStat>>,
]

// GET /regions/{code}/shapes: the outlines of the regions below a region
// (GeoJSON, WGS 84 longitude/latitude); geometry typed beyond the document.
export interface RegionShapeProperties {
  code: string
  name: string
  level: Level
  parent_code: string
  population: number | null // as the imported file gave it
  centroid: number[] // longitude, latitude
  bbox: number[] // min lon, min lat, max lon, max lat
}
export interface RegionShapes {
  type: 'FeatureCollection'
  region: string
  level: Level
  without_shape: number // regions of that level with no outline
  bbox?: number[]
  features: {
    type: 'Feature'
    id: string
    properties: RegionShapeProperties
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] }
  }[]
}

// Simulation (推演): GET /scenarios, /simulations (ops/simulation, simulation_routes.cpp).
export type ParameterValue = number | string | number[]

export interface ScenarioParameter {
  key: string // "transmission.r0"
  section: 'run' | 'city' | 'disease' | 'transmission'
  type: 'integer' | 'number' | 'date' | 'number_list'
  value: ParameterValue // in this scenario
  default: ParameterValue
  unit: string
  description: string // English, from the parameter table
  range: string
  min?: number
  max?: number
  min_exclusive?: boolean
  length?: number
}

export interface Scenario {
  name: string
  description: string
  parameters: ScenarioParameter[]
}

export interface Scenarios {
  items: Scenario[]
  limits: { max_agent_days: number; max_running: number; threads: number }
}

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled'

// Daily columns, one entry a simulated day.
export interface SimulationCurve {
  start_date: string
  day: number[]
  susceptible: number[]
  exposed: number[]
  infectious: number[]
  severe: number[]
  critical: number[]
  recovered: number[]
  dead: number[]
  new_infections: number[]
  cumulative_infections: number[]
}

// summary.json of the simulator (docs/outputs.md), plus wall_seconds and threads.
export interface SimulationSummary {
  agents: number
  days_simulated: number
  infections: { total: number; attack_rate: number; peak_day: number; peak_date: string; peak_new_infections_per_day: number }
  infectious: { peak_day: number; peak_date: string; peak_count: number }
  deaths: { total: number; infection_fatality_ratio: number | null }
  transmission: { empirical_r0: number; mean_generation_interval_days: number }
  wall_seconds: number
  threads: number
}

export interface SimulationRun {
  id: number
  scenario: string
  parameters: { overrides: Record<string, ParameterValue>; values?: Record<string, ParameterValue> }
  agents: number
  days: number
  status: RunStatus
  progress: number // 0..1
  created_at: number
  started_at: number | null
  finished_at: number | null
  error: string | null
  summary: SimulationSummary | null
  curve?: SimulationCurve // GET /simulations/{id} only
}
