#include "ops/schema.hpp"

namespace fk::ops {
namespace {

// Times are unix seconds (BIGINT); dates are YYYY-MM-DD text; flags 0/1.
// Region codes use {code} (byte order on PostgreSQL) so that a subtree is
// the index range [prefix, prefix + '\x7f').
constexpr store::Migration kMigrations[] = {
    {1, "regions, users, registry, audit",
     R"SQL(
CREATE TABLE regions (
  code {code} PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code {code} REFERENCES regions(code),
  level BIGINT NOT NULL CHECK (level BETWEEN 1 AND 6));
CREATE INDEX regions_parent ON regions(parent_code);

CREATE TABLE users (
  id {id},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL,
  scope {code} NOT NULL,
  password_hash TEXT NOT NULL,
  failed_logins BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0,
  active BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL);

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id),
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  client_address TEXT NOT NULL);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE grid_staff (
  id {id},
  grid_code {code} NOT NULL REFERENCES regions(code),
  duty TEXT NOT NULL CHECK (duty IN ('leader', 'worker', 'party_post')),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  user_id BIGINT REFERENCES users(id));
CREATE INDEX grid_staff_grid ON grid_staff(grid_code);

CREATE TABLE households (
  id {id},
  grid_code {code} NOT NULL REFERENCES regions(code),
  building TEXT NOT NULL,
  unit TEXT NOT NULL,
  room TEXT NOT NULL,
  created_day TEXT NOT NULL,
  UNIQUE (grid_code, building, unit, room));

CREATE TABLE household_moves (
  id {id},
  household_id BIGINT NOT NULL REFERENCES households(id),
  from_grid {code} NOT NULL,
  to_grid {code} NOT NULL,
  moved_at BIGINT NOT NULL,
  moved_by BIGINT NOT NULL,
  reason TEXT NOT NULL);
CREATE INDEX household_moves_household ON household_moves(household_id);

CREATE TABLE residents (
  id {id},
  household_id BIGINT NOT NULL REFERENCES households(id),
  grid_code {code} NOT NULL,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date TEXT NOT NULL,
  id_number TEXT NOT NULL UNIQUE,
  phone TEXT NOT NULL,
  elderly_alone BIGINT NOT NULL DEFAULT 0,
  chronic_illness BIGINT NOT NULL DEFAULT 0,
  pregnant BIGINT NOT NULL DEFAULT 0,
  high_risk_return_date TEXT,
  created_day TEXT NOT NULL);
CREATE INDEX residents_grid ON residents(grid_code, id);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_name ON residents(name);
CREATE INDEX residents_phone ON residents(phone);

CREATE TABLE audit_log (
  id {id},
  at BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id TEXT NOT NULL,
  client_address TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX audit_user ON audit_log(user_id, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, id);
CREATE INDEX audit_at ON audit_log(at);
)SQL",
     R"SQL(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
)SQL",
     R"SQL(
CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit log is append-only' USING ERRCODE = '23000'; END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
)SQL"},
    {2, "screening",
     R"SQL(
CREATE TABLE campaigns (
  id {id},
  name TEXT NOT NULL,
  region_code {code} NOT NULL REFERENCES regions(code),
  start_date TEXT NOT NULL,
  end_date TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL);

CREATE TABLE screening_tasks (
  id {id},
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  household_id BIGINT NOT NULL REFERENCES households(id),
  grid_code {code} NOT NULL,
  assignee_id BIGINT REFERENCES users(id),
  residents BIGINT NOT NULL,
  screened BIGINT NOT NULL DEFAULT 0,
  flagged BIGINT NOT NULL DEFAULT 0,
  visited_at BIGINT,
  UNIQUE (campaign_id, household_id));
CREATE INDEX screening_tasks_grid ON screening_tasks(campaign_id, grid_code);
CREATE INDEX screening_tasks_assignee ON screening_tasks(assignee_id, id);

CREATE TABLE screening_visits (
  id {id},
  task_id BIGINT NOT NULL REFERENCES screening_tasks(id),
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  grid_code {code} NOT NULL,
  worker_id BIGINT NOT NULL,
  visited_at BIGINT NOT NULL,
  visit_day TEXT NOT NULL,
  present BIGINT NOT NULL,
  temperature {real},
  symptoms BIGINT NOT NULL,
  high_risk_travel BIGINT NOT NULL,
  case_contact BIGINT NOT NULL,
  note TEXT NOT NULL,
  flagged BIGINT NOT NULL,
  UNIQUE (task_id, resident_id));
CREATE INDEX screening_visits_day ON screening_visits(visit_day, grid_code);
)SQL"},
    {3, "covering index for coverage",
     "DROP INDEX screening_tasks_grid;"
     "CREATE INDEX screening_tasks_coverage ON screening_tasks"
     " (campaign_id, grid_code, visited_at, residents, screened, flagged)"},
    // Coverage of a 1,000,000-resident city must come back in under 200 ms
    // (issue #3); summing 330,000 tasks took about 200 ms on SQLite, so each
    // campaign keeps running totals per grid, updated in the transaction of
    // every visit (ops/screening). Existing campaigns are summed once here.
    {4, "coverage totals per grid",
     R"SQL(
CREATE TABLE coverage_grids (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  grid_code {code} NOT NULL,
  households BIGINT NOT NULL,
  households_visited BIGINT NOT NULL,
  residents BIGINT NOT NULL,
  residents_screened BIGINT NOT NULL,
  flagged BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, grid_code));
INSERT INTO coverage_grids
SELECT campaign_id, grid_code, COUNT(*), COUNT(visited_at), SUM(residents), SUM(screened),
       SUM(flagged)
