// The printable quarantine notice (隔离医学观察告知书) handed to a household:
// a complete HTML page in Chinese, styled for A4 paper, with no script and
// no outside resource. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fk::ops {

struct NoticeFields {
  int64_t order_id = 0;
  std::string name;                  // in clear: the notice is the person's own
  std::string address;               // community, building, unit, room
  std::string grid;                  // the grid's name
  std::string start_date, end_date;  // YYYY-MM-DD; end: the day release is due
  int days = 14;
  bool at_home = true;
  std::string site, room;  // a site order
  std::string issued_on;   // YYYY-MM-DD
};

// Every field is HTML-escaped (& < > " '), so a name or address cannot add
// markup to the page.
std::string QuarantineNoticeHtml(const NoticeFields& fields);

// The text with & < > " ' replaced by their character references.
std::string EscapeHtml(std::string_view text);

}  // namespace fk::ops
