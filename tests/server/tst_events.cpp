// The change-event stream over real HTTP: live events in commit order from every face, what a
// reconnecting client missed replayed from the audit log, nothing from objects the caller
// cannot see, and a stream that ends when its client leaves.
#include <QScopeGuard>
#include <QTest>

#include <latch>

#include <future>
#include <sstream>
#include <thread>

#include "server/events/eventroutes.h"
#include "support/fixtures.h"
#include "support/serverthread.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::expectOk;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::RawConnection;

namespace {

struct Sse
{
    int64_t id = 0;
    std::string event;
    json data;
};

std::vector<Sse> parseEvents(const std::string &text)
{
    std::vector<Sse> out;
    size_t pos = 0;
    while (true) {
        const size_t end = text.find("\n\n", pos);
        if (end == std::string::npos)
            break;
        const std::string block = text.substr(pos, end - pos);
        pos = end + 2;
        if (block.starts_with(":"))
            continue;
        Sse e;
        std::istringstream lines(block);
        std::string line;
        while (std::getline(lines, line)) {
            if (line.starts_with("id: "))
                e.id = std::stoll(line.substr(4));
            else if (line.starts_with("event: "))
                e.event = line.substr(7);
            else if (line.starts_with("data: "))
                e.data = json::parse(line.substr(6), nullptr, false);
        }
        out.push_back(std::move(e));
    }
    return out;
}

std::string openStream(RawConnection &c, const std::string &token, const std::string &extra = {})
{
    c.send("GET " + Fixture::base().substr(0, Fixture::base().find("/pipeline-authoring")) +
           "/events HTTP/1.1\r\nHost: x\r\n"
           "Authorization: Bearer " +
           token + "\r\n" + extra + "\r\n");
    const HttpResult head = c.readResponseHead(5000);
    if (head.status != 200)
        return "status " + std::to_string(head.status);
    return head.header("content-type");
}

} // namespace

