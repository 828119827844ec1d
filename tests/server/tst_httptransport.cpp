// The HTTP transport's limits over real loopback sockets: timeouts, the connection cap, the
// body budget, pipelining and back-pressure, and the catch at dispatch. The server runs on its
// own thread with short limits so the timeouts can be seen in a test.
#include <QTest>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/http/apiserver.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::server::ApiRequest;
using pw::server::ApiResponse;
using pw::server::ApiServer;
using pw::server::Deferred;
using pw::server::HttpLimits;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::RawConnection;

namespace {

// The API server on a thread of its own, with the limits a case needs and, optionally, extra
// routes (a handler that throws).
class ServerThread
{
public:
    ServerThread(pw::core::Core &core, HttpLimits limits,
                 const std::function<void(pw::server::Router &)> &extra = {})
    {
        m_thread.start();
        m_server = new ApiServer(core, limits);
        if (extra)
            extra(m_server->router());
        m_server->moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            m_server, [&] { m_port = m_server->listen(QHostAddress(QHostAddress::LocalHost), 0); },
            Qt::BlockingQueuedConnection);
    }
    ~ServerThread()
    {
        // Destroyed in its own thread, at the latest when the thread finishes.
        m_server->deleteLater();
        m_thread.quit();
        m_thread.wait();
    }
    uint16_t port() const { return m_port; }
    int connections()
    {
        int n = 0;
        QMetaObject::invokeMethod(
            m_server, [&] { n = m_server->connectionCount(); }, Qt::BlockingQueuedConnection);
        return n;
    }

private:
    QThread m_thread;
    ApiServer *m_server = nullptr;
    uint16_t m_port = 0;
};

std::string get(const std::string &path, const std::string &token)
{
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n";
}

// Routes a case adds under /api/test (no space, a bearer token like every other route).
void addTestRoutes(pw::server::Router &router, std::vector<pw::server::Route> routes)
{
    auto face = std::make_shared<pw::server::Face>(pw::server::Face{
        .name = "test", .prefix = "/api/test", .space = pw::server::Face::SpaceFrom::None});
    router.addFace(face, std::move(routes));
}

// The deferred answers a test route started, handed to the test thread, and how many of them
// were cancelled.
struct DeferredLog
{
    std::mutex mutex;
    std::condition_variable changed;
    std::vector<Deferred> started;
    std::atomic<int> cancels = 0;

    void add(const Deferred &deferred)
    {
        deferred.onCancel([this] { ++cancels; });
        std::lock_guard lock(mutex);
        started.push_back(deferred);
        changed.notify_all();
    }
    // The n-th deferred answer started (from 1), once it has.
    std::optional<Deferred> waitFor(size_t n)
    {
        std::unique_lock lock(mutex);
        if (!changed.wait_for(lock, std::chrono::seconds(10), [&] { return started.size() >= n; }))
            return std::nullopt;
        return started[n - 1];
    }
};

// GET /api/test/slow answers later (whoever completes the Deferred the log holds); GET
// /api/test/health answers at once.
std::function<void(pw::server::Router &)> slowRoutes(const std::shared_ptr<DeferredLog> &log,
                                                     int timeoutMs = 0)
{
    return [log, timeoutMs](pw::server::Router &router) {
        addTestRoutes(
            router,
            {pw::server::Route{.method = "GET",
                               .pattern = "/slow",
                               .operationId = "testSlow",
                               .handler =
                                   [log, timeoutMs](ApiRequest &) {
                                       return ApiResponse::deferred(
                                           [log](Deferred d) { log->add(d); }, timeoutMs);
                                   }},
             pw::server::Route{.method = "GET",
                               .pattern = "/health",
                               .operationId = "testHealth",
                               .handler =
                                   [](ApiRequest &) {
                                       return ApiResponse::json(200, json{{"ok", true}});
                                   }},
             pw::server::Route{.method = "GET",
                               .pattern = "/instant",
                               .operationId = "testInstant",
                               .handler =
                                   [](ApiRequest &) {
                                       return ApiResponse::deferred([](Deferred d) {
                                           d.complete(ApiResponse::json(200, json{{"at", "once"}}));
                                       });
                                   }},
             pw::server::Route{.method = "GET",
                               .pattern = "/slowthrows",
                               .operationId = "testSlowThrows",
                               .handler = [](ApiRequest &) {
                                   return ApiResponse::deferred([](Deferred) {
                                       throw std::runtime_error("a bug in the work");
                                   });
                               }}});
    };
}

} // namespace

