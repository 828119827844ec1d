#include "eventroutes.h"

#include <QTimer>

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

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

// What a stream's replay found: the events to send, the newest sequence read, or a reset.
struct Replay
{
    std::vector<QByteArray> chunks;
    int64_t newest = 0;
    bool reset = false;
};

// Receives a replay read on a job thread, on the stream's (server) thread. A child of the
// stream: when it goes, its mailbox is closed under the mailbox's lock, so a job that finishes
// later posts nothing (and Qt drops a call queued to it before it went).
class ReplayReceiver : public QObject
{
public:
    struct Mailbox
    {
        std::mutex mutex;
        ReplayReceiver *receiver = nullptr;
        void post(Replay replay)
        {
            std::lock_guard lock(mutex);
            if (!receiver)
                return;
            ReplayReceiver *to = receiver;
            QMetaObject::invokeMethod(
                to,
                [to, replay = std::move(replay)]() mutable { to->m_handler(std::move(replay)); },
                Qt::QueuedConnection);
        }
    };

    explicit ReplayReceiver(QObject *parent)
        : QObject(parent), m_mailbox(std::make_shared<Mailbox>())
    {
        m_mailbox->receiver = this;
    }
    ~ReplayReceiver() override
    {
        std::lock_guard lock(m_mailbox->mutex);
        m_mailbox->receiver = nullptr;
    }
    std::shared_ptr<Mailbox> mailbox() const { return m_mailbox; }
    void setHandler(std::function<void(Replay)> handler) { m_handler = std::move(handler); }

private:
    std::shared_ptr<Mailbox> m_mailbox;
    std::function<void(Replay)> m_handler;
};

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
        // Live events wait here while the missed ones are read (off this thread).
        auto held = std::make_shared<std::optional<std::vector<core::ChangeEvent>>>(
            std::vector<core::ChangeEvent>());
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
        auto deliver = [&core, actor, last, &stream, admitted](const core::ChangeEvent &event) {
            if (event.sequence <= *last)
                return;
            *last = event.sequence;
            if (core.canSee(actor, event) && admitted())
                stream.send(sseEvent(event));
        };
        // Subscribe, then replay from the log what was committed after the start, then go live:
        // an event committed before the subscription is in the log, one committed after it
        // arrives live (held until the replay is sent), and the sequence check drops what both
        // deliver.
        QObject::connect(&core.notifier(), &core::ChangeNotifier::changed, &stream,
                         [held, deliver](const core::ChangeEvent &event) {
                             if (*held)
                                 (*held)->push_back(event);
                             else
                                 deliver(event);
                         });
        // Reading up to kReplayLimit events and checking each for the reader takes up to half a
        // second: on a job thread. What it found comes back through a mailbox the stream's
        // receiver clears when it goes, so nothing is posted to a stream that has gone.
        auto *receiver = new ReplayReceiver(&stream);
        auto mailbox = receiver->mailbox();
        auto finishReplay = [last, held, deliver, admitted, &stream](Replay replay) {
            if (!admitted()) // revoked while the replay waited for a job thread
                return;
            if (replay.reset)
                stream.send("event: reset\ndata: {\"reason\": \"too many events missed; "
                            "reload\"}\n\n");
            for (const QByteArray &chunk : replay.chunks)
                stream.send(chunk);
            *last = std::max(*last, replay.newest);
            std::vector<core::ChangeEvent> waiting = std::move(**held);
            held->reset();
            for (const core::ChangeEvent &event : waiting)
                deliver(event);
            stream.send(": live\n\n");
            auto *heartbeat = new QTimer(&stream);
            QObject::connect(heartbeat, &QTimer::timeout, &stream, [&stream, admitted] {
                if (admitted())
                    stream.send(": heartbeat\n\n");
            });
            heartbeat->start(kHeartbeatMs);
        };
        receiver->setHandler(finishReplay);
        auto read = [&core, actor, start] {
            Replay replay;
            replay.newest = start;
            auto missed = core.audit().after(actor.spaceId, start, kReplayLimit + 1);
            if (!missed || missed->size() > static_cast<size_t>(kReplayLimit)) {
                // Too far behind (or the log cannot be read): start again from the newest event,
                // read after subscribing, so what follows it still arrives live.
                replay.reset = true;
                if (auto latest = core.audit().latest(actor.spaceId))
                    replay.newest = std::max(replay.newest, *latest);
                return replay;
            }
            for (const core::AuditEvent &audit : *missed) {
                const core::ChangeEvent event = core::changeEventOf(audit);
                replay.newest = std::max(replay.newest, event.sequence);
                if (core.canSee(actor, event))
                    replay.chunks.push_back(sseEvent(event));
            }
            return replay;
        };
        auto job = core.jobs().runTransient(
            actor, [read, mailbox](core::JobContext &) { mailbox->post(read()); },
            core::JobLane::Requests);
        if (!job) {
            // The caller's requests fill its places on the request threads: no replay read here
            // (it would hold the server thread), a reset instead, from the newest event.
            Replay replay;
            replay.reset = true;
            replay.newest = start;
            if (auto latest = core.audit().latest(actor.spaceId))
                replay.newest = std::max(replay.newest, *latest);
            finishReplay(std::move(replay));
        }
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