FROM screening_tasks GROUP BY campaign_id, grid_code;
)SQL"},
    // A page of any list must read about one page of index entries at any
    // depth (issue #3, 1,000,000 residents): each paged list runs in the
    // order of an index that its filters select a range of, with a row-value
    // keyset (see the list functions). Flagged visits carry their campaign
    // so that one partial index holds a campaign's flagged people by grid.
    {5, "indexes for pages in keyset order",
     R"SQL(
CREATE INDEX screening_tasks_page ON screening_tasks(campaign_id, grid_code, id);
ALTER TABLE screening_visits ADD COLUMN campaign_id BIGINT REFERENCES campaigns(id);
UPDATE screening_visits SET campaign_id =
  (SELECT t.campaign_id FROM screening_tasks t WHERE t.id = screening_visits.task_id);
CREATE INDEX screening_visits_flagged ON screening_visits(campaign_id, grid_code, id)
  WHERE flagged = 1;
CREATE INDEX users_scope ON users(scope, id);
DROP INDEX audit_user;
DROP INDEX audit_entity;
DROP INDEX audit_at;
CREATE INDEX audit_at ON audit_log(at, id);
CREATE INDEX audit_user ON audit_log(user_id, at, id);
CREATE INDEX audit_entity ON audit_log(entity, entity_id, at, id);
CREATE INDEX audit_entity_at ON audit_log(entity, at, id);
)SQL"},
    // Deleting a resident or a household checks (and the foreign keys
    // check) the screening records that name it; without these the check
    // reads every task or visit of every campaign.
    {6, "indexes for deleting residents and households",
     "CREATE INDEX screening_tasks_household ON screening_tasks(household_id);"
     "CREATE INDEX screening_visits_resident ON screening_visits(resident_id);"},
    // Issue 11, accounts (docs/operations.md, Users and sessions): the lock
    // that anyone could trigger (failed_logins, locked_until) gives way to
    // throttling by address and by (username, address), shared by every
    // server process through login_failures; passwords set by someone else
    // must be changed at first login; a change that would give an account a
    // permission its maker lacks waits in user_requests for a second person;
    // settings marks a database that `fangkong demo` made.
    {7, "accounts: throttling, approvals, first-login password change",
     R"SQL(
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;

CREATE TABLE login_failures (
  id {id},
  at BIGINT NOT NULL,
  address TEXT NOT NULL,
  username TEXT NOT NULL);
CREATE INDEX login_failures_pair ON login_failures(username, address, at);
CREATE INDEX login_failures_address ON login_failures(address, at);
CREATE INDEX login_failures_at ON login_failures(at);

CREATE TABLE user_requests (
  id {id},
  kind TEXT NOT NULL CHECK (kind IN ('create', 'change', 'reset_password', 'reactivate')),
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL,
  scope {code} NOT NULL,
  password_hash TEXT NOT NULL,
  needs BIGINT NOT NULL,
  requested_by BIGINT NOT NULL,
  requested_at BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'cancelled')),
  decided_by BIGINT,
  decided_at BIGINT);
CREATE INDEX user_requests_pending ON user_requests(scope, id) WHERE status = 'pending';
CREATE UNIQUE INDEX user_requests_one_pending ON user_requests(user_id) WHERE status = 'pending';

CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL);
)SQL"},
    // Issue 11. Every audit record names the region it concerns, so that a
    // reader sees only their scope's records; existing rows get the grid of
    // their resident or household, the region searched or exported, the
    // scope of their user, the region of their campaign, else their actor's
    // scope (ops/audit/audit.hpp). Searches keep their terms as keyed hashes
    // made with a key kept in audit_keys (ops/audit/search_terms.hpp).
    // An ID number may be registered in two grids of different scopes (人户
    // 分离): an import must not tell its caller that a number is registered
    // outside their scope, so UNIQUE(id_number) becomes an index and each
    // such second registration a registration_conflicts row for the officers
    // whose scope holds both (ops/registry/registry.hpp). The backfill and
    // the rebuild of residents are per dialect: SQLite cannot drop a UNIQUE
    // constraint, so the table is copied (with foreign keys deferred, the
    // visits that name residents still name them at the commit).
    {8, "audit regions, search-term key, registration conflicts",
     R"SQL(
ALTER TABLE audit_log ADD COLUMN region {code} NOT NULL DEFAULT '';
CREATE TABLE audit_keys (
  name TEXT PRIMARY KEY,
  secret TEXT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE TABLE registration_conflicts (
  id {id},
  id_number TEXT NOT NULL,
  resident_id BIGINT NOT NULL,
  other_resident_id BIGINT NOT NULL,
  region {code} NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  resolved_at BIGINT,
  resolved_by BIGINT,
  kept_resident_id BIGINT);
CREATE INDEX registration_conflicts_open ON registration_conflicts(region, id)
  WHERE resolved_at IS NULL;
CREATE INDEX registration_conflicts_resident ON registration_conflicts(resident_id);
CREATE INDEX registration_conflicts_other ON registration_conflicts(other_resident_id);
)SQL",
     R"SQL(
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET region = COALESCE(
  CASE
    WHEN entity_id LIKE 'region %' THEN substr(entity_id, 8)
    WHEN entity = 'grid_staff' THEN entity_id
    WHEN entity = 'resident' THEN
      (SELECT grid_code FROM residents WHERE id = CAST(audit_log.entity_id AS INTEGER))
    WHEN entity = 'household' THEN
      (SELECT grid_code FROM households WHERE id = CAST(audit_log.entity_id AS INTEGER))
    WHEN entity = 'user' THEN
      (SELECT scope FROM users WHERE id = CAST(audit_log.entity_id AS INTEGER))
    WHEN entity = 'campaign' THEN
      (SELECT region_code FROM campaigns WHERE id = CAST(audit_log.entity_id AS INTEGER))
  END,
  (SELECT scope FROM users WHERE id = audit_log.user_id),
  '');
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
CREATE TRIGGER audit_keys_no_update BEFORE UPDATE ON audit_keys
BEGIN SELECT RAISE(ABORT, 'audit keys are kept'); END;
CREATE TRIGGER audit_keys_no_delete BEFORE DELETE ON audit_keys
BEGIN SELECT RAISE(ABORT, 'audit keys are kept'); END;

PRAGMA defer_foreign_keys = ON;
CREATE TABLE residents_copy AS SELECT * FROM residents;
DROP TABLE residents;
CREATE TABLE residents (
  id INTEGER PRIMARY KEY,
  household_id BIGINT NOT NULL REFERENCES households(id),
  grid_code TEXT NOT NULL,
  name TEXT NOT NULL,
  sex TEXT NOT NULL CHECK (sex IN ('male', 'female')),
  birth_date TEXT NOT NULL,
  id_number TEXT NOT NULL,
  phone TEXT NOT NULL,
  elderly_alone BIGINT NOT NULL DEFAULT 0,
  chronic_illness BIGINT NOT NULL DEFAULT 0,
  pregnant BIGINT NOT NULL DEFAULT 0,
  high_risk_return_date TEXT,
  created_day TEXT NOT NULL);
INSERT INTO residents SELECT * FROM residents_copy;
DROP TABLE residents_copy;
CREATE INDEX residents_grid ON residents(grid_code, id);
CREATE INDEX residents_household ON residents(household_id);
CREATE INDEX residents_name ON residents(name);
CREATE INDEX residents_phone ON residents(phone);
CREATE INDEX residents_id_number ON residents(id_number);
)SQL",
     R"SQL(
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET region = COALESCE(
  CASE
    WHEN entity_id LIKE 'region %' THEN substr(entity_id, 8)
    WHEN entity = 'grid_staff' THEN entity_id
    WHEN entity_id !~ '^[0-9]{1,18}$' THEN NULL
    WHEN entity = 'resident' THEN
      (SELECT grid_code FROM residents WHERE id = audit_log.entity_id::bigint)
    WHEN entity = 'household' THEN
      (SELECT grid_code FROM households WHERE id = audit_log.entity_id::bigint)
    WHEN entity = 'user' THEN
      (SELECT scope FROM users WHERE id = audit_log.entity_id::bigint)
    WHEN entity = 'campaign' THEN
      (SELECT region_code FROM campaigns WHERE id = audit_log.entity_id::bigint)
  END,
  (SELECT scope FROM users WHERE id = audit_log.user_id),
  '');
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse();
CREATE FUNCTION audit_keys_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'audit keys are kept' USING ERRCODE = '23000'; END $$;
CREATE TRIGGER audit_keys_kept BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_keys
FOR EACH STATEMENT EXECUTE FUNCTION audit_keys_refuse();

