// Epidemiological investigation and contact tracing (流调): the places and
// times a case visited, its close contacts (密接) and their contacts (次密接)
// with setting and last exposure, the hand-over of contacts who live
// outside the tracer's area, their follow-up, the transmission chain of a
// cluster, and the tracing figures the WHO asks for. Thread-safe: holds
// references to the Database and the AuditWriter (both must outlive it) and
// a clock.
//
// Access (docs/operations.md, Contact tracing): investigating and listing
// contacts needs Permission::kManageCases over the case; reading needs
// kReadCases; following a contact up needs kReadCases and kManageCases or
// kRecordVisits over the contact's grid (grid workers follow up their
// grid's contacts; volunteers, who read no cases, do not).
//
// Hand-over: a contact is named by a resident in the tracer's scope, or by
// ID number, name and phone as the case told them. A number registered in
// the tracer's scope is that resident; one registered only outside it, or
// nowhere, is handed over: the contact belongs to the grid where it is
// registered (or, unregistered, to the whole tree, for the command centre
// to place), whose staff see and follow it up. The tracer's answer and
// lists are the same in both cases, "handed over" and nothing else about
// the person, so that listing a contact cannot test whether a number is
// registered elsewhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "ops/audit/audit_writer.hpp"
#include "ops/common.hpp"
#include "ops/users/access.hpp"
#include "store/database.hpp"

namespace fk::ops {

enum class ExposureSetting {
  kHousehold,
  kWorkplace,
  kSchool,
  kHealthcare,
  kTransport,
  kPublicPlace,
  kOther
};
std::string_view Name(ExposureSetting v);  // "household", ... "public_place", "other"
std::optional<ExposureSetting> ParseExposureSetting(std::string_view name);

// A place and time a case visited (行程).
struct CaseVisitInput {
  std::string place;  // 1..200 bytes
  ExposureSetting setting = ExposureSetting::kOther;
  std::string date;       // YYYY-MM-DD, not after today
  std::string from_time;  // HH:MM or ""
  std::string to_time;    // HH:MM or "", not before from_time
  std::string note;
};

struct CaseVisit {
  int64_t id = 0;
  int64_t case_id = 0;
  CaseVisitInput visit;
  int64_t recorded_by = 0, recorded_at = 0;
};

// A contact as the tracer names them: a resident in scope (resident_id), or
// a person by ID number, name and phone.
struct ContactInput {
  int64_t resident_id = 0;
  std::string id_number, name, phone;
  // A contact of a contact (次密接): the close contact they met; 0 for a
  // close contact of the case.
  int64_t via_contact_id = 0;
  ExposureSetting setting = ExposureSetting::kHousehold;
  std::string last_exposure_date;  // YYYY-MM-DD, not after today
  int64_t visit_id = 0;            // the case's visit where they met, or 0
};

struct Contact {
  int64_t id = 0;
  int64_t case_id = 0;
  int degree = 1;  // 1 close contact, 2 contact of a contact
  std::optional<int64_t> via_contact_id;
  ExposureSetting setting = ExposureSetting::kHousehold;
  std::string last_exposure_date;
  std::optional<int64_t> visit_id;
  // Handed over and not in the reader's scope: the fields below are empty.
  bool handed_over = false;
  bool visible = true;
  std::optional<int64_t> resident_id;
  // The area that follows the person up: their grid once identified, else
  // the area they were listed in or handed on to.
  std::string region;
  std::string grid_code;        // "" while unidentified
  std::string name, id_number;  // masked
  int64_t listed_at = 0;
  std::optional<int64_t> reached_at;
  std::optional<std::string> last_followup_date;
  bool lost = false;
};

struct FollowUp {
  std::string date;     // the day of the follow-up, not after today
  bool reached = true;  // the person was reached (by phone or at the door)
  bool lost = false;    // lost to follow-up (cannot be found)
};

// Where a contact not yet identified (registered nowhere when listed) goes:
// the resident they turned out to be (registered in the registry, on the
// spot if need be, with its ID checks), or, while still unidentified, an
// area inside the one that holds the contact, whose staff look for them.
// Exactly one of the two.
struct Placement {
  int64_t resident_id = 0;
  std::string region_code;
};

// The transmission chain of a cluster: cases as nodes, "A's contact became
// case B" as edges, from the case asked about through every case linked to
// it. The source is the node no edge reaches, when there is one.
struct ChainNode {
  int64_t case_id = 0;
  std::string status;  // classification
  std::string report_date;
  bool visible = true;  // false: outside the reader's scope (nothing else shown)
};
struct ChainEdge {
  int64_t from_case = 0, to_case = 0;
  std::string setting, last_exposure_date;
};
struct Chain {
  std::vector<ChainNode> nodes;
  std::vector<ChainEdge> edges;
  std::optional<int64_t> source_case;
};

// The tracing figures of a region for a day (WHO, Contact tracing in the
// context of COVID-19, 2020/2021).
struct TracingFigures {
  std::string region_code, date;
  int64_t new_cases = 0;                // confirmed or asymptomatic that day
  int64_t new_cases_from_contacts = 0;  // of whom listed as contacts before
  int64_t contacts_listed = 0;          // contacts listed in the 24 h before the day ended
  int64_t reached_within_24h = 0;       // of whom reached within 24 h of listing
  int64_t under_follow_up = 0;          // within 14 days of last exposure, not lost
  int64_t followed_up_today = 0;        // of whom followed up that day
  int64_t lost = 0;                     // lost to follow-up, within 14 days
};

class ContactService {
 public:
  ContactService(store::Database& db, AuditWriter& audit, Clock clock = SystemClock());

  Result<CaseVisit> AddVisit(const AccessContext& ctx, int64_t case_id, const CaseVisitInput& v);
  Result<std::vector<CaseVisit>> Visits(const AccessContext& ctx, int64_t case_id);

  // Lists a contact of the case (see the top of this file for hand-over).
  // kConflict when the person is already on the case's list.
  Result<Contact> AddContact(const AccessContext& ctx, int64_t case_id, const ContactInput& in);
  // The case's contacts, in id order; handed-over ones the reader cannot
  // see show only that they were handed over.
  Result<std::vector<Contact>> CaseContacts(const AccessContext& ctx, int64_t case_id);
  // The contacts who live in `region_code`'s subtree (default: the scope),
  // handed over or not, masked; keyset pages in (grid_code, id) order.
  Result<Page<Contact>> ContactsIn(const AccessContext& ctx, const std::string& region_code,
                                   int64_t after_id, int limit);
  Result<Contact> RecordFollowUp(const AccessContext& ctx, int64_t contact_id, const FollowUp& f);
  // Places a contact not yet identified: links them to a resident (the
  // contact then belongs to the resident's grid and can be followed up), or
  // hands them on to an area inside the contact's one. Roles that read cases
  // and manage them, manage quarantine or record visits; the contact and
  // the resident or area must lie in the caller's scope (kNotFound alike
  // otherwise). kConflict when the contact is identified already or the
  // resident is already on the same case's list. Audited (`update`
  // `contact`, "placed: resident N" / "handed on to REGION").
  Result<Contact> Place(const AccessContext& ctx, int64_t contact_id, const Placement& p);

  Result<Chain> ChainOf(const AccessContext& ctx, int64_t case_id);
  Result<TracingFigures> Figures(const AccessContext& ctx, const std::string& region_code,
                                 const std::string& date);

 private:
  store::Database& db_;
  AuditWriter& audit_;
  Clock clock_;
};

}  // namespace fk::ops
