// Pieces shared by users.cpp (login, sessions) and accounts.cpp (account
// changes, approvals); not part of the service's interface. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "ops/users/users.hpp"

namespace fk::ops {

// The PostgreSQL channel on which the processes sharing a database talk
// about sessions (suffixed with the schema's name, see users.cpp):
// - a change, sent in the transaction that makes it: "t:<token hash>:<seq>"
//   (one session ended) or "u:<user id>:<seq>" (a user's sessions ended or
//   their rights changed), where <seq> is "<sender's mark>-<n>";
// - "ack:<seq>:<mark>": process <mark> has forgotten what the change ends;
// - "hello:<mark>" (a listener (re)connected), "here:<mark>" (the answer
//   of those already there), "bye:<mark>" (a process stopping).
// See UserService::Settle.
inline constexpr std::string_view kSessionChannel = "fk_sessions";

// The columns UserOf reads, in its order; append "FROM users ...".
inline constexpr std::string_view kUserColumns =
    "SELECT id, username, display_name, role, scope, active, must_change_password";
User UserOf(const store::Row& row);

}  // namespace fk::ops