ALTER TABLE residents DROP CONSTRAINT residents_id_number_key;
CREATE INDEX residents_id_number ON residents(id_number);
)SQL"},
    // Issue 12. A grid worker's phone records visits offline and sends them
    // when the network returns, each with an id it made (client_id); a send
    // may be repeated (lost answer, retry on load). What each id first
    // carried is kept here so that a repeat records nothing again and is
    // answered as the first, and the same id with other content is refused
    // (ops/screening: RecordVisit). One row per (campaign, worker, id).
    {9, "visit submissions by client-made id",
     R"SQL(
CREATE TABLE visit_submissions (
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  worker_id BIGINT NOT NULL,
  client_id TEXT NOT NULL,
  task_id BIGINT NOT NULL,
  resident_id BIGINT NOT NULL,
  present BIGINT NOT NULL,
  temperature {real},
  symptoms BIGINT NOT NULL,
  high_risk_travel BIGINT NOT NULL,
  case_contact BIGINT NOT NULL,
  note TEXT NOT NULL,
  received_at BIGINT NOT NULL,
  PRIMARY KEY (campaign_id, worker_id, client_id));
)SQL"},
    // Issue 12, the map: each region's outline as a GeoJSON geometry
    // (Polygon or MultiPolygon, longitude/latitude in WGS 84 degrees, as
    // checked and normalized by ops/regions/shapes.hpp), its centroid and
    // bounding box; population is the figure the imported file gave, if any.
    {10, "region shapes",
     R"SQL(
CREATE TABLE region_shapes (
  code {code} PRIMARY KEY REFERENCES regions(code),
  geometry TEXT NOT NULL,
  centroid_lon {real} NOT NULL,
  centroid_lat {real} NOT NULL,
  min_lon {real} NOT NULL,
  min_lat {real} NOT NULL,
  max_lon {real} NOT NULL,
  max_lat {real} NOT NULL,
  population BIGINT,
  updated_at BIGINT NOT NULL);
)SQL"},
    // Simulation runs (ops/simulation): parameters, summary and curve are
    // JSON text. At most one queued or running run per user (the partial
    // unique index backs the service's check against a race of two starts).
    {11, "simulation runs",
     R"SQL(
CREATE TABLE simulation_runs (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id),
  scenario TEXT NOT NULL,
  parameters TEXT NOT NULL,
  agents BIGINT NOT NULL,
  days BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress {real} NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  error TEXT,
  summary TEXT,
  curve TEXT);
