#include "api/endpoints/ops_access.hpp"

#include <cctype>
#include <charconv>
#include <cstdio>
#include <memory>
#include <utility>

#include "ops/audit/audit_deferral.hpp"

namespace fk::api {

std::optional<ops::Permission> ParsePermission(std::string_view name) {
  return ops::ParsePermissionKey(name);
}

std::vector<std::string_view> PermissionNames(ops::Role role) {
  std::vector<std::string_view> out;
  for (int i = 0; i < ops::kPermissionCount; ++i) {
    const auto permission = static_cast<ops::Permission>(i);
    if (ops::HasPermission(role, permission)) out.push_back(ops::PermissionKey(permission));
  }
  return out;
}

Result<Principal> OpsAccessPolicy::Authenticate(std::string_view token,
                                                std::string_view client_address) {
  auto ctx = users_.Authenticate(token, client_address);
  if (!ctx.ok()) {
    if (ctx.error().internal_text) {
      std::fprintf(stderr, "fangkong: a session could not be checked: %s\n",
                   ctx.error().message.c_str());
    }
    return ctx.error();
  }
  return Principal{ctx->user_id,
                   "",
                   std::string(ops::RoleName(ctx->role)),
                   ctx->scope,
                   std::string(token),
                   ctx->password_change_required};
}

bool OpsAccessPolicy::RoleHas(std::string_view role, std::string_view permission) const {
  auto parsed_role = ops::ParseRole(role);
  if (!parsed_role) return false;
  if (permission == kAuthenticated) return true;
  auto parsed = ParsePermission(permission);
  return parsed && ops::HasPermission(*parsed_role, *parsed);
}

bool OpsAccessPolicy::InScope(const Principal& principal, std::string_view region_code) const {
  return ops::InScope(principal.scope_region, region_code);
}

void OpsAccessPolicy::RecordDenied(const DeniedRequest& denied) {
  auto record = denials_.Admit(denied);
  if (!record) return;
  ops::AccessContext who;
  who.client_address = std::string(denied.client_address);
  if (denied.principal) {
    who.user_id = denied.principal->user_id;
    who.role = ops::ParseRole(denied.principal->role).value_or(ops::Role::kVolunteer);
    who.scope = denied.principal->scope_region;
  }
  // Its own deferral, owned by nobody: the answer does not wait for the
  // record, and the request's own deferral (HoldUntilAudited) does not
  // fail when this record does.
  auto detached = std::make_shared<ops::AuditDeferral>();
  Status queued;
  {
    ops::ScopedAuditDeferral scope(detached);
    queued = audit_.Record(who, clock_(), "denied", "request", record->entity_id, record->detail);
  }
  auto report = [](const Status& written) {
    if (!written) {
      std::fprintf(stderr, "fangkong: a denied request was not recorded: %s\n",
                   written.error().message.c_str());
    }
  };
  if (!queued) return report(queued);
  detached->WhenCommitted(report);
}

ops::AccessContext Actor(const RequestContext& context) {
  const Principal& p = context.principal.value();
  return {p.user_id, ops::ParseRole(p.role).value_or(ops::Role::kVolunteer), p.scope_region,
          context.request.client_address};
}

HttpResponse ErrorResponse(const Error& error) {
  if (error.internal_text) {
    std::fprintf(stderr, "fangkong: database error answered as \"%s\": %s\n",
                 std::string(PublicMessage(error)).c_str(), error.message.c_str());
    switch (error.code) {
      case ErrorCode::kInvalidArgument:
        return JsonError(400, "invalid_argument", PublicMessage(error));
      case ErrorCode::kConflict:
        return JsonError(409, "conflict", PublicMessage(error));
      case ErrorCode::kResourceExhausted:
        return JsonError(503, "busy", PublicMessage(error));
      case ErrorCode::kUnavailable:
        return JsonError(503, "unavailable", PublicMessage(error));
      default:
        return JsonError(500, "internal", "internal error");
    }
  }
  std::string field;
  const std::size_t colon = error.message.find(": ");
  if (colon != std::string::npos && colon > 0) {
    field = error.message.substr(0, colon);
    for (char c : field) {
      // A name or a path into the body, as the body checks give it ("items[2].duty").
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '[' || c == ']' ||
            c == '.')) {
        field.clear();
        break;
      }
    }
  }
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
      return JsonError(400, "invalid_argument", error.message, field);
    case ErrorCode::kNotFound:
      return JsonError(404, "not_found", error.message, field);
    case ErrorCode::kConflict:
      return JsonError(409, "conflict", error.message, field);
    case ErrorCode::kPermissionDenied:
      return JsonError(403, "forbidden", error.message, field);
    case ErrorCode::kResourceExhausted:
      return JsonError(503, "busy", error.message);
    case ErrorCode::kUnavailable:
      return JsonError(503, "unavailable", error.message);
    case ErrorCode::kIo:
    case ErrorCode::kInternal:
      break;
  }
  return JsonError(500, "internal", "internal error");
}

Result<std::int64_t> IntParam(const RequestContext& context, const std::string& name) {
  const std::string& text = context.Param(name);
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) {
    return Error{ErrorCode::kInvalidArgument, name + ": must be a positive integer"};
  }
  return value;
}

}  // namespace fk::api

namespace fk::api {

std::int64_t QueryInt(const RequestContext& context, const std::string& name,
                      std::int64_t fallback) {
  const std::string text = context.Query(name);
  std::int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) return fallback;
  return value;
}

bool QueryBool(const RequestContext& context, const std::string& name) {
  const std::string text = context.Query(name);
  return text == "1" || text == "true";
}

Result<ops::ImportMode> QueryImportMode(const RequestContext& context) {
  const std::string mode = context.Query("mode", "all_or_nothing");
  if (mode == "all_or_nothing") return ops::ImportMode::kAllOrNothing;
  if (mode == "valid_rows") return ops::ImportMode::kValidRows;
  return Error{ErrorCode::kInvalidArgument, "mode: must be all_or_nothing or valid_rows"};
}

}  // namespace fk::api
