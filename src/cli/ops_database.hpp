// Opening the operations database for a command: connect with one
// connection and bring the schema up to date. On failure the reason is
// printed to stderr as "fangkong: ..." and null is returned, so the command
// only has to exit with 1.
#pragma once

#include <memory>
#include <string>

#include "store/database.hpp"

namespace fk::cli {

std::unique_ptr<store::Database> OpenOpsDatabase(const std::string& url);

}  // namespace fk::cli