CREATE INDEX simulation_runs_user ON simulation_runs(user_id, id);
CREATE UNIQUE INDEX simulation_runs_one_active ON simulation_runs(user_id)
  WHERE status IN ('queued', 'running');
)SQL"},
    // The audit log filtered by action (GET /audit?action=, ops/audit): an
    // index whose columns end in (at, id) after the equality, like the others.
    {12, "audit log by action",
     R"SQL(
CREATE INDEX audit_action_at ON audit_log(action, at, id);
)SQL"},
    // Several servers on one database: a run belongs to the service instance
    // that queued it, and each instance records a heartbeat, so a server
    // starting fails only the runs of instances that stopped
    // (ops/simulation/simulation.hpp). Older runs have no owner.
    {13, "simulation run owners and server heartbeats",
     R"SQL(
ALTER TABLE simulation_runs ADD COLUMN owner TEXT;
CREATE TABLE simulation_servers (
  instance TEXT PRIMARY KEY,
  heartbeat_at BIGINT NOT NULL);
)SQL"},
    // Issue 13, cases and laboratory tests (ops/cases, docs/operations.md,
    // Cases). A case belongs to a registered resident and lies in the grid
    // the person lived in when it was reported (its scope). The date each
    // classification began is kept in its own column, so the daily counts
    // (new and cumulative) are sums over date ranges; suspected_end is the
    // day a suspected case stopped being one. One open case (not excluded,
    // no outcome) a person, by a partial unique index. facility_id is a
    // plain integer for now: the facilities module links it later.
    // case_events is each case's history (report, classification, severity,
    // outcome), never changed.
    {14, "cases and lab tests",
     R"SQL(
CREATE TABLE lab_tests (
  id {id},
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  kind TEXT NOT NULL CHECK (kind IN ('nucleic_acid', 'antibody')),
  sample_date TEXT NOT NULL,
  result TEXT NOT NULL CHECK (result IN ('positive', 'negative', 'inconclusive')),
  lab TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL);
CREATE INDEX lab_tests_resident ON lab_tests(resident_id, sample_date, id);

CREATE TABLE cases (
  id {id},
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  grid_code {code} NOT NULL REFERENCES regions(code),
  status TEXT NOT NULL CHECK (status IN ('suspected', 'confirmed', 'clinically_diagnosed',
    'asymptomatic', 'excluded')),
  severity TEXT CHECK (severity IN ('mild', 'moderate', 'severe', 'critical')),
  onset_date TEXT,
  report_date TEXT NOT NULL,
  suspected_date TEXT,
  suspected_end TEXT,
  confirmation_date TEXT,
  asymptomatic_date TEXT,
  excluded_date TEXT,
  basis TEXT CHECK (basis IN ('lab_test', 'clinical')),
  confirming_test_id BIGINT REFERENCES lab_tests(id),
  outcome TEXT CHECK (outcome IN ('recovered', 'died')),
  outcome_date TEXT,
  facility_id BIGINT,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL);
CREATE INDEX cases_grid ON cases(grid_code, id);
CREATE UNIQUE INDEX cases_one_open ON cases(resident_id)
  WHERE status <> 'excluded' AND outcome IS NULL;

CREATE TABLE case_events (
  id {id},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  at BIGINT NOT NULL,
  user_id BIGINT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('reported', 'status', 'severity', 'outcome')),
  from_value TEXT NOT NULL,
  to_value TEXT NOT NULL,
  event_date TEXT NOT NULL,
  note TEXT NOT NULL);