class tst_Events : public QObject
{
    Q_OBJECT

private slots:
    void liveEventsFromEveryFaceInCommitOrder()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Admin, "ada");
        RawConnection stream(f.port());
        QCOMPARE(openStream(stream, token), std::string("text/event-stream; charset=utf-8"));
        QVERIFY(stream.readStreamUntil(": live").find(": live") != std::string::npos);
        // One change through the API, one through core (the window's way), from another thread.
        HttpClient http(f.port(), token);
        const HttpResult created =
            http.post(Fixture::base() + "/workspaces", json{{"name", "Streamed"}});
        QCOMPARE(created.status, 201);
        std::thread window([&] {
            GraphEdit edit;
            edit.addNodes = {Node{}};
            edit.addNodes[0].id = "streamed";
            edit.addNodes[0].type = "empty";
            QVERIFY(f.core()
                        .definitions()
                        .editGraph(f.local(), f.demoDefinitionId(), edit, "")
                        .has_value());
        });
        window.join();
        const auto events = parseEvents(stream.readStreamUntil("definition.graph_edited"));
        QCOMPARE(events.size(), size_t(2));
        QCOMPARE(events[0].event, std::string("workspace"));
        QCOMPARE(events[0].data["action"], json("workspace.created"));
        QCOMPARE(events[0].data["object_id"], created.json()["id"]);
        QCOMPARE(events[1].event, std::string("definition"));
        QCOMPARE(events[1].data["version"], json(2));
        QVERIFY(events[0].id < events[1].id);
        QCOMPARE(events[1].data["sequence"], json(events[1].id));
    }

    void reconnectingClientGetsWhatItMissed()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Admin, "ada");
        HttpClient http(f.port(), token);
        const std::string def = Fixture::base() + "/definitions/" + f.demoDefinitionId();
        int64_t lastSeen = 0;
        {
            RawConnection first(f.port());
            openStream(first, token);
            first.readStreamUntil(": live");
            QCOMPARE(http.patch(def, json{{"description", "one"}}).status, 200);
            const auto events = parseEvents(first.readStreamUntil("definition.updated"));
            QCOMPARE(events.size(), size_t(1));
            lastSeen = events[0].id;
        }
        // Gone while three more changes happen.
        for (const char *text : {"two", "three", "four"})
            QCOMPARE(http.patch(def, json{{"description", text}}).status, 200);
        RawConnection again(f.port());
        openStream(again, token, "Last-Event-ID: " + std::to_string(lastSeen) + "\r\n");
        const std::string text = again.readStreamUntil(": live");
        const auto missed = parseEvents(text);
        QCOMPARE(missed.size(), size_t(3));
        for (size_t i = 0; i < missed.size(); ++i) {
            QVERIFY(missed[i].id > lastSeen);
            QCOMPARE(missed[i].data["version"], json(3 + static_cast<int>(i)));
        }
        // Then live, without repeating what was replayed.
        QCOMPARE(http.patch(def, json{{"description", "five"}}).status, 200);
        const auto all = parseEvents(again.readStreamUntil("\"version\":6"));
        QCOMPARE(all.size(), size_t(4));
        QCOMPARE(all.back().data["version"], json(6));
        // ?after= does the same for clients that cannot set headers; a bad id is a 400.
        RawConnection byQuery(f.port());
        byQuery.send("GET /api/v1.0/spaces/default/events?after=" + std::to_string(lastSeen) +
                     " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
        QCOMPARE(byQuery.readResponseHead(5000).status, 200);
        QCOMPARE(parseEvents(byQuery.readStreamUntil(": live")).size(), size_t(4));
        QCOMPARE(http.request("GET", "/api/v1.0/spaces/default/events", {},
                              {{"Last-Event-ID", "yesterday"}})
                     .status,
                 400);
    }

    void aReplayIsReadOffTheServerThreadAndLiveEventsWaitForIt()
    {
        // Reading and checking up to 1,000 missed events takes up to half a second: it runs on a
        // job thread. With every job thread busy the stream waits for its replay, the server
        // answers others meanwhile, and a change made meanwhile comes after the replay, once.
        Fixture f(true);
        const std::string token = f.token(Role::Admin, "ada");
        HttpClient http(f.port(), token);
        const std::string def = Fixture::base() + "/definitions/" + f.demoDefinitionId();
        QCOMPARE(http.patch(def, json{{"description", "missed"}}).status, 200);
        const int64_t before = expectOk(f.core().audit().latest(f.local().spaceId), "latest") - 1;
        std::latch release(1);
        auto letGo = qScopeGuard([&release] { release.count_down(); }); // also when a check fails
        QVERIFY(pw::test::occupyJobThreads(f, release, pw::test::Lanes::Requests));
        RawConnection stream(f.port());
        openStream(stream, token, "Last-Event-ID: " + std::to_string(before) + "\r\n");
        QCOMPARE(http.get("/api/health").status, 200);
        // A change made meanwhile (in the window: a definition's PATCH now also waits for a
        // request thread).
        pw::core::DefinitionPatch patch;
        patch.description = "live";
        QVERIFY(f.core().definitions().update(f.local(), f.demoDefinitionId(), patch));
        QVERIFY(stream.readStreamUntil(": live", 300).find(": live") == std::string::npos);
        letGo.dismiss();
        release.count_down();
        const auto events = parseEvents(stream.readStreamUntil("\"version\":3"));
        QCOMPARE(events.size(), size_t(2));
        QCOMPARE(events[0].data["version"], json(2)); // the replayed one first
        QCOMPARE(events[1].data["version"], json(3)); // then the one held meanwhile
        QVERIFY(events[0].id < events[1].id);
    }

    void anEventBetweenStartAndSubscriptionIsDelivered()
    {
        // A stream reads where it starts, then subscribes. A change committed between the two was
        // lost (neither in the log read nor delivered live); now it is replayed from the log. The
        // hook commits one at exactly that moment.
        Fixture f;
        const std::string token = f.token(Role::Admin, "ada");
        const Actor local = f.local();
        std::promise<std::string> between;
        std::atomic<bool> hooked = false;
        pw::test::ServerThread server(f.core(), {}, [&](pw::server::Router &router) {
            pw::server::registerEventRoutes(
                router, f.core(),
                {.prefix = "/api/hooked/spaces/{space_slug}", .beforeSubscribe = [&] {
                     if (hooked.exchange(true))
                         return;
                     WorkspaceCreate create;
                     create.name = "Between";
                     auto created = f.core().workspaces().create(local, create);
                     between.set_value(created ? created->workspace->id : std::string());
                 }});
        });
        RawConnection stream(server.port());
        QVERIFY(stream.send("GET /api/hooked/spaces/default/events HTTP/1.1\r\nHost: x\r\n"
                            "Authorization: Bearer " +
                            token + "\r\n\r\n"));
        QCOMPARE(stream.readResponseHead(5000).status, 200);
        std::future<std::string> committed = between.get_future();
        QVERIFY(committed.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
        const std::string id = committed.get();
        QVERIFY(!id.empty());
        const std::string text = stream.readStreamUntil(": live", 5000);
        auto events = parseEvents(text);
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0].data["action"], json("workspace.created"));
        QCOMPARE(events[0].data["object_id"], json(id));
        // Live events follow, the one in between not repeated.
        WorkspaceCreate after;
        after.name = "After";
        auto later = f.core().workspaces().create(local, after);
        QVERIFY(later.has_value());
        events = parseEvents(stream.readStreamUntil(later->workspace->id, 5000));
        QCOMPARE(events.size(), size_t(2));
        QCOMPARE(events[1].data["object_id"], json(later->workspace->id));
        QVERIFY(events[0].id < events[1].id);
    }

    void eventsOfInvisibleObjectsAreNotSent()
    {
        Fixture f(true);
        const std::string viewerToken = f.token(Role::Viewer, "vic");
        const Actor editor = f.actor(Role::Editor, "erin");
        RawConnection stream(f.port());
        openStream(stream, viewerToken);
        stream.readStreamUntil(": live");
        WorkspaceCreate privateOne;
        privateOne.name = "Erin's secret";
        privateOne.visibility = Visibility::Private;
        QVERIFY(f.core().workspaces().create(editor, privateOne).has_value());
        WorkspaceCreate shared;
        shared.name = "Everyone's";
        shared.visibility = Visibility::Shared;
        auto visible = f.core().workspaces().create(editor, shared);
        QVERIFY(visible.has_value());
        const auto events = parseEvents(stream.readStreamUntil(visible->workspace->id));
        QCOMPARE(events.size(), size_t(1));
        QCOMPARE(events[0].data["object_id"], json(visible->workspace->id));
        // A member of another space cannot open this space's stream at all.
        QVERIFY(f.core().access().createSpace("other", "Other").has_value());
        HttpClient stranger(f.port(), f.token(Role::Admin, "olga", "other"));
        QCOMPARE(stranger.get("/api/v1.0/spaces/default/events").status, 404);
    }

    void aRevokedTokensStreamEndsAtItsNextEvent()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Viewer, "vic");
        const Actor editor = f.actor(Role::Editor, "erin");
        RawConnection stream(f.port());
        QCOMPARE(openStream(stream, token), std::string("text/event-stream; charset=utf-8"));
        stream.readStreamUntil(": live");
        // The holder revokes it (from another client, as a leaked token's owner would).
        const Principal holder = expectOk(f.core().access().authenticate(token), "authenticate");
        expectOk(f.core().access().revokeOwnToken(holder, holder.tokenId), "revoke");
        WorkspaceCreate shared;
        shared.name = "After the revoke";
        shared.visibility = Visibility::Shared;
        auto created = f.core().workspaces().create(editor, shared);
        QVERIFY(created.has_value());
        const std::string text = stream.readStreamUntil("event: revoked");
        QVERIFY2(text.find("event: revoked") != std::string::npos, text.c_str());
        QVERIFY2(text.find(created->workspace->id) == std::string::npos, text.c_str());
        // The answer ends; the token opens nothing more.
        QVERIFY(stream.readStreamUntil("never", 2000).find("never") == std::string::npos);
        RawConnection again(f.port());
        QCOMPARE(openStream(again, token), std::string("status 401"));
    }

    void aStreamEndsWithItsClient()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Admin, "ada");
        {
            RawConnection stream(f.port());
            openStream(stream, token);
            stream.readStreamUntil(": live");
        }
        // The server notices the client left and lets go of the stream; later changes still work.
        HttpClient http(f.port(), token);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(http.patch(Fixture::base() + "/definitions/" + f.demoDefinitionId(),
                                json{{"description", "after " + std::to_string(i)}})
                         .status,
                     200);
        QCOMPARE(http.get(Fixture::base() + "/workspaces").status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_Events)
#include "tst_events.moc"
