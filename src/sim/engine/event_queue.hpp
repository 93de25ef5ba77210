// Day-bucketed events: things scheduled for a later day (a test result, an
// isolation from a date, a release from quarantine). Events of a day come
// back in the order they were scheduled, which the engine's single-threaded
// policy stages make independent of the thread count. Memory is the events
// pending plus one bucket pointer per day up to the latest one scheduled.
#pragma once

#include <vector>

namespace fk::sim {

template <class Event>
class EventQueue {
 public:
  void Schedule(int day, const Event& event) {
    if (day < 0) day = 0;
    if (static_cast<size_t>(day) >= buckets_.size()) buckets_.resize(day + 1);
    buckets_[day].push_back(event);
    ++pending_;
  }

  // The events due on `day`, in the order scheduled; removes them.
  std::vector<Event> TakeDue(int day) {
    std::vector<Event> due;
    if (day >= 0 && static_cast<size_t>(day) < buckets_.size()) {
      due.swap(buckets_[day]);
      pending_ -= due.size();
    }
    return due;
  }

  size_t pending() const { return pending_; }

 private:
  std::vector<std::vector<Event>> buckets_;
  size_t pending_ = 0;
};

}  // namespace fk::sim