CREATE INDEX case_events_case ON case_events(case_id, id);
)SQL"},
    // Issue 13, investigation and contact tracing (ops/contacts,
    // docs/operations.md, Contact tracing). case_visits: the places and
    // times a case visited. contacts: a case's close contacts (degree 1) and
    // their contacts (degree 2, via_contact_id), with the ID number, name
    // and phone the case gave; the person is the resident of that number
    // (the one in the tracer's scope, else one elsewhere: handed_over), or
    // nobody yet. `region` is who follows the contact up: the person's grid,
    // or for a person registered nowhere the case's city; lists run in
    // (region, id) order. One row per (case, ID number).
    {15, "contact tracing",
     R"SQL(
CREATE TABLE case_visits (
  id {id},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  place TEXT NOT NULL,
  setting TEXT NOT NULL,
  visit_date TEXT NOT NULL,
  from_time TEXT NOT NULL,
  to_time TEXT NOT NULL,
  note TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_at BIGINT NOT NULL);
CREATE INDEX case_visits_case ON case_visits(case_id, visit_date, id);

CREATE TABLE contacts (
  id {id},
  case_id BIGINT NOT NULL REFERENCES cases(id),
  degree BIGINT NOT NULL CHECK (degree IN (1, 2)),
  via_contact_id BIGINT REFERENCES contacts(id),
  setting TEXT NOT NULL CHECK (setting IN ('household', 'workplace', 'school', 'healthcare',
    'transport', 'public_place', 'other')),
  last_exposure_date TEXT NOT NULL,
  visit_id BIGINT REFERENCES case_visits(id),
  handed_over BIGINT NOT NULL,
  resident_id BIGINT REFERENCES residents(id),
  region {code} NOT NULL,
  grid_code {code},
  source_grid {code} NOT NULL,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  listed_at BIGINT NOT NULL,
  reached_at BIGINT,
  last_followup_date TEXT,
  lost BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  UNIQUE (case_id, id_number));
CREATE INDEX contacts_region ON contacts(region, id);
CREATE INDEX contacts_resident ON contacts(resident_id);
)SQL"},
    // Issue 16, directives (ops/directives): one row a directive and one a
    // unit (every region of its subtree), keyed by (directive, level, code)
    // so that a level's range under a region is one index range. A unit's
    // state is read from its two moments and the directive's deadline.
    {16, "directives and their units",
     R"SQL(
CREATE TABLE directives (
  id {id},
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  measure TEXT NOT NULL CHECK (measure IN ('closed_management', 'door_to_door_screening',
    'publish_notice', 'correction', 'other')),
  region_code {code} NOT NULL REFERENCES regions(code),
  deadline BIGINT NOT NULL,
  issued_at BIGINT NOT NULL,
  issued_by BIGINT NOT NULL,
  issuer_scope {code} NOT NULL,
  units BIGINT NOT NULL);
CREATE TABLE directive_units (
  directive_id BIGINT NOT NULL REFERENCES directives(id),
  level BIGINT NOT NULL,
  code {code} NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT,
  completed_at BIGINT,
  completed_by BIGINT,
  note TEXT,
  evidence_count BIGINT,
  campaign_id BIGINT,
  PRIMARY KEY (directive_id, level, code));
)SQL"},
    // Issue 16, daily reports (ops/reports): one a grid a day; the levels
    // above are rolled up when read (their grids' rows, one range of the
    // primary key for a day).
    {17, "daily reports",
     R"SQL(
CREATE TABLE daily_reports (
  day TEXT NOT NULL,
  grid_code {code} NOT NULL REFERENCES regions(code),
  screened BIGINT NOT NULL,
  flagged BIGINT NOT NULL,
  problems TEXT NOT NULL,
  needs TEXT NOT NULL,
  submitted_at BIGINT NOT NULL,
  submitted_by BIGINT NOT NULL,
  PRIMARY KEY (day, grid_code));
)SQL"},
    // Issue 16, supervision (ops/supervision): teams over regions, their
    // members, and the re-visits of a round (one a drawn household).
    {18, "supervision teams and re-visits",
     R"SQL(
CREATE TABLE supervision_teams (
  id {id},
  name TEXT NOT NULL,
  region_code {code} NOT NULL REFERENCES regions(code),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE TABLE supervision_members (
  team_id BIGINT NOT NULL REFERENCES supervision_teams(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (team_id, user_id));
CREATE TABLE revisits (
  id {id},
  team_id BIGINT NOT NULL REFERENCES supervision_teams(id),
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  seed BIGINT NOT NULL,
  task_id BIGINT NOT NULL REFERENCES screening_tasks(id),
  grid_code {code} NOT NULL,
  revisitor_id BIGINT,
  drawn_at BIGINT NOT NULL,
  revisited_at BIGINT,
  disagreements BIGINT,
  UNIQUE (team_id, campaign_id, task_id));
)SQL"},
    // Issue 15, supplies (ops/supplies): depots in the region tree, stock per
    // depot and item (never negative: the CHECK backs the service's guarded
    // UPDATE), the ledger of movements, and allocations with their rule and
    // result as JSON text. Item codes are the fixed list of SupplyItems().
    {19, "supplies",
     R"SQL(
CREATE TABLE depots (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'hospital', 'community')),
  region_code {code} NOT NULL REFERENCES regions(code),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX depots_region ON depots(region_code, id);

CREATE TABLE supply_stock (
  depot_id BIGINT NOT NULL REFERENCES depots(id),
  item TEXT NOT NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 0),
  PRIMARY KEY (depot_id, item));

CREATE TABLE supply_allocations (
  id {id},
  item TEXT NOT NULL,
  from_depot_id BIGINT NOT NULL REFERENCES depots(id),
  region_code {code} NOT NULL,
  rule TEXT NOT NULL,
  result TEXT NOT NULL,
  allocated BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX supply_allocations_region ON supply_allocations(region_code, id);

CREATE TABLE supply_movements (
  id {id},
  kind TEXT NOT NULL CHECK (kind IN ('production', 'donation', 'receipt', 'transfer',
                                     'allocation', 'consumption')),
  item TEXT NOT NULL,
  from_depot_id BIGINT REFERENCES depots(id),
  to_depot_id BIGINT REFERENCES depots(id),
  quantity BIGINT NOT NULL CHECK (quantity > 0),
  at BIGINT NOT NULL,
  by_user BIGINT NOT NULL,
  allocation_id BIGINT REFERENCES supply_allocations(id),
  note TEXT NOT NULL,
  CHECK (from_depot_id IS NOT NULL OR to_depot_id IS NOT NULL));
CREATE INDEX supply_movements_from ON supply_movements(from_depot_id, id);
CREATE INDEX supply_movements_to ON supply_movements(to_depot_id, id);
CREATE INDEX supply_movements_use ON supply_movements(at) WHERE kind = 'consumption';
)SQL"},
    // Issue 13, facilities and beds (ops/facilities). Occupancy lives on the
    // facility_beds row and is moved only by conditional UPDATEs; the CHECKs
    // are the last guard that it never exceeds the staffed beds nor goes
    // below zero. A person has at most one open admission (partial unique
    // index). admissions.case_id and dispatches refer to the case module by
    // plain id (issue 13, cases: joined once both are in the tree).
    {20, "facilities, beds, admissions, medical teams",
     R"SQL(
CREATE TABLE facilities (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('designated_hospital', 'emergency_hospital',
    'shelter_hospital', 'quarantine_site')),
  region_code {code} NOT NULL REFERENCES regions(code),
  address TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX facilities_region ON facilities(region_code, id);
CREATE TABLE facility_beds (
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  kind TEXT NOT NULL CHECK (kind IN ('general', 'icu', 'quarantine_room')),
  beds BIGINT NOT NULL CHECK (beds >= 0),
  staffed BIGINT NOT NULL CHECK (staffed >= 0 AND staffed <= beds),
  occupied BIGINT NOT NULL DEFAULT 0 CHECK (occupied >= 0 AND occupied <= staffed),
  PRIMARY KEY (facility_id, kind));
CREATE TABLE facility_staff (
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  user_id BIGINT NOT NULL REFERENCES users(id),
  PRIMARY KEY (facility_id, user_id));
CREATE INDEX facility_staff_user ON facility_staff(user_id);
CREATE TABLE admissions (
  id {id},
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  bed_kind TEXT NOT NULL,
  severity TEXT NOT NULL CHECK (severity IN ('mild', 'moderate', 'severe', 'critical')),
  case_id BIGINT,
  admitted_on TEXT NOT NULL,
  admitted_at BIGINT NOT NULL,
  admitted_by BIGINT NOT NULL,
  discharged_on TEXT,
  discharged_at BIGINT,
  discharged_by BIGINT,
  outcome TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('', 'recovered', 'died', 'transferred',
    'other')),
  transferred_to BIGINT REFERENCES admissions(id),
  CHECK ((discharged_at IS NULL) = (outcome = '')));
CREATE UNIQUE INDEX admissions_one_open ON admissions(resident_id) WHERE discharged_at IS NULL;
CREATE INDEX admissions_facility_open ON admissions(facility_id, id) WHERE discharged_at IS NULL;
CREATE TABLE dispatches (
  id {id},
  admission_id BIGINT NOT NULL REFERENCES admissions(id),
  resident_id BIGINT NOT NULL,
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  severity TEXT NOT NULL,
  suggestion_rank BIGINT NOT NULL,
  dispatched_by BIGINT NOT NULL,
  dispatched_at BIGINT NOT NULL);
CREATE TABLE medical_teams (
  id {id},
  name TEXT NOT NULL,
  origin TEXT NOT NULL,
  size BIGINT NOT NULL CHECK (size > 0),
  arrival_date TEXT NOT NULL,
  facility_id BIGINT NOT NULL REFERENCES facilities(id),
  bed_kind TEXT NOT NULL CHECK (bed_kind IN ('general', 'icu', 'quarantine_room')),
  beds_staffed BIGINT NOT NULL CHECK (beds_staffed >= 0),
  arrived_at BIGINT,
  raised_by BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL);
CREATE INDEX medical_teams_facility ON medical_teams(facility_id);
)SQL"},
    // Issue 13, quarantine (ops/quarantine). Dates are day numbers (days
    // since 1970-01-01) so that missed check days are integer arithmetic on
    // both databases: the period is [start_day, end_day); checks are due
    // from first_due_day (the later of the start and the order's day);
    // checked_days counts the days with a check (kept in the check's
    // transaction, the order row locked). One active order a person. A
    // site order holds a quarantine_room bed of its facility. contact_id and
    // case_id refer to the cases module by plain id (joined once both are
    // in the tree: migration 22). A check sent with a client-made id is recorded once per
    // (worker, client_id).
    {21, "quarantine orders and checks",
     R"SQL(
CREATE TABLE quarantine_orders (
  id {id},
  resident_id BIGINT NOT NULL REFERENCES residents(id),
  grid_code {code} NOT NULL,
  place TEXT NOT NULL CHECK (place IN ('home', 'site')),
  facility_id BIGINT REFERENCES facilities(id),
  room TEXT NOT NULL,
  start_day BIGINT NOT NULL,
  days BIGINT NOT NULL CHECK (days BETWEEN 1 AND 60),
  end_day BIGINT NOT NULL,
  first_due_day BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active', 'released', 'converted')),
  contact_id BIGINT,
  case_id BIGINT,
  checked_days BIGINT NOT NULL DEFAULT 0,
  last_check_day BIGINT,
  ended_day BIGINT,
  release_test_day BIGINT,
  release_test_lab TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  ended_by BIGINT,
  ended_at BIGINT,
  CHECK ((place = 'site') = (facility_id IS NOT NULL)),
  CHECK ((status = 'active') = (ended_day IS NULL)),
  CHECK (status <> 'released' OR release_test_day IS NOT NULL));
CREATE UNIQUE INDEX quarantine_one_active ON quarantine_orders(resident_id)
  WHERE status = 'active';
CREATE INDEX quarantine_orders_grid ON quarantine_orders(grid_code, id);
CREATE INDEX quarantine_orders_site ON quarantine_orders(facility_id, id);
CREATE TABLE quarantine_changes (
  order_id BIGINT NOT NULL REFERENCES quarantine_orders(id),
  old_days BIGINT NOT NULL,
  new_days BIGINT NOT NULL,
  reason TEXT NOT NULL,
  changed_by BIGINT NOT NULL,
  changed_at BIGINT NOT NULL);
CREATE INDEX quarantine_changes_order ON quarantine_changes(order_id);
CREATE TABLE quarantine_checks (
  id {id},
  order_id BIGINT NOT NULL REFERENCES quarantine_orders(id),
  check_day BIGINT NOT NULL,
  temperature {real},
  symptoms BIGINT NOT NULL,
  note TEXT NOT NULL,
  checked_by BIGINT NOT NULL,
  checked_at BIGINT NOT NULL,
  client_id TEXT);
CREATE INDEX quarantine_checks_order ON quarantine_checks(order_id, check_day);
CREATE UNIQUE INDEX quarantine_checks_client ON quarantine_checks(checked_by, client_id)
  WHERE client_id IS NOT NULL;
)SQL"},
    // Issue 13, the response chain linked: a case's facility, an admission's
    // case, a quarantine order's contact and case become foreign keys
    // (written with scope and person checks by ops/facilities and
    // ops/quarantine, ops/cases/case_links.hpp). References to rows that do
    // not exist are cleared first. PostgreSQL adds the constraints; SQLite
    // cannot, so each column is rebuilt in place (added with its REFERENCES,
    // copied, the old one dropped, the new one renamed: SQLite >= 3.35).
    {22, "the response chain linked: cases, facilities, admissions, quarantine",
     R"SQL(
UPDATE cases SET facility_id = NULL
  WHERE facility_id IS NOT NULL AND facility_id NOT IN (SELECT id FROM facilities);
UPDATE admissions SET case_id = NULL
  WHERE case_id IS NOT NULL AND case_id NOT IN (SELECT id FROM cases);
UPDATE quarantine_orders SET case_id = NULL
  WHERE case_id IS NOT NULL AND case_id NOT IN (SELECT id FROM cases);
UPDATE quarantine_orders SET contact_id = NULL
  WHERE contact_id IS NOT NULL AND contact_id NOT IN (SELECT id FROM contacts);
)SQL",
     R"SQL(
