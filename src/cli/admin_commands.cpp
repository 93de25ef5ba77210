// `fangkong admin create` and `fangkong admin reset-password`: the operator's
// way into a database (the root of trust). They act on the database
// directly, as the system (user 0, audited from "cli"), need no approval,
// and print a one-time password that must be changed at first login.
#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "cli/ops_database.hpp"
#include "ops/users/users.hpp"
#include "store/database.hpp"

namespace fk::cli {
namespace {

struct AdminFlags {
  std::string db;
  std::string username;
  std::string role;
  std::string scope;
  std::string display_name;
};

// The migrated database and a users service over it, or exit code 1.
struct Opened {
  std::unique_ptr<store::Database> db;
  std::unique_ptr<ops::UserService> users;
};
std::optional<Opened> Open(const std::string& url) {
  auto db = OpenOpsDatabase(url);
  if (!db) return std::nullopt;
  ops::UserOptions options;
  options.hash_threads = 1;
  Opened out{std::move(db), nullptr};
  out.users = std::make_unique<ops::UserService>(*out.db, ops::SystemClock(), options);
  return out;
}

void PrintPassword(const std::string& username, const std::string& password) {
  std::printf(
      "One-time password for %s: %s\n"
      "Give it to its user in person; it works for one login, in which it must be changed\n"
      "(POST /api/v1/auth/password). It is not stored and is not shown again.\n",
      username.c_str(), password.c_str());
}

int Create(const AdminFlags& f) {
  auto role = ops::ParseRole(f.role);
  if (!role) {
    std::fprintf(stderr, "fangkong: --role: unknown role '%s'\n", f.role.c_str());
    return 2;
  }
  auto opened = Open(f.db);
  if (!opened) return 1;
  const std::string password = ops::OneTimePassword();
  auto user = opened->users->CreateBySystem(
      {f.username, f.display_name.empty() ? f.username : f.display_name, *role, f.scope}, password,
      true, "cli");
  if (!user.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", user.error().message.c_str());
    return 1;
  }
  std::printf("Created user %s (id %lld): role %s, scope %s\n", user->username.c_str(),
              static_cast<long long>(user->id), f.role.c_str(),
              f.scope.empty() ? "(the whole tree)" : f.scope.c_str());
  PrintPassword(user->username, password);
  return 0;
}

int ResetPassword(const AdminFlags& f) {
  auto opened = Open(f.db);
  if (!opened) return 1;
  auto password = opened->users->ResetPasswordBySystem(f.username, "cli");
  if (!password.ok()) {
    std::fprintf(stderr, "fangkong: %s\n", password.error().message.c_str());
    return 1;
  }
  std::printf("Reset the password of %s; every session of theirs has ended.\n", f.username.c_str());
  PrintPassword(f.username, *password);
  return 0;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, int& exit_code) {
  auto* admin = app.add_subcommand(
      "admin", "The operator's accounts: the first administrator, a forgotten password");
  admin->require_subcommand(1);

  static AdminFlags create_flags;
  auto* create = admin->add_subcommand(
      "create",
      "Create an account of any role and scope (no approval needed: the operator is the root of "
      "trust); prints a one-time password that must be changed at first login");
  create->add_option("--db", create_flags.db, "SQLite file path or postgresql://...")->required();
  create->add_option("--username", create_flags.username, "3 to 64 of A-Z a-z 0-9 _ . -")
      ->required();
  create
      ->add_option("--role", create_flags.role,
                   "administrator, command_centre, district_officer, street_officer, "
                   "community_officer, grid_worker, medical_staff, supply_officer, volunteer")
      ->required();
  create
      ->add_option("--scope", create_flags.scope,
                   "region code of the account's subtree ('' for the whole tree)")
      ->required();
  create->add_option("--display-name", create_flags.display_name, "name shown (default: username)");
  create->callback([&exit_code] { exit_code = Create(create_flags); });

  static AdminFlags reset_flags;
  auto* reset = admin->add_subcommand(
      "reset-password",
      "Give an account a new one-time password (ends its sessions; must be changed at login)");
  reset->add_option("--db", reset_flags.db, "SQLite file path or postgresql://...")->required();
  reset->add_option("--username", reset_flags.username, "the account")->required();
  reset->callback([&exit_code] { exit_code = ResetPassword(reset_flags); });
}

}  // namespace fk::cli
