// The code version of this build, stored with results that are scored later
// (a forecast against what happened): "0.1.0+g<commit>" with the commit
// checked out when the build ran ("-dirty" appended when tracked files had
// changes), or "0.1.0" outside a git checkout. Constant; share freely.
#pragma once

#include <string_view>

namespace fk {

std::string_view CodeVersion();

}  // namespace fk