ALTER TABLE cases ADD COLUMN facility_ref BIGINT REFERENCES facilities(id);
UPDATE cases SET facility_ref = facility_id;
ALTER TABLE cases DROP COLUMN facility_id;
ALTER TABLE cases RENAME COLUMN facility_ref TO facility_id;
ALTER TABLE admissions ADD COLUMN case_ref BIGINT REFERENCES cases(id);
UPDATE admissions SET case_ref = case_id;
ALTER TABLE admissions DROP COLUMN case_id;
ALTER TABLE admissions RENAME COLUMN case_ref TO case_id;
ALTER TABLE quarantine_orders ADD COLUMN case_ref BIGINT REFERENCES cases(id);
UPDATE quarantine_orders SET case_ref = case_id;
ALTER TABLE quarantine_orders DROP COLUMN case_id;
ALTER TABLE quarantine_orders RENAME COLUMN case_ref TO case_id;
ALTER TABLE quarantine_orders ADD COLUMN contact_ref BIGINT REFERENCES contacts(id);
UPDATE quarantine_orders SET contact_ref = contact_id;
ALTER TABLE quarantine_orders DROP COLUMN contact_id;
ALTER TABLE quarantine_orders RENAME COLUMN contact_ref TO contact_id;
)SQL",
     R"SQL(
