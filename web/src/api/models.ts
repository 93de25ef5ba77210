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
export type Directive = Schemas['Directive']
export type DirectiveSummary = Schemas['DirectiveSummary'] // with my unit's state and overdue units below it
export type DirectiveView = Schemas['DirectiveView'] // progress level by level
export type DirectiveUnit = Schemas['DirectiveUnit']
export type DirectiveUnitPage = Schemas['DirectiveUnitPage'] // next_after: ?after= of the next page
export type ReportDraft = Schemas['ReportDraft'] // a grid's day from visits and quarantine, its supplies short (pre-fill)
export type DailyReport = Schemas['DailyReport']
export type DailyRollup = Schemas['DailyRollup'] // a region's day and its children's
export type SupervisionTeam = Schemas['SupervisionTeam']
export type Revisit = Schemas['Revisit'] // one household of a supervision round
export type RevisitTask = Schemas['RevisitTask'] // a re-visit given to me, with the door
export type RevisitHousehold = Schemas['RevisitHousehold'] // ... and the household's people, masked
export type QualityReport = Schemas['QualityReport'] // scores per worker and per grid
export type SupplyItem = Schemas['SupplyItem']
export type Depot = Schemas['Depot'] // with its stock of every item
export type Movement = Schemas['Movement'] // one row of the supplies ledger
export type Allocation = Schemas['Allocation'] // an allocation's rule and result
export type DaysLeftReport = Schemas['DaysLeftReport']
export type Facility = Schemas['Facility'] // with its beds: beds, staffed, occupied, free by kind
export type BedKind = Schemas['Beds']['kind']
export type Admission = Schemas['Admission']
export type MedicalTeam = Schemas['MedicalTeam']
export type QuarantineOrder = Schemas['QuarantineOrder'] // masked name, missed_days
export type QuarantineCheck = Schemas['QuarantineCheck']
export type Notice = Schemas['Notice']
export type CommunityNotices = Schemas['CommunityNotices'] // the residents' page, no login
export type DeclarationReceipt = Schemas['DeclarationReceipt']
export type Declaration = Schemas['Declaration']
export type Volunteer = Schemas['Volunteer'] // the resident's name and phone, masked without see_unmasked
export type VolunteerTeam = Schemas['VolunteerTeam']
export type DutyPost = Schemas['DutyPost'] // with on_duty: how many are on shift there now
export type DutyShift = Schemas['DutyShift']
export type Checkpoint = Schemas['Checkpoint']
export type Passage = Schemas['Passage']
export type PassageReceipt = Schemas['PassageReceipt'] // alert: hold the person
export type CheckpointAlert = Schemas['CheckpointAlert']
export type Forecast = Schemas['Forecast'] // GET one: with its inputs and result once done
export type ForecastScores = Schemas['ForecastScores'] // finished forecasts against the cases reported since
export type GridRiskRanking = Schemas['GridRiskRanking'] // grids ranked by risk, with the parts of each score
export type ForecastRegion = Schemas['ForecastRegion'] // a region's bands and its hospitals' staffed beds
export type ImportReport = Schemas['ImportReport'] // POST /residents/import: 200, or 422 with the rejected rows

// Cases and laboratory tests (case_routes.cpp): a case is masked unless asked and allowed.
export type CaseRecord = Schemas['Case']
export type CaseDetail = Schemas['CaseDetail'] // with its history (events) and the person's tests
export type LabTest = Schemas['LabTest']
export type CaseCounts = Schemas['CaseCounts'] // GET /cases/daily: one row a region and day
export type Contact = Schemas['Contact'] // a case's contact; handed over outside my scope: visible false, nothing else
export type CaseVisit = Schemas['CaseVisit'] // a place and time the case visited (行程)
export type TransmissionChain = Schemas['TransmissionChain'] // a cluster's cases and who infected whom

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
  Fits<Schemas['SimulationRunPage'], Page<SimulationRun>>,
  Fits<Schemas['ForecastPage'], Page<Forecast>>,
  Fits<Schemas['CasePage'], Page<CaseRecord>>,
  Fits<Schemas['LabTestList'], Items<LabTest>>,
  Fits<Schemas['ContactList'], Items<Contact>>,
  Fits<Schemas['CaseVisitList'], Items<CaseVisit>>,
  Fits<Schemas['CaseCountsList'], Items<CaseCounts>>,
  Fits<Schemas['SupplyItemList'], Items<SupplyItem>>,
  Fits<Schemas['DepotPage'], Page<Depot>>,
  Fits<Schemas['MovementPage'], Page<Movement>>,
  Fits<Schemas['AllocationPage'], Page<Allocation>>,
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
export type ParameterValue = Schemas['ParameterValue'] // a number, a YYYY-MM-DD date or a list of numbers
export type ScenarioParameter = Schemas['ScenarioParameter']
export type Scenario = Schemas['Scenario']
export type Scenarios = Schemas['Scenarios']
export type SimulationRun = Schemas['SimulationRun'] // curve: GET /simulations/{id} only
export type RunStatus = SimulationRun['status']
export type SimulationCurve = Schemas['SimulationCurve'] // daily columns, one entry a simulated day
// summary.json of the simulator (docs/outputs.md), plus wall_seconds and threads.
export type SimulationSummary = NonNullable<SimulationRun['summary']>