class tst_HttpTransport : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::string token;

    HttpLimits shortLimits()
    {
        HttpLimits limits;
        limits.headerTimeoutMs = 400;
        limits.bodyIdleTimeoutMs = 400;
        limits.bodyTimeoutMs = 1200;
        limits.idleTimeoutMs = 400;
        limits.lingerMs = 300;
        return limits;
    }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>();
        token = f->token(Role::Admin, "ada");
    }

    void cleanup() { f.reset(); }

    void slowHeadIs408()
    {
        ServerThread server(f->core(), shortLimits());
        RawConnection c(server.port());
        QVERIFY(c.send("GET " + Fixture::base() + "/workspaces HTTP/1.1\r\n"));
        // A byte now and then does not keep a head alive past its deadline.
        for (int i = 0; i < 3; ++i) {
            QTest::qWait(100);
            c.send("X");
        }
        const HttpResult r = c.readResponse(3000);
        QCOMPARE(r.status, 408);
        QCOMPARE(r.json()["error"]["code"], json("request_timeout"));
        QVERIFY(c.closedByPeer(3000));
    }

    void stalledBodyIs408()
    {
        ServerThread server(f->core(), shortLimits());
        RawConnection c(server.port());
        QVERIFY(
            c.send("POST " + Fixture::base() +
                   "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                   "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"name\":"));
        const HttpResult r = c.readResponse(3000);
        QCOMPARE(r.status, 408);
        QVERIFY(c.closedByPeer(3000));
        QCOMPARE(f->core().workspaces().list(f->local(), {})->total, 1);
    }

    void tricklingBodyMeetsItsDeadline()
    {
        ServerThread server(f->core(), shortLimits());
        RawConnection c(server.port());
        QVERIFY(c.send("POST " + Fixture::base() +
                       "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"));
        // Every gap is under the idle timeout, but the whole body takes longer than allowed.
        HttpResult r;
        for (int i = 0; i < 40 && r.status == 0; ++i) {
            c.send(" ");
            r = c.readResponse(100);
        }
        QCOMPARE(r.status, 408);
    }

    void idleConnectionsAreClosed()
    {
        ServerThread server(f->core(), shortLimits());
        RawConnection silent(server.port());
        RawConnection used(server.port());
        QVERIFY(used.send(get(Fixture::base() + "/workspaces", token)));
        QCOMPARE(used.readResponse(3000).status, 200);
        QVERIFY(silent.closedByPeer(3000));
        QVERIFY(used.closedByPeer(3000));
        QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 0, 3000);
    }

    void pipelinedRequestsAreAnsweredInOrder()
    {
        ServerThread server(f->core(), HttpLimits{});
        RawConnection c(server.port());
        const std::string def = Fixture::base() + "/definitions/" + f->demoDefinitionId();
        QVERIFY(c.send(get(Fixture::base() + "/settings", token) +
                       get(def + "/nodes/clean_accounts", token) +
                       get(Fixture::base() + "/nowhere", token)));
        HttpResult r = c.readResponse(3000);
        QCOMPARE(r.status, 200);
        QVERIFY(r.json().contains("default_repository_id"));
        r = c.readResponse(3000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["id"], json("clean_accounts"));
        r = c.readResponse(3000);
        QCOMPARE(r.status, 404);
    }

    void aClientThatClosesItsSideStillGetsItsAnswers()
    {
        ServerThread server(f->core(), HttpLimits{});
        RawConnection c(server.port());
        QVERIFY(c.send(get(Fixture::base() + "/settings", token) +
                       get(Fixture::base() + "/node-catalog", token)));
        c.shutdownWrites();
        QCOMPARE(c.readResponse(3000).status, 200);
        const HttpResult catalog = c.readResponse(3000);
        QCOMPARE(catalog.status, 200);
        QVERIFY(catalog.json().contains("node_types"));
        QVERIFY(c.closedByPeer(3000));
    }

    void aClientThatDoesNotReadIsHeldBack()
    {
        // A client pipelines requests and reads no answer: the server stops reading its requests
        // once 1 MiB of answers is unsent, serves others meanwhile, and carries on when it reads.
        HttpLimits limits;
        limits.maxPendingOutputBytes = 1024 * 1024;
        ServerThread server(f->core(), limits);
        const std::string def = Fixture::base() + "/definitions/" + f->demoDefinitionId();
        const std::string one = get(def, token);
        constexpr int kRequests = 3000; // about 15 MB of answers
        RawConnection greedy(server.port());
        std::thread sender([&] {
            std::string batch;
            for (int i = 0; i < kRequests; ++i)
                batch += one;
            greedy.send(batch);
        });
        QTest::qWait(300);
        HttpClient other(server.port(), token);
        QCOMPARE(other.get(Fixture::base() + "/settings").status, 200);
        int answered = 0;
        while (answered < kRequests && greedy.readResponse(5000).status == 200)
            ++answered;
        sender.join();
        QCOMPARE(answered, kRequests);
    }

    void connectionCapClosesTheLongestIdle()
    {
        HttpLimits limits;
        limits.maxConnections = 20;
        ServerThread server(f->core(), limits);
        std::vector<std::unique_ptr<RawConnection>> idle;
        for (int i = 0; i < 20; ++i) {
            idle.push_back(std::make_unique<RawConnection>(server.port()));
            QTRY_COMPARE_WITH_TIMEOUT(server.connections(), i + 1, 3000);
        }
        RawConnection fresh(server.port());
        QVERIFY(fresh.send(get(Fixture::base() + "/workspaces", token)));
        QCOMPARE(fresh.readResponse(3000).status, 200);
        QVERIFY(idle.front()->closedByPeer(3000));
        QVERIFY(server.connections() <= 20);
    }

    void slowHeadsAreClosedAtTheCap()
    {
        HttpLimits limits;
        limits.maxConnections = 20;
        ServerThread server(f->core(), limits);
        std::vector<std::unique_ptr<RawConnection>> slow;
        for (int i = 0; i < 20; ++i) {
            slow.push_back(std::make_unique<RawConnection>(server.port()));
            slow.back()->send("GET / HTTP/1.1\r\nHost: x\r\n");
            QTRY_COMPARE_WITH_TIMEOUT(server.connections(), i + 1, 3000);
        }
        RawConnection fresh(server.port());
        QVERIFY(fresh.send(get(Fixture::base() + "/workspaces", token)));
        QCOMPARE(fresh.readResponse(3000).status, 200);
        QVERIFY(slow.front()->closedByPeer(3000));
    }

    void bodiesShareABudget()
    {
        HttpLimits limits;
        limits.maxBufferedBodyBytes = 1024 * 1024;
        ServerThread server(f->core(), limits);
        const std::string head =
            "POST " + Fixture::base() +
            "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
            "\r\nContent-Type: application/json\r\nContent-Length: 800000\r\n\r\n";
        RawConnection first(server.port());
        QVERIFY(first.send(head));
        QTest::qWait(100);
        RawConnection second(server.port());
        QVERIFY(second.send(head));
        const HttpResult r = second.readResponse(3000);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json()["error"]["code"], json("unavailable"));
        // The first body completes (and releases its share): a third fits again.
        std::string body = "{\"spec\": {}, \"pad\": \"";
        body += std::string(800000 - body.size() - 2, 'x') + "\"}";
        QVERIFY(first.send(body));
        QCOMPARE(first.readResponse(3000).status, 200);
        RawConnection third(server.port());
        QVERIFY(third.send(head + body));
        QCOMPARE(third.readResponse(3000).status, 200);
    }

    void deferredAnswerLeavesTheServerFree()
    {
        // A handler that answers later holds neither the server thread nor other clients: while
        // its answer waits, another client is served, and the answer completed from another
        // thread arrives on its connection before the request pipelined behind it.
        auto log = std::make_shared<DeferredLog>();
        ServerThread server(f->core(), HttpLimits{}, slowRoutes(log));
        RawConnection slow(server.port());
        QVERIFY(slow.send(get("/api/test/slow", token) + get("/api/test/health", token)));
        const std::optional<Deferred> deferred = log->waitFor(1);
        QVERIFY(deferred);

        HttpClient other(server.port(), token);
        QCOMPARE(other.get("/api/test/health").status, 200);
        QCOMPARE(other.get(Fixture::base() + "/workspaces").status, 200);
        QVERIFY(!deferred->isCancelled());

        // Completed from a worker thread once the other client has been answered.
        std::atomic<bool> completed = false;
        std::thread worker([&] {
            completed = deferred->complete(ApiResponse::json(200, json{{"done", true}}));
        });
        worker.join();
        QVERIFY(completed.load());
        HttpResult r = slow.readResponse(10000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), json({{"done", true}}));
        r = slow.readResponse(10000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json(), json({{"ok", true}}));
        // Exactly once: a second completion is dropped, and nothing was cancelled.
        QVERIFY(!deferred->complete(ApiResponse::json(200, json{{"again", true}})));
        QCOMPARE(log->cancels.load(), 0);

        // Completed inside its start, on the server thread: answered like any other.
        QCOMPARE(other.get("/api/test/instant").json(), json({{"at", "once"}}));
        // A start that throws is a JSON 500, and the connection carries on.
        QTest::ignoreMessage(
            QtCriticalMsg,
            "pipewright: GET /api/test/slowthrows failed with an exception: a bug in the work");
        r = other.get("/api/test/slowthrows");
        QCOMPARE(r.status, 500);
        QCOMPARE(r.json()["error"]["code"], json("internal"));
        QCOMPARE(other.get("/api/test/health").status, 200);
    }

    void deferredAnswerIsCancelledWhenTheClientLeaves()
    {
        auto log = std::make_shared<DeferredLog>();
        ServerThread server(f->core(), HttpLimits{}, slowRoutes(log));
        {
            RawConnection slow(server.port());
            QVERIFY(slow.send(get("/api/test/slow", token)));
            QVERIFY(log->waitFor(1));
        }
        QTRY_COMPARE_WITH_TIMEOUT(log->cancels.load(), 1, 10000);
        const Deferred deferred = *log->waitFor(1);
        QVERIFY(deferred.isCancelled());
        QVERIFY(!deferred.complete(ApiResponse::json(200, json::object())));
        // A callback registered after the cancel runs at once.
        bool late = false;
        deferred.onCancel([&] { late = true; });
        QVERIFY(late);
        QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 0, 10000);
    }

    void deferredAnswerNeverCompletedIs503()
    {
        // Past the ceiling the client gets a JSON 503, the work is told to stop, a late completion
        // is dropped, and the connection carries the next request.
        auto log = std::make_shared<DeferredLog>();
        HttpLimits limits;
        limits.deferredTimeoutMs = 300;
        ServerThread server(f->core(), limits, slowRoutes(log));
        RawConnection slow(server.port());
        QVERIFY(slow.send(get("/api/test/slow", token)));
        HttpResult r = slow.readResponse(10000);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json()["error"]["code"], json("unavailable"));
        QVERIFY(r.header("connection") != "close");
        QCOMPARE(log->cancels.load(), 1);
        QVERIFY(!log->waitFor(1)->complete(ApiResponse::json(200, json::object())));
        QVERIFY(slow.send(get("/api/test/health", token)));
        QCOMPARE(slow.readResponse(10000).json(), json({{"ok", true}}));

        // A route may set its own ceiling.
        auto own = std::make_shared<DeferredLog>();
        ServerThread ownCeiling(f->core(), HttpLimits{}, slowRoutes(own, 300));
        HttpClient client(ownCeiling.port(), token);
        QCOMPARE(client.get("/api/test/slow").status, 503);
        QCOMPARE(own->cancels.load(), 1);
    }

    void stoppingServerAnswersPendingDeferred()
    {
        auto log = std::make_shared<DeferredLog>();
        auto server = std::make_unique<ServerThread>(f->core(), HttpLimits{}, slowRoutes(log));
        RawConnection slow(server->port());
        QVERIFY(slow.send(get("/api/test/slow", token)));
        QVERIFY(log->waitFor(1));
        server.reset();
        const HttpResult r = slow.readResponse(10000);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json()["error"]["code"], json("unavailable"));
        QCOMPARE(log->cancels.load(), 1);
        QVERIFY(!log->waitFor(1)->complete(ApiResponse::json(200, json::object())));
    }

    void headAnswersLikeGet()
    {
        // HEAD wherever GET works: GET's status and headers, Content-Length of GET's body, no
        // content, so the next answer on the connection is read from the right place.
        ServerThread server(f->core(), HttpLimits{});
        const std::string path = Fixture::base() + "/workspaces";
        HttpClient http(server.port(), token);
        const HttpResult got = http.get(path);
        QCOMPARE(got.status, 200);
        RawConnection c(server.port());
        QVERIFY(c.send("HEAD " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\n\r\n" + get(Fixture::base() + "/settings", token)));
        const HttpResult head = c.readResponseHead(10000);
        QCOMPARE(head.status, 200);
        QCOMPARE(head.header("content-length"), std::to_string(got.body.size()));
        QCOMPARE(head.header("content-type"), got.header("content-type"));
        QCOMPARE(head.header("x-total-count"), got.header("x-total-count"));
        QCOMPARE(head.header("link"), got.header("link"));
        const HttpResult next = c.readResponse(10000);
        QCOMPARE(next.status, 200);
        QVERIFY(next.json().contains("default_repository_id"));

        // Errors too: HEAD of a missing object is GET's 404, without its body.
        QVERIFY(c.send("HEAD " + Fixture::base() +
                       "/workspaces/nope HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\n\r\n"));
        const HttpResult missing = c.readResponseHead(10000);
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.header("content-length"),
                 std::to_string(http.get(Fixture::base() + "/workspaces/nope").body.size()));

        // A stream's head: GET's (chunked, text/event-stream), nothing streamed, the
        // connection goes on.
        QVERIFY(c.send("HEAD /api/v1.0/spaces/default/events HTTP/1.1\r\nHost: x\r\n"
                       "Authorization: Bearer " +
                       token + "\r\n\r\n" + get(Fixture::base() + "/settings", token)));
        const HttpResult streamHead = c.readResponseHead(10000);
        QCOMPARE(streamHead.status, 200);
        QCOMPARE(streamHead.header("content-type"),
                 std::string("text/event-stream; charset=utf-8"));
        QCOMPARE(streamHead.header("transfer-encoding"), std::string("chunked"));
        QCOMPARE(streamHead.header("content-length"), std::string());
        QCOMPARE(c.readResponse(10000).status, 200);

        // Where only other methods work, HEAD stays 405 (and so do OPTIONS and the rest); an
        // Allow header names HEAD wherever it names GET.
        QVERIFY(c.send("HEAD " + Fixture::base() +
                       "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\n\r\n"));
        const HttpResult postOnly = c.readResponseHead(10000);
        QCOMPARE(postOnly.status, 405);
        QCOMPARE(postOnly.header("allow"), std::string("POST"));
        const HttpResult options = http.request("OPTIONS", path);
        QCOMPARE(options.status, 405);
        QCOMPARE(options.header("allow"), std::string("GET, HEAD, POST"));
    }

    void malformedPercentEscapeIs400_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("letters") << QByteArray("/pipeline-authoring/workspaces/%zz");
        QTest::newRow("one digit") << QByteArray("/pipeline-authoring/workspaces/a%4");
        QTest::newRow("at the end") << QByteArray("/pipeline-authoring/workspaces/a%");
        QTest::newRow("in a fixed segment") << QByteArray("/pipeline-authoring/work%gspaces");
        QTest::newRow("space slug") << QByteArray("%x1/pipeline-authoring/workspaces");
    }

    void malformedPercentEscapeIs400()
    {
        QFETCH(QByteArray, path);
        ServerThread server(f->core(), HttpLimits{});
        const std::string target = "/api/v1.0/spaces/default" + path.toStdString();
        for (const std::string &who : {token, std::string()}) {
            HttpClient http(server.port(), who);
            const HttpResult r = http.get(target);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json()["error"]["code"], json("invalid"));
            QCOMPARE(r.json()["error"]["details"]["field"], json("path"));
        }
        // A well-formed escape is decoded as before.
        HttpClient http(server.port(), token);
        QCOMPARE(http.get("/api/v1.0/spaces/default/pipeline-authoring/%77orkspaces").status, 200);
    }

    void exceptionInAHandlerIsAJson500()
    {
        ServerThread server(f->core(), HttpLimits{}, [](pw::server::Router &router) {
            auto face = std::make_shared<pw::server::Face>(pw::server::Face{
                .name = "test", .prefix = "/api/test", .space = pw::server::Face::SpaceFrom::None});
            router.addFace(face,
                           {pw::server::Route{
                               .method = "GET",
                               .pattern = "/throws",
                               .operationId = "testThrows",
                               .handler = [](pw::server::ApiRequest &) -> pw::server::ApiResponse {
                                   throw std::runtime_error("a bug");
                               }}});
        });
        HttpClient http(server.port(), token);
        QTest::ignoreMessage(QtCriticalMsg,
                             "pipewright: GET /api/test/throws failed with an exception: a bug");
        const HttpResult r = http.get("/api/test/throws");
        QCOMPARE(r.status, 500);
        QCOMPARE(r.header("content-type"), std::string("application/json"));
        QCOMPARE(r.json()["error"]["code"], json("internal"));
        QVERIFY(r.body.find("a bug") == std::string::npos);
        // The same connection and the server carry on.
        QCOMPARE(http.get(Fixture::base() + "/workspaces").status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_HttpTransport)
#include "tst_httptransport.moc"
