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

// GET /regions/{code}/shapes: the outlines of the regions below a region
// (GeoJSON, WGS 84 longitude/latitude).
export interface RegionShapeProperties {
  code: string
  name: string
  level: Level
  parent_code: string
  population: number | null // as the imported file gave it
  centroid: [number, number]
  bbox: [number, number, number, number]
}
export interface RegionShapes {
  type: 'FeatureCollection'
  region: string
  level: Level
  without_shape: number // regions of that level with no outline
  bbox?: [number, number, number, number]
  features: {
    type: 'Feature'
    id: string
    properties: RegionShapeProperties
    geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
  }[]
}

// GET /user-requests: an account change waiting for a second person.
export interface UserRequest {
  id: number
  kind: 'create' | 'change' | 'reset_password' | 'reactivate'
  user_id: number
  username: string
  role: Role
  scope: string
  needs: Permission[] // the permissions it gives that its maker lacks
  requested_by: number
  requested_at: number
  status: 'pending' | 'approved' | 'rejected' | 'cancelled'
  decided_by: number | null
  decided_at: number | null
}
// PATCH /users/{id} and the like: the account, and the request when the
// change waits for approval (202).
export interface AccountChange extends User {
  request?: UserRequest
}
