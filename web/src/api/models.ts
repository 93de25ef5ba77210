// The shapes of the server's answers (docs/api.md; src/api/endpoints/
// json_convert.cpp). The OpenAPI document does not describe response bodies
// yet; when it does, these become aliases of the generated schemas.

export type Permission =
  | 'read_registry'
  | 'write_registry'
  | 'see_unmasked'
  | 'manage_regions'
  | 'manage_users'
  | 'read_audit'
  | 'run_screening'
  | 'record_visits'
  | 'read_stats'
  | 'run_simulations'

export type Role =
  | 'command_centre'
  | 'district_officer'
  | 'street_officer'
  | 'community_officer'
  | 'grid_worker'
  | 'medical_staff'
  | 'supply_officer'
  | 'volunteer'
  | 'administrator'

export type Level = 'province' | 'city' | 'district' | 'street' | 'community' | 'grid'

export interface Me {
  id: number
  username: string
  display_name: string
  role: Role
  scope: string
  active: boolean
  permissions: Permission[]
  password_change_required: boolean // a one-time password: only /auth/* until it is changed
}

export interface LoginAnswer {
  token: string
  expires_at: number
  user: Omit<Me, 'permissions'>
}

export interface Page<T> {
  items: T[]
  next_cursor: number | null
}

export interface Items<T> {
  items: T[]
}

export interface Region {
  code: string
  name: string
  parent_code: string
  level: Level
}

export interface RegionWithChildren extends Region {
  children: Region[]
}

export interface StaffMember {
  duty: 'leader' | 'worker' | 'party_post'
  name: string
  phone: string
  user_id: number | null
}

export interface Household {
  id: number
  grid_code: string
  building: string
  unit: string
  room: string
}

export interface Resident {
  id: number
  household_id: number
  grid_code: string
  name: string
  sex: 'male' | 'female'
  birth_date: string
  id_number: string
  phone: string
  elderly_alone: boolean
  chronic_illness: boolean
  pregnant: boolean
  high_risk_return_date: string
}

export interface User {
  id: number
  username: string
  display_name: string
  role: Role
  scope: string
  active: boolean
}

export interface AuditEntry {
  id: number
  at: number
  user_id: number
  action: string
  entity: string
  entity_id: string
  client_address: string
  detail: string
}

export interface Campaign {
  id: number
  name: string
  region_code: string
  start_date: string
  end_date: string
  tasks: number
}

export interface ScreeningTask {
  id: number
  campaign_id: number
  household_id: number
  grid_code: string
  assignee_id: number | null
  residents: number
  screened: number
  flagged: number
  visited: boolean
}

export interface Coverage {
  code: string
  level: Level
  households: number
  households_visited: number
  residents: number
  residents_screened: number
  flagged: number
}

export interface FlaggedPerson {
  visit_id: number
  resident_id: number
  grid_code: string
  name: string
  findings: string[]
}

export interface VisitAnswer {
  flagged: boolean
  findings: string[]
}

export interface DailyStat {
  date: string
  residents: number
  households: number
  screened: number
  flagged: number
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
