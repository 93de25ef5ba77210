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
  building: string // the household's address, for the door
  unit: string
  room: string
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
  visit_id: number
  client_id?: string // as sent; a repeated send is answered 200 with the first answer
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

// POST /residents/import: 200 when every row was imported, 422 with the rejected rows.
export interface ImportReport {
  rows: number
  imported: number
  rejected: { line: number; reason: string }[]
}
