#include "common.h"

#include "core/app/core.h"
#include "server/http/fieldreader.h"

namespace pw::server::dataflow {

namespace {

using core::KnownHostEntry;
using nlohmann::json;

json optional(const std::optional<std::string> &value)
{
    return value ? json(*value) : json();
}

json knownHostJson(const KnownHostEntry &e)
{
    const bool operatorFile = e.source == KnownHostEntry::Source::Operator;
    return {{"id", optional(e.id)},
            {"source", core::knownHostSourceName(e.source)},
            {"state", core::knownHostStateName(e.state)},
            {"host", operatorFile ? json() : json(e.host)},
            {"port", operatorFile ? json() : json(e.port)},
            {"hostPatterns", operatorFile ? json(e.hostPatterns) : json()},
            {"line", operatorFile ? json(e.line) : json()},
            {"keyType", e.keyType},
            {"fingerprint", e.fingerprint},
            {"repositoryId", optional(e.repositoryId)},
            {"seenAt", operatorFile ? json() : json(e.seenAt)},
            {"acceptedBy", optional(e.acceptedBy)},
            {"acceptedAt", optional(e.acceptedAt)}};
}

ApiResponse listKnownHosts(Context &ctx, ApiRequest &req)
{
    auto list = ctx.core.knownHosts().list(req.requireActor());
    if (!list)
        return fromError(list.error());
    json out = json::array();
    for (const KnownHostEntry &e : list->entries)
        out.push_back(knownHostJson(e));
    return ApiResponse::json(200, out);
}

ApiResponse acceptHostKey(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string host = in.requiredString("host");
    const std::optional<int64_t> port = in.optionalInteger("port");
    const std::string fingerprint = in.requiredString("fingerprint");
    if (!in.ok())
        return fromError(in.error());
    // Out of range stays out of range for core's check (never wrapped into a valid port).
    const int portNumber = !port ? 22 : (*port < 1 || *port > 65535) ? 0 : static_cast<int>(*port);
    auto accepted = ctx.core.knownHosts().accept(req.requireActor(), host, portNumber, fingerprint);
    if (!accepted)
        return fromError(accepted.error());
    return ApiResponse::json(200, knownHostJson(*accepted));
}

ApiResponse removeKnownHost(Context &ctx, ApiRequest &req)
{
    const std::string &id = req.param("known_host_id");
    if (auto ok = ctx.core.knownHosts().remove(req.requireActor(), id); !ok)
        return fromError(ok.error());
    return ApiResponse::json(200, {{"id", id}, {"deleted", true}});
}

} // namespace

std::vector<Route> knownHostRoutes(const ContextPtr &ctx)
{
    return {
        {.method = "GET",
         .pattern = "/git/known-hosts",
         .operationId = "listKnownHosts",
         .summary = "The SSH host keys the space trusts or met (pending), and the operator's",
         .tag = "Git",
         .responseSchema = {{"type", "array"}, {"items", schemaRef("KnownHost")}},
         .handler = bind(ctx, listKnownHosts)},
        {.method = "POST",
         .pattern = "/git/known-hosts/accept",
         .operationId = "acceptHostKey",
         .summary = "Trust a pending SSH host key: host, port and its exact fingerprint",
         .tag = "Git",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("AcceptHostKeyRequest"),
         .responseSchema = schemaRef("KnownHost"),
         .handler = bind(ctx, acceptHostKey)},
        {.method = "DELETE",
         .pattern = "/git/known-hosts/{known_host_id}",
         .operationId = "removeKnownHost",
         .summary = "Forget one of the space's SSH host keys, trusted or pending",
         .tag = "Git",
         .responseSchema = schemaRef("KnownHostDeleted"),
         .handler = bind(ctx, removeKnownHost)},
    };
}

} // namespace pw::server::dataflow
