#include "ops/checkpoints/passage_writer.hpp"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "ops/checkpoints/checkpoints.hpp"
#include "ops/client_id.hpp"
#include "ops/plain_text.hpp"
#include "ops/registry/resident_id.hpp"
#include "store/batch.hpp"

namespace fk::ops {
namespace {

bool OneOf(const std::string& value, std::initializer_list<const char*> allowed) {
  for (const char* a : allowed)
    if (value == a) return true;
  return false;
}

// A plate: 2..10 characters, no spaces or controls (e.g. "鄂A12345").
Status CheckPlate(const std::string& plate) {
  if (Status s = CheckPlainText("plate", plate, 10, false); !s) return s;
  if (CharCount(plate) < 2 || plate.find(' ') != std::string::npos)
    return InvalidArgument("plate: 2..10 characters without spaces, e.g. 鄂A12345");
  return Status::Ok();
}

struct Person {
  int64_t id = 0;
  std::string grid_code;
  std::optional<std::string> alert{};  // "isolation" or "quarantine"
};

// The registered people of the batch's ID numbers and what they are under,
// read from the response's own records: an open case (not excluded, no
// outcome) or an open admission is isolation; an active quarantine order is
// quarantine (still in force past its end day until it is released, which
// needs a negative test). Isolation wins over quarantine. Each EXISTS is one
// probe of a partial unique index on resident_id (cases_one_open,
// admissions_one_open, quarantine_one_active), the people one probe each of
// residents_id_number: see docs/operations.md, Checkpoints.
constexpr const char* kPeopleOfBatch =
    "SELECT r.id, r.grid_code, r.id_number, CASE "
    "WHEN EXISTS (SELECT 1 FROM cases c WHERE c.resident_id = r.id AND c.status <> 'excluded' "
    "AND c.outcome IS NULL) OR EXISTS (SELECT 1 FROM admissions a WHERE a.resident_id = r.id "
    "AND a.discharged_at IS NULL) THEN 'isolation' "
    "WHEN EXISTS (SELECT 1 FROM quarantine_orders q WHERE q.resident_id = r.id "
    "AND q.status = 'active') THEN 'quarantine' END "
    "FROM residents r WHERE r.id_number IN (";

// The passages sent before with the batch's client-made ids, with their
// alert: one probe each of checkpoint_passages_client, and of
// checkpoint_alerts_passage.
constexpr const char* kSentBefore =
    "SELECT p.recorded_by, p.client_id, p.checkpoint_id, p.direction, p.subject, p.id_number, "
    "p.plate, p.temperature_tenths, p.result, p.health_code, p.id, p.at, a.kind "
    "FROM checkpoint_passages p LEFT JOIN checkpoint_alerts a ON a.passage_id = p.id "
    "WHERE p.client_id IS NOT NULL AND p.client_id IN (";

// A passage already written under a client-made id: what was sent and the answer.
struct Sent {
  PassageInput input;
  PassageReceipt receipt;
};

// Whether a repeated send carries what the first one did.
bool SameContent(const PassageInput& a, const PassageInput& b) {
  return a.checkpoint_id == b.checkpoint_id && a.direction == b.direction &&
         a.subject == b.subject && a.id_number == b.id_number && a.plate == b.plate &&
         a.temperature_tenths == b.temperature_tenths && a.result == b.result &&
         a.health_code == b.health_code;
}

}  // namespace

Status CheckPassage(const PassageInput& in) {
  if (in.checkpoint_id <= 0) return InvalidArgument("checkpoint_id: must be a positive id");
  if (!OneOf(in.direction, {"in", "out"})) return InvalidArgument("direction: must be in or out");
  if (in.subject == "person") {
    if (auto id = ParseResidentId(in.id_number); !id) return id.error();
    if (!in.plate.empty()) return InvalidArgument("plate: only for a vehicle");
  } else if (in.subject == "vehicle") {
    if (Status s = CheckPlate(in.plate); !s) return s;
    if (!in.id_number.empty()) return InvalidArgument("id_number: only for a person");
  } else {
    return InvalidArgument("subject: must be person or vehicle");
  }
  if (in.temperature_tenths && (*in.temperature_tenths < 340 || *in.temperature_tenths > 430))
    return InvalidArgument("temperature: must be 34.0..43.0 °C");
  if (!OneOf(in.result, {"pass", "refused", "held"}))
    return InvalidArgument("result: must be pass, refused or held");
  if (!OneOf(in.health_code, {"green", "yellow", "red", "none"}))
    return InvalidArgument("health_code: must be green, yellow, red or none");
  if (!in.client_id.empty() && !ValidClientId(in.client_id)) return InvalidArgument(kClientIdRule);
  return Status::Ok();
}

PassageWriter::PassageWriter(store::Database& db, Clock clock)
    : db_(db), clock_(std::move(clock)), thread_([this] { Run(); }) {}

PassageWriter::~PassageWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_writer_.notify_one();
  thread_.join();
}