ALTER TABLE cases ADD FOREIGN KEY (facility_id) REFERENCES facilities(id);
ALTER TABLE admissions ADD FOREIGN KEY (case_id) REFERENCES cases(id);
ALTER TABLE quarantine_orders ADD FOREIGN KEY (case_id) REFERENCES cases(id);
ALTER TABLE quarantine_orders ADD FOREIGN KEY (contact_id) REFERENCES contacts(id);
)SQL"},
    // Issue 16, supervision over HTTP: a re-visitor's list of re-visits, and
    // the mark that a round's corrections were issued (once a round).
    {23, "re-visitors and supervision corrections",
     R"SQL(
CREATE INDEX revisits_revisitor ON revisits(revisitor_id, id);
CREATE TABLE supervision_corrections (
  team_id BIGINT NOT NULL REFERENCES supervision_teams(id),
  campaign_id BIGINT NOT NULL REFERENCES campaigns(id),
  issued_by BIGINT NOT NULL,
  issued_at BIGINT NOT NULL,
  PRIMARY KEY (team_id, campaign_id));
)SQL"},
    // Issue 15, notices (ops/notices): plain text published to a region
    // with an expiry; residents read those of their community (the index
    // serves the community's read: its own and its grids' by range, the
    // regions above it by equality, running ones by expiry).
    {24, "notices",
     R"SQL(
CREATE TABLE notices (
  id {id},
  region_code {code} NOT NULL REFERENCES regions(code),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  pinned BIGINT NOT NULL,
  published_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  published_by BIGINT NOT NULL,
  withdrawn_at BIGINT);
CREATE INDEX notices_region ON notices(region_code, expires_at);
)SQL"},
    // Issue 15, residents' declarations (ops/declarations): queue_code is
    // the grid of the household at the address, else the community; the
    // address key serves the per-address limit.
    {25, "declarations",
     R"SQL(
CREATE TABLE declarations (
  id {id},
  reference TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('return', 'fever', 'symptoms', 'need', 'concern')),
  community_code {code} NOT NULL REFERENCES regions(code),
  grid_code {code},
  queue_code {code} NOT NULL,
  building TEXT NOT NULL,
  unit TEXT NOT NULL,
  room TEXT NOT NULL,
  address_key TEXT NOT NULL,
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  from_area TEXT NOT NULL,
  detail TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  client_address TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
  closed_at BIGINT,
  closed_by BIGINT,
  outcome TEXT NOT NULL DEFAULT '');
