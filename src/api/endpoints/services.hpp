// The operations services the endpoints call, built over one Database.
// Each service is thread-safe; the Database must outlive Services. The
// AuditWriter (group commit of read audit records) is declared before the
// services that use it, so it is destroyed after them and flushes its queue.
// The simulation service owns runner threads (ops/simulation/simulation.hpp).
#pragma once

#include "ops/audit/audit.hpp"
#include "ops/cases/case_counts.hpp"
#include "ops/cases/cases.hpp"
#include "ops/checkpoints/checkpoints.hpp"
#include "ops/checkpoints/passage_writer.hpp"
#include "ops/contacts/contacts.hpp"
#include "ops/declarations/declarations.hpp"
#include "ops/directives/directives.hpp"
#include "ops/facilities/admissions.hpp"
#include "ops/facilities/facilities.hpp"
#include "ops/notices/notices.hpp"
#include "ops/quarantine/quarantine.hpp"
#include "ops/regions/regions.hpp"
#include "ops/regions/shapes.hpp"
#include "ops/registry/registry.hpp"
#include "ops/reports/daily_reports.hpp"
#include "ops/screening/screening.hpp"
#include "ops/simulation/simulation.hpp"
#include "ops/stats/stats.hpp"
#include "ops/supervision/supervision.hpp"
#include "ops/supplies/supplies.hpp"
#include "ops/users/users.hpp"
#include "ops/volunteers/duty.hpp"
#include "ops/volunteers/volunteers.hpp"
#include "store/database.hpp"

namespace fk::api {

struct Services {
  Services(store::Database& database, ops::UserOptions user_options = {},
           ops::SimulationOptions simulation_options = {})
      : db(database),
        audit_writer(database),
        regions(database),
        shapes(database),
        registry(database, audit_writer),
        users(database, ops::SystemClock(), user_options),
        audit(database, audit_writer),
        screening(database),
        stats(database),
        cases(database, audit_writer),
        case_counts(database),
        contacts(database, audit_writer),
        directives(database),
        reports(database),
        supplies(database),
        facilities(database),
        admissions(database),
        quarantine(database),
        notices(database),
        declarations(database),
        checkpoints(database),
        passages(database),
        supervision(database),
        volunteers(database),
        duty(database),
        simulation(database, std::move(simulation_options)) {}

  store::Database& db;
  ops::AuditWriter audit_writer;
  ops::RegionService regions;
  ops::RegionShapeService shapes;
  ops::RegistryService registry;
  ops::UserService users;
  ops::AuditService audit;
  ops::ScreeningService screening;
  ops::StatsService stats;
  ops::CaseService cases;
  ops::CaseCountsService case_counts;
  ops::ContactService contacts;
  ops::DirectiveService directives;
  ops::DailyReportService reports;
  ops::SupplyService supplies;
  ops::FacilityService facilities;
  ops::AdmissionService admissions;
  ops::QuarantineService quarantine;
  ops::NoticeService notices;
  ops::DeclarationService declarations;
  ops::CheckpointService checkpoints;
  ops::PassageWriter passages;  // a writer thread: group commit of the guards' passages
  ops::SupervisionService supervision;
  ops::VolunteerService volunteers;
  ops::DutyService duty;
  // Last: destroyed first, so its runner threads stop before the rest goes.
  ops::SimulationService simulation;
};

}  // namespace fk::api
