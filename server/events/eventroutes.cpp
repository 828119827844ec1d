#include "eventroutes.h"

#include <QTimer>

#include "core/app/core.h"
#include "server/http/httpstream.h"
#include "server/http/router.h"

namespace pw::server {

namespace {

using nlohmann::json;

// A reconnecting client missing more than this gets a `reset` event and reloads instead.
constexpr int kReplayLimit = 1000;
// A comment line this often keeps proxies from closing a quiet stream and finds dead clients.
constexpr int kHeartbeatMs = 15000;

QByteArray sseEvent(const core::ChangeEvent &event)
{
    const json data = {
        {"sequence", event.sequence}, {"kind", std::string(core::changeKindName(event.kind))},
        {"action", event.action},     {"object_id", event.objectId},
        {"version", event.version},   {"actor_user_id", event.actorUserId}};
    return "id: " + QByteArray::number(event.sequence) +
           "\nevent: " + QByteArray::fromStdString(std::string(core::changeKindName(event.kind))) +
           "\ndata: " +
           QByteArray::fromStdString(data.dump(-1, ' ', false, json::error_handler_t::replace)) +
           "\n\n";
}

// Where the client left off: Last-Event-ID (a reconnecting EventSource) or ?after=; none means
// live events only.
core::Result<std::optional<int64_t>> resumePoint(const ApiRequest &req)
{
    QByteArray text = req.header("last-event-id");
    const char *field = "Last-Event-ID";
    if (text.isEmpty()) {
        if (auto after = req.queryValue("after")) {
            text = QByteArray::fromStdString(*after);
            field = "after";
        }
    }
    if (text.isEmpty())
        return std::optional<int64_t>();
    bool ok = false;
    const qint64 value = text.trimmed().toLongLong(&ok);
    if (!ok || value < 0)
        return core::fail(core::Error::invalid(
            std::string(field) + " must be an event id (a non-negative integer)", field));
    return std::optional<int64_t>(value);
}

ApiResponse streamEvents(core::Core &core, ApiRequest &req,
                         const std::function<void()> &beforeSubscribe)
{
    auto resume = resumePoint(req);
    if (!resume)
        return ApiResponse::error(resume.error());
    const core::Actor actor = req.requireActor();
    // Where the stream starts: after the client's last event, else after the newest event as the
    // request is read. Every visible event after it is sent, from the log or live.
    int64_t start = 0;
    if (*resume) {
        start = **resume;
    } else {
        auto latest = core.audit().latest(actor.spaceId);
        if (!latest)
            return ApiResponse::error(latest.error());
        start = *latest;
    }
    ApiResponse response;
    response.contentType = "text/event-stream; charset=utf-8";
    response.headers.emplace_back("X-Accel-Buffering", "no");
    response.stream = [&core, actor, start, beforeSubscribe](HttpStream &stream) {
        if (beforeSubscribe)
            beforeSubscribe();
        // The newest event sent (or skipped); live events at or below it were already replayed.
        auto last = std::make_shared<int64_t>(start);
        // Subscribe, then replay from the log what was committed after the start, then go live:
        // an event committed before the subscription is in the log, one committed after it
        // arrives live, and the sequence check drops what both deliver.
        // A stream is one long request: a token revoked (or expired) since it was opened ends
        // it at the next event or heartbeat, as it would end the holder's next request.
        auto admitted = [&core, actor, &stream] {
            if (!stream.isOpen())
                return false;
            if (core.access().tokenStillValid(actor.tokenId))
                return true;
            stream.send("event: revoked\ndata: {\"reason\": \"the token was revoked or has "
                        "expired\"}\n\n");
            stream.finish();
            return false;
        };
        QObject::connect(&core.notifier(), &core::ChangeNotifier::changed, &stream,
                         [&core, actor, last, &stream, admitted](const core::ChangeEvent &event) {
                             if (event.sequence <= *last)
                                 return;
                             *last = event.sequence;
                             if (core.canSee(actor, event) && admitted())
                                 stream.send(sseEvent(event));
                         });
        auto missed = core.audit().after(actor.spaceId, start, kReplayLimit + 1);
        if (!missed || missed->size() > static_cast<size_t>(kReplayLimit)) {
            // Too far behind (or the log cannot be read): start again from the newest event now,
            // read after subscribing, so what follows it still arrives live.
            stream.send("event: reset\ndata: {\"reason\": \"too many events missed; reload\"}\n\n");
            if (auto latest = core.audit().latest(actor.spaceId))
                *last = std::max(*last, *latest);
        } else {
            for (const core::AuditEvent &audit : *missed) {
                const core::ChangeEvent event = core::changeEventOf(audit);
                *last = std::max(*last, event.sequence);
                if (core.canSee(actor, event))
                    stream.send(sseEvent(event));
            }
        }
        stream.send(": live\n\n");
        auto *heartbeat = new QTimer(&stream);
        QObject::connect(heartbeat, &QTimer::timeout, &stream, [&stream, admitted] {
            if (admitted())
                stream.send(": heartbeat\n\n");
        });
        heartbeat->start(kHeartbeatMs);
    };
    return response;
}

} // namespace

void registerEventRoutes(Router &router, core::Core &core, EventRouteOptions options)
{
    auto face = std::make_shared<Face>(Face{
        .name = "events",
        .title = "Pipewright change events",
        .prefix = options.prefix,
        .space = Face::SpaceFrom::PathSlug,
        .paging = Face::Paging::None,
    });
    router.addFace(
        std::move(face),
        {Route{
            .method = "GET",
            .pattern = "/events",
            .operationId = "streamEvents",
            .summary = "The space's change events as server-sent events (id: sequence number; "
                       "resume with Last-Event-ID)",
            .tag = "Events",
            .query =
                {{.name = "after",
                  .description =
                      "Replay the events after this sequence number first (as Last-Event-ID does).",
                  .schema = {{"type", "integer"}, {"minimum", 0}}}},
            .responseSchema = {{"type", "string"},
                               {"description",
                                "text/event-stream: id, event (the kind), data (JSON)"}},
            .responseType = "text/event-stream",
            .handler = [&core, hook = std::move(options.beforeSubscribe)](
                           ApiRequest &req) { return streamEvents(core, req, hook); },
        }});
}

} // namespace pw::server
