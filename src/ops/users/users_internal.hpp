// Pieces shared by users.cpp (login, sessions) and accounts.cpp (account
// changes, approvals); not part of the service's interface. Pure functions.
#pragma once

#include <string>
#include <string_view>

#include "ops/users/users.hpp"

namespace fk::ops {

// The PostgreSQL channel on which changes to sessions are announced:
// payload "t:<token hash>:<mark>" (one session ended) or "u:<user id>:<mark>"
// (a user's sessions ended or their rights changed); <mark> names the
// sending process and the announcement (UserService::Settle).
inline constexpr std::string_view kSessionChannel = "fk_sessions";

// The columns UserOf reads, in its order; append "FROM users ...".
inline constexpr std::string_view kUserColumns =
    "SELECT id, username, display_name, role, scope, active, must_change_password";
User UserOf(const store::Row& row);

// Announces `payload` to the other processes (PostgreSQL; nothing on
// SQLite), delivered when `tx` commits; the calling thread's next Settle
// waits for it.
Status NotifySessions(store::Transaction& tx, const std::string& payload);

}  // namespace fk::ops