Result<PassageReceipt> PassageWriter::Record(const AccessContext& ctx, const PassageInput& input) {
  if (Status s = Require(ctx, Permission::kRecordVisits); !s) return s.error();
  if (Status s = CheckPassage(input); !s) return s.error();
  Pending pending{ctx, input};
  if (pending.input.subject == "person")
    pending.input.id_number = CanonicalResidentId(pending.input.id_number);
  std::unique_lock lock(mutex_);
  if (stopping_) return Error{ErrorCode::kUnavailable, "passages: the server is stopping"};
  queue_.push_back(&pending);
  wake_writer_.notify_one();
  pending.answered.wait(lock, [&] { return pending.answer.has_value(); });
  return std::move(*pending.answer);
}

void PassageWriter::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, nothing left
    std::deque<Pending*> batch;
    batch.swap(queue_);
    lock.unlock();
    auto answers = WriteBatch(batch);
    lock.lock();
    // Answered and woken under the mutex: a caller returns (and its Pending
    // goes) only after the writer has let go of it.
    for (size_t i = 0; i < batch.size(); ++i) {
      batch[i]->answer = std::move(answers[i]);
      batch[i]->answered.notify_one();
    }
  }
}

std::vector<Result<PassageReceipt>> PassageWriter::WriteBatch(const std::deque<Pending*>& batch) {
  std::vector<Result<PassageReceipt>> answers(batch.size(), Error{ErrorCode::kInternal, ""});
  // Every passage of the batch fails with `error` (nothing was committed).
  auto fail_all = [&](const Error& error) {
    for (auto& a : answers) a = error;
    return answers;
  };
  auto tx = db_.Begin();
  if (!tx) return fail_all(tx.error());
  const int64_t now = clock_();
  // The checkpoints and the people of the batch, two statements.
  std::set<int64_t> checkpoint_ids;
  std::set<std::string> id_numbers, client_ids;
  for (const Pending* p : batch) {
    checkpoint_ids.insert(p->input.checkpoint_id);
    if (!p->input.id_number.empty()) id_numbers.insert(p->input.id_number);
    if (!p->input.client_id.empty()) client_ids.insert(p->input.client_id);
  }
  store::Params values;
  for (int64_t id : checkpoint_ids) values.emplace_back(id);
  auto cps = store::RunBatched(*tx, "SELECT id, region_code FROM checkpoints WHERE id IN (", 0,
                               values, ")");
  if (!cps) return fail_all(cps.error());
  std::map<int64_t, std::string> regions;
  for (const auto& r : *cps) regions[r.Int(0)] = r.Text(1);
  std::map<std::string, Person> people;
  if (!id_numbers.empty()) {
    values.clear();
    for (const auto& n : id_numbers) values.emplace_back(n);
    auto rows = store::RunBatched(*tx, kPeopleOfBatch, 0, values, ")");
    if (!rows) return fail_all(rows.error());
    for (const auto& r : *rows) {
      auto [it, fresh] = people.try_emplace(r.Text(2));
      // An ID number registered twice (a conflict under review): a record
      // under quarantine or isolation wins, so that nobody passes unseen.
      if (fresh || (!r.IsNull(3) && !it->second.alert)) {
        it->second.id = r.Int(0);
        it->second.grid_code = r.Text(1);
        if (!r.IsNull(3)) it->second.alert = r.Text(3);
      }
    }
  }
  // Repeated sends (a phone that lost the answer sends again): those of
  // earlier batches from the database, those of this one as written below.
  std::map<std::pair<int64_t, std::string>, Sent> sent;
  if (!client_ids.empty()) {
    values.clear();
    for (const auto& c : client_ids) values.emplace_back(c);
    auto rows = store::RunBatched(*tx, kSentBefore, 0, values, ")");
    if (!rows) return fail_all(rows.error());
    for (const auto& r : *rows) {
      Sent was;
      was.input.checkpoint_id = r.Int(2);
      was.input.direction = r.Text(3);
      was.input.subject = r.Text(4);
      was.input.id_number = r.Text(5);
      was.input.plate = r.Text(6);
      if (!r.IsNull(7)) was.input.temperature_tenths = static_cast<int>(r.Int(7));
      was.input.result = r.Text(8);
      was.input.health_code = r.Text(9);
      was.receipt = {r.Int(10), r.Int(11)};
      if (!r.IsNull(12)) was.receipt.alert = r.Text(12);
      sent.emplace(std::pair{r.Int(0), r.Text(1)}, std::move(was));
    }
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    const Pending& p = *batch[i];
    const PassageInput& in = p.input;
    if (!in.client_id.empty()) {
      if (auto it = sent.find({p.ctx.user_id, in.client_id}); it != sent.end()) {
        if (SameContent(it->second.input, in)) {
          answers[i] = it->second.receipt;
          answers[i]->replayed = true;
        } else {
          answers[i] = Error{ErrorCode::kConflict,
                             "client_id: " + in.client_id +
                                 " was already sent with other content; a new passage needs a "
                                 "new id"};
        }
        continue;
      }
    }
    auto region = regions.find(in.checkpoint_id);
    if (region == regions.end() || !MayUseCheckpoint(p.ctx, region->second)) {
      answers[i] = Error{ErrorCode::kNotFound,
                         "checkpoint " + std::to_string(in.checkpoint_id) + " not found"};
      continue;
    }
    const Person* person = nullptr;
    if (auto it = people.find(in.id_number); !in.id_number.empty() && it != people.end())
      person = &it->second;
    const store::Value resident = person ? store::Value(person->id) : store::Value(nullptr);
    const store::Value temperature = in.temperature_tenths
                                         ? store::Value(int64_t{*in.temperature_tenths})
                                         : store::Value(nullptr);
    auto row = tx->QueryOne(
        "INSERT INTO checkpoint_passages (checkpoint_id, at, direction, subject, id_number, plate, "
        "resident_id, temperature_tenths, result, health_code, recorded_by, client_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {in.checkpoint_id, now, in.direction, in.subject, in.id_number, in.plate, resident,
         temperature, in.result, in.health_code, p.ctx.user_id,
         in.client_id.empty() ? store::Value(nullptr) : store::Value(in.client_id)});
    if (!row) return fail_all(row.error());
    PassageReceipt receipt{row->Int(0), now};
    if (person && person->alert) {
      auto alert = tx->Exec(
          "INSERT INTO checkpoint_alerts (passage_id, checkpoint_id, checkpoint_region, "
          "resident_id, grid_code, kind, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
          {receipt.id, in.checkpoint_id, region->second, person->id, person->grid_code,
           *person->alert, now});
      if (!alert) return fail_all(alert.error());
      receipt.alert = person->alert;
    }
    if (!in.client_id.empty())
      sent.emplace(std::pair{p.ctx.user_id, in.client_id}, Sent{in, receipt});
    answers[i] = receipt;
  }
  if (Status s = tx->Commit(); !s) return fail_all(s.error());
  return answers;
}

}  // namespace fk::ops