CREATE INDEX declarations_queue ON declarations(queue_code, id);
CREATE INDEX declarations_address ON declarations(address_key, created_at);
)SQL"},
    // Issue 15, checkpoints (ops/checkpoints): gates and traffic checkpoints,
    // the passage log written in batches by the guards' phones, the flag of
    // a resident under quarantine or isolation (until the response issue's
    // quarantine exists) and the alerts raised when one passes.
    {26, "checkpoints",
     R"SQL(
CREATE TABLE checkpoints (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('gate', 'traffic')),
  region_code {code} NOT NULL REFERENCES regions(code),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX checkpoints_region ON checkpoints(region_code, id);

CREATE TABLE checkpoint_passages (
  id {id},
  checkpoint_id BIGINT NOT NULL REFERENCES checkpoints(id),
  at BIGINT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  subject TEXT NOT NULL CHECK (subject IN ('person', 'vehicle')),
  id_number TEXT NOT NULL,
  plate TEXT NOT NULL,
  resident_id BIGINT,
  temperature_tenths BIGINT,
  result TEXT NOT NULL CHECK (result IN ('pass', 'refused', 'held')),
  health_code TEXT NOT NULL CHECK (health_code IN ('green', 'yellow', 'red', 'none')),
  recorded_by BIGINT NOT NULL);
CREATE INDEX checkpoint_passages_checkpoint ON checkpoint_passages(checkpoint_id, id);

CREATE TABLE resident_flags (
  resident_id BIGINT PRIMARY KEY REFERENCES residents(id),
  kind TEXT NOT NULL CHECK (kind IN ('quarantine', 'isolation')),
  until BIGINT NOT NULL,
  set_at BIGINT NOT NULL,
  set_by BIGINT NOT NULL);

CREATE TABLE checkpoint_alerts (
  id {id},
  passage_id BIGINT NOT NULL REFERENCES checkpoint_passages(id),
  checkpoint_id BIGINT NOT NULL REFERENCES checkpoints(id),
  checkpoint_region {code} NOT NULL,
  resident_id BIGINT NOT NULL,
  grid_code {code} NOT NULL,
  kind TEXT NOT NULL,
  at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by BIGINT);
CREATE INDEX checkpoint_alerts_grid ON checkpoint_alerts(grid_code, id);
CREATE INDEX checkpoint_alerts_checkpoint ON checkpoint_alerts(checkpoint_region, id);
)SQL"},
    // Issue 15, days of supply left (supplies/days_left.cpp): each depot's
    // recent consumption is one range of this partial index (depot, time),
    // without reading the movements themselves: 5,000 depots answer in tens
    // of milliseconds instead of hundreds (bench/README.md, Logistics).
    {27, "supply use by depot",
     R"SQL(
CREATE INDEX supply_movements_use_depot ON supply_movements(from_depot_id, at, item, quantity, kind)
  WHERE kind = 'consumption';
)SQL"},
    // Issue 15, volunteers and duty posts (ops/volunteers): a pledge
    // (请战书) linked to one registered resident, kept under the resident's
    // grid for scope; teams (突击队, 先锋队) of a region with a leader among
    // their members; duty posts (先锋岗, 责任岗) at a grid, a checkpoint or a
    // hospital; shifts on them, read by volunteer (the rest rules) and by
    // time (who is on duty now).
    {28, "volunteers and duty posts",
     R"SQL(
CREATE TABLE volunteer_teams (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('commando', 'vanguard')),
  region_code {code} NOT NULL REFERENCES regions(code),
  leader_id BIGINT,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX volunteer_teams_region ON volunteer_teams(region_code, id);

CREATE TABLE volunteers (
  id {id},
  resident_id BIGINT NOT NULL UNIQUE REFERENCES residents(id),
  grid_code {code} NOT NULL,
  pledge TEXT NOT NULL,
  skills TEXT NOT NULL,
  availability TEXT NOT NULL,
  party_member BIGINT NOT NULL,
  team_id BIGINT REFERENCES volunteer_teams(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX volunteers_grid ON volunteers(grid_code, id);
CREATE INDEX volunteers_team ON volunteers(team_id);

CREATE TABLE duty_posts (
  id {id},
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('grid', 'checkpoint', 'hospital')),
  title TEXT NOT NULL CHECK (title IN ('pioneer', 'responsibility')),
  region_code {code} NOT NULL REFERENCES regions(code),
  checkpoint_id BIGINT REFERENCES checkpoints(id),
  facility_id BIGINT REFERENCES facilities(id),
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL);
CREATE INDEX duty_posts_region ON duty_posts(region_code, id);

CREATE TABLE duty_shifts (
  id {id},
  post_id BIGINT NOT NULL REFERENCES duty_posts(id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers(id),
  post_region {code} NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,
  CHECK (ends_at > starts_at));
CREATE INDEX duty_shifts_volunteer ON duty_shifts(volunteer_id, starts_at);
CREATE INDEX duty_shifts_post ON duty_shifts(post_id, starts_at);
CREATE INDEX duty_shifts_region ON duty_shifts(post_region, ends_at);
)SQL"},
    // Issue 15, checkpoints and the response: who is under quarantine or
    // isolation is read from quarantine_orders, cases and admissions
    // (ops/checkpoints/passage_writer.hpp), so the stand-in flag of
    // migration 26 goes. A passage sent with a client-made id is recorded
    // once per (guard, client_id); the index leads with client_id because a
    // batch looks its ids up in one IN list. A repeat's answer carries the
    // first's alert (by passage). (Follows 28, another branch's.)
    {29, "checkpoints read the response; passages sent once",
     R"SQL(
DROP TABLE resident_flags;
ALTER TABLE checkpoint_passages ADD COLUMN client_id TEXT;
CREATE UNIQUE INDEX checkpoint_passages_client ON checkpoint_passages(client_id, recorded_by)
  WHERE client_id IS NOT NULL;
CREATE INDEX checkpoint_alerts_passage ON checkpoint_alerts(passage_id);
)SQL"},
    // Issue 17, forecasts from the live data (forecast/service): who asked,
    // for which region, the options, status and progress as a simulation
    // run's; the inputs as seeded (cutoff, open cases, quarantined, seeded
    // undetected, fitted R) and the code version, so that a forecast can be
    // scored against what happened later; the result as JSON. One queued or
    // running forecast a user; owner as simulation_runs.owner.
    {30, "forecasts",
     R"SQL(
CREATE TABLE forecasts (
  id {id},
  user_id BIGINT NOT NULL REFERENCES users(id),
  region_code {code} NOT NULL REFERENCES regions(code),
  days BIGINT NOT NULL,
  runs BIGINT NOT NULL,
  seed BIGINT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
  progress {real} NOT NULL DEFAULT 0,
  code_version TEXT NOT NULL,
  owner TEXT,
  created_at BIGINT NOT NULL,
  started_at BIGINT,
  finished_at BIGINT,
  error TEXT,
  cutoff TEXT,
  open_cases BIGINT,
  quarantined BIGINT,
  seeded_undetected {real},
  fitted_rt {real},
  inputs TEXT,
  result TEXT);
CREATE INDEX forecasts_region ON forecasts(region_code, id);
CREATE UNIQUE INDEX forecasts_one_active ON forecasts(user_id)
  WHERE status IN ('queued', 'running');
)SQL"},
    // Issue 16 finished: a grid's people in quarantine in its daily report
    // (pre-filled from quarantine_orders, confirmed by the worker); a notice
    // as a directive unit's evidence, beside a campaign; and the number of
    // correction directives a round issued, written with its mark in the
    // same transaction (ops/supervision).
    {31, "quarantine in daily reports, notices as evidence, corrections counted",
     R"SQL(
ALTER TABLE daily_reports ADD COLUMN quarantined BIGINT NOT NULL DEFAULT 0;
ALTER TABLE directive_units ADD COLUMN notice_id BIGINT REFERENCES notices(id);
ALTER TABLE supervision_corrections ADD COLUMN directives BIGINT NOT NULL DEFAULT 0;
)SQL"},
};

}  // namespace

std::span<const store::Migration> OpsMigrations() { return kMigrations; }

Result<int> MigrateOps(store::Database& db) { return store::Migrate(db, kMigrations); }

}  // namespace fk::ops
