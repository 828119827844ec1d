// The HTTP transport's limits over real loopback sockets: timeouts, the connection cap, the
// body budgets and rate floor, stream and deferred-answer caps, HEAD, pipelining and
// back-pressure, deferred answers, and the catch at dispatch. The server runs on its own thread
// with short limits so the timeouts can be seen in a test.
#include <QTest>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "server/http/apiserver.h"
#include "support/fixtures.h"
#include "support/serverthread.h"

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
using pw::test::ServerThread;

namespace {

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
        // A byte now and then (whenever 100 ms pass without an answer) does not keep a head alive
        // past its deadline.
        HttpResult r;
        for (int i = 0; i < 100 && r.status == 0; ++i) {
            c.send("X");
            r = c.readResponse(100);
        }
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

    void aClientThatReadsLateIsHeldBackThenServed()
    {
        // A client pipelines requests and reads no answer for a while: the server stops reading
        // its requests once 1 MiB of answers is unsent, serves others meanwhile, and carries on
        // when it reads.
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
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().heldBack, 1, 10000);
        HttpClient other(server.port(), token);
        QCOMPARE(other.get(Fixture::base() + "/settings").status, 200);
        int answered = 0;
        while (answered < kRequests && greedy.readResponse(10000).status == 200)
            ++answered;
        sender.join();
        QCOMPARE(answered, kRequests);
    }

    void aClientThatDoesNotReadIsCutOff()
    {
        // A client that never reads its answers: the server stops reading its requests at the
        // documented limit of unsent answers (maxPendingOutputBytes, plus the answer that passed
        // it), serves others meanwhile, and closes it once nothing was taken for sendTimeoutMs.
        HttpLimits limits;
        limits.maxPendingOutputBytes = 1024 * 1024;
        limits.sendTimeoutMs = 3000;
        ServerThread server(f->core(), limits);
        const std::string one =
            get(Fixture::base() + "/definitions/" + f->demoDefinitionId(), token);
        RawConnection greedy(server.port());
        std::atomic<bool> sendFailed = false;
        std::thread sender([&] {
            // Far more requests than the socket buffers hold: only a server that reads them all,
            // or one that cuts the client off, lets this end.
            std::string batch;
            for (int i = 0; i < 20000; ++i)
                batch += one;
            for (int round = 0; round < 50 && !sendFailed; ++round)
                sendFailed = !greedy.send(batch);
        });
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().heldBack, 1, 10000);
        const qint64 unsent = server.stats().unsentBytes;
        QVERIFY2(unsent > limits.maxPendingOutputBytes &&
                     unsent < limits.maxPendingOutputBytes + 64 * 1024,
                 std::to_string(unsent).c_str());
        HttpClient other(server.port(), token);
        QCOMPARE(other.get(Fixture::base() + "/settings").status, 200);
        // Cut off: the connection is gone from the server, and the client's sending fails.
        QTRY_VERIFY_WITH_TIMEOUT(server.stats().heldBack == 0 && server.connections() == 1, 20000);
        sender.join();
        QVERIFY(sendFailed.load());
        QCOMPARE(other.get(Fixture::base() + "/settings").status, 200);
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

    void theLongestIdleIsChosenWhateverEachConnectionsAge()
    {
        // `early` is accepted first and used a little later; `late` is accepted after that and
        // not used. `early` has been idle longer, though less time passed between its accept
        // and its last use than between late's: the server must compare when each was last
        // used, not how long after its own accept (it once did, and closed `late`).
        HttpLimits limits;
        limits.maxConnections = 20;
        ServerThread server(f->core(), limits);
        RawConnection early(server.port());
        QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 1, 3000);
        QElapsedTimer sinceEarly;
        sinceEarly.start();
        // The rest of the slots are held by writers sending bodies: never chosen to make room.
        std::vector<std::unique_ptr<RawConnection>> writers;
        for (int i = 0; i < 18; ++i) {
            writers.push_back(std::make_unique<RawConnection>(server.port()));
            QVERIFY(writers.back()->send(
                "POST " + Fixture::base() + "/workspaces HTTP/1.1\r\nHost: x\r\n" +
                "Authorization: Bearer " + token +
                "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"));
            QTRY_COMPARE_WITH_TIMEOUT(server.connections(), i + 2, 3000);
        }
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().bodyBytes, qsizetype(18), 10000);
        // Some milliseconds between early's accept and its use, so its own clock has moved.
        QTRY_VERIFY(sinceEarly.elapsed() >= 20);
        QVERIFY(early.send(get("/api/health", token)));
        QCOMPARE(early.readResponse(3000).status, 200);
        RawConnection late(server.port());
        QTRY_COMPARE_WITH_TIMEOUT(server.connections(), 20, 3000);
        RawConnection fresh(server.port());
        QVERIFY(fresh.send(get(Fixture::base() + "/workspaces", token)));
        QCOMPARE(fresh.readResponse(3000).status, 200);
        QVERIFY(early.closedByPeer(3000));
        QVERIFY(late.send(get("/api/health", token)));
        QCOMPARE(late.readResponse(3000).status, 200);
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
        QTest::addColumn<QString>("field");
        const QString inPath = QStringLiteral("path");
        const QString inQuery = QStringLiteral("query");
        QTest::newRow("letters") << QByteArray("/pipeline-authoring/workspaces/%zz") << inPath;
        QTest::newRow("one digit") << QByteArray("/pipeline-authoring/workspaces/a%4") << inPath;
        QTest::newRow("at the end") << QByteArray("/pipeline-authoring/workspaces/a%") << inPath;
        QTest::newRow("in a fixed segment")
            << QByteArray("/pipeline-authoring/work%gspaces") << inPath;
        QTest::newRow("space slug") << QByteArray("%x1/pipeline-authoring/workspaces") << inPath;
        QTest::newRow("query letters")
            << QByteArray("/pipeline-authoring/workspaces?q=%zz") << inQuery;
        QTest::newRow("query end") << QByteArray("/pipeline-authoring/workspaces?q=a%") << inQuery;
        QTest::newRow("query name")
            << QByteArray("/pipeline-authoring/workspaces?%4g=1") << inQuery;
    }

    void malformedPercentEscapeIs400()
    {
        QFETCH(QByteArray, path);
        QFETCH(QString, field);
        ServerThread server(f->core(), HttpLimits{});
        const std::string target = "/api/v1.0/spaces/default" + path.toStdString();
        for (const std::string &who : {token, std::string()}) {
            HttpClient http(server.port(), who);
            const HttpResult r = http.get(target);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json()["error"]["code"], json("invalid"));
            QCOMPARE(r.json()["error"]["details"]["field"], json(field.toStdString()));
        }
        // A well-formed escape is decoded as before.
        HttpClient http(server.port(), token);
        QCOMPARE(http.get("/api/v1.0/spaces/default/pipeline-authoring/%77orkspaces").status, 200);
        QCOMPARE(http.get("/api/v1.0/spaces/default/pipeline-authoring/workspaces?q=%41%2b").status,
                 200);
    }

    void aTlsHandshakeIsAnsweredAtOnce()
    {
        // A client speaking TLS to the plain-HTTP port gets a JSON 400 at once, not silence
        // until the head's timeout.
        HttpLimits limits;
        limits.headerTimeoutMs = 60000;
        ServerThread server(f->core(), limits);
        RawConnection c(server.port());
        QVERIFY(c.send(std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11)));
        QElapsedTimer clock;
        clock.start();
        const HttpResult r = c.readResponse(30000);
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), std::string("invalid"));
        QVERIFY2(clock.elapsed() < 20000, std::to_string(clock.elapsed()).c_str());
    }

    void anErrorQuotesLittleOfWhatWasSent()
    {
        // An unknown id of 3,000 bytes, or a 3,000-byte Content-Type, is named in the error's
        // message, not sent back whole.
        ServerThread server(f->core(), HttpLimits{});
        HttpClient http(server.port(), token);
        const HttpResult missing =
            http.get(Fixture::base() + "/definitions/" + std::string(3000, 'Q'));
        QCOMPARE(missing.status, 404);
        QVERIFY2(missing.json()["error"]["message"].get<std::string>().size() <= 1030,
                 missing.body.c_str());
        RawConnection c(server.port());
        QVERIFY(c.send("POST " + Fixture::base() +
                       "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\nContent-Type: application/" + std::string(3000, 'Q') +
                       "\r\nContent-Length: 2\r\n\r\n{}"));
        const HttpResult refused = c.readResponse(10000);
        QCOMPARE(refused.status, 415);
        QVERIFY2(refused.json()["error"]["message"].get<std::string>().size() <= 1030,
                 refused.body.c_str());
    }

    void aPlusInTheQueryIsASpace()
    {
        // As HTML forms and `curl -G --data-urlencode` send a query: '+' is a space, and a plus
        // itself is %2B.
        ServerThread server(f->core(), HttpLimits{});
        HttpClient http(server.port(), token);
        const std::string workspaces = "/api/v1.0/spaces/default/pipeline-authoring/workspaces";
        QCOMPARE(http.post(workspaces, json{{"name", "two words"}}).status, 201);
        QCOMPARE(http.post(workspaces, json{{"name", "one+plus"}}).status, 201);
        auto names = [&](const std::string &query) {
            std::vector<std::string> found;
            for (const json &w : http.get(workspaces + "?q=" + query).json())
                found.push_back(w["name"].get<std::string>());
            return found;
        };
        QCOMPARE(names("two+words"), std::vector<std::string>{"two words"});
        QCOMPARE(names("two%20words"), std::vector<std::string>{"two words"});
        QCOMPARE(names("one%2Bplus"), std::vector<std::string>{"one+plus"});
        QCOMPARE(names("one+plus"), std::vector<std::string>{});
    }

    void oneTokenSendsOnlySoManyBodiesAtOnce()
    {
        // A body arriving with a token holds its connection slot (it is never closed to make
        // room): one token may be sending maxBodiesPerToken at once, the next is refused before
        // its body is read, and other tokens are not affected.
        HttpLimits limits;
        limits.maxBodiesPerToken = 4;
        ServerThread server(f->core(), limits);
        const std::string path = Fixture::base() + "/workspaces";
        auto start = [&](RawConnection &c, const std::string &who) {
            return c.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + who +
                          "\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{");
        };
        std::vector<std::unique_ptr<RawConnection>> slow;
        for (int i = 0; i < 4; ++i) {
            slow.push_back(std::make_unique<RawConnection>(server.port()));
            QVERIFY(start(*slow.back(), token));
            QTRY_COMPARE_WITH_TIMEOUT(server.stats().bodyBytes, qsizetype(i + 1), 10000);
        }
        RawConnection refused(server.port());
        QVERIFY(start(refused, token));
        const HttpResult r = refused.readResponse(10000);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.errorCode(), std::string("too_many_requests"));
        QCOMPARE(r.header("retry-after"), std::string("1"));
        QVERIFY(refused.closedByPeer(10000));
        // Another member's body is read and handled.
        HttpClient other(server.port(), f->token(Role::Editor, "otto"));
        QCOMPARE(other.post(path, json{{"name", "otto's"}}).status, 201);
        // One of the four arrives: the token may send another.
        QVERIFY(slow.front()->send("\"name\": \"a\"}       ")); // 20 bytes with the "{"
        QCOMPARE(slow.front()->readResponse(10000).status, 201);
        RawConnection next(server.port());
        QVERIFY(next.send("POST " + path + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                          token +
                          "\r\nContent-Type: application/json\r\nContent-Length: 12\r\n\r\n"
                          "{\"name\":\"b\"}"));
        QCOMPARE(next.readResponse(10000).status, 201);
    }

    void webhookSendersDoNotStarveWriters()
    {
        // The probe's attack, scaled down in time: 15 connections to the signed webhook route (no
        // token) declare 10 MiB bodies and trickle bytes. Declared sizes reserve nothing, bytes
        // without a token are charged to a budget of their own, writers are answered as usual, and
        // senders slower than the floor are closed.
        HttpLimits limits;
        // Scaled so the 15 declared bodies fill the writers' budget, as an attacker sizes them
        // (before the fix every write was then 503).
        limits.maxBufferedBodyBytes = 15 * qsizetype(10 * 1024 * 1024);
        limits.minBodyBytesPerSecond = 1000;
        limits.bodyRateGraceMs = 1000;
        limits.bodyRateWindowMs = 1000;
        ServerThread server(f->core(), limits);
        const std::string head =
            "POST /api/v1/git/webhooks HTTP/1.1\r\nHost: x\r\n"
            "X-Hub-Signature-256: sha256=00\r\nX-GitHub-Event: push\r\n"
            "Content-Type: application/json\r\nContent-Length: 10485760\r\n\r\n";
        std::vector<std::unique_ptr<RawConnection>> senders;
        for (int i = 0; i < 15; ++i) {
            senders.push_back(std::make_unique<RawConnection>(server.port()));
            QVERIFY(senders.back()->send(head + std::string(100, ' ')));
        }
        // What arrived is what is charged: 15 × 100 bytes, none of it from writers' budget.
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().unauthenticatedBodyBytes, qsizetype(1500), 10000);
        QCOMPARE(server.stats().bodyBytes, qsizetype(0));
        HttpClient writer(server.port(), token);
        const std::string def = Fixture::base() + "/definitions/" + f->demoDefinitionId();
        const HttpResult written = writer.patch(def, json{{"description", "still writing"}});
        QCOMPARE(written.status, 200);

        // A sender that trickles a byte every 100 ms (10 bytes/s) is answered 408 and closed.
        RawConnection &slow = *senders.front();
        std::atomic<bool> stop = false;
        std::thread trickle([&] {
            while (!stop && slow.send("x"))
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
        });
        const HttpResult r = slow.readResponse(10000);
        stop = true;
        trickle.join();
        QCOMPARE(r.status, 408);
        QVERIFY2(r.json()["error"]["message"].get<std::string>().find("slower than") !=
                     std::string::npos,
                 r.body.c_str());
        // The others sent nothing since: closed by the floor too, their charge released.
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().unauthenticatedBodyBytes, qsizetype(0), 10000);
        for (auto &sender : senders)
            QVERIFY(sender->closedByPeer(10000));
        QCOMPARE(writer.patch(def, json{{"description", "and again"}}).status, 200);
    }

    void slowButSteadyBodyIsAccepted()
    {
        // Ten times the floor, in small pieces: the body is taken, whatever the size.
        HttpLimits limits;
        limits.minBodyBytesPerSecond = 1000;
        limits.bodyRateGraceMs = 500;
        limits.bodyRateWindowMs = 1000;
        ServerThread server(f->core(), limits);
        std::string body = "{\"spec\": {}, \"pad\": \"";
        body += std::string(15000 - body.size() - 2, 'x') + "\"}";
        RawConnection c(server.port());
        QVERIFY(c.send("POST " + Fixture::base() +
                       "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\nContent-Type: application/json\r\nContent-Length: " +
                       std::to_string(body.size()) + "\r\n\r\n"));
        for (size_t sent = 0; sent < body.size(); sent += 500) {
            QVERIFY(c.send(std::string_view(body).substr(sent, 500)));
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        const HttpResult r = c.readResponse(10000);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["valid"], json(true));
    }

    void bodyBudgetChargesWhatArrived()
    {
        // Declared sizes reserve nothing; bytes are charged as they arrive, and one user cannot
        // take the whole budget from others.
        HttpLimits limits;
        limits.maxBufferedBodyBytes = 1024 * 1024;
        limits.maxBufferedBodyBytesPerCaller = 900'000;
        ServerThread server(f->core(), limits);
        const std::string other = f->token(Role::Editor, "erin");
        auto head = [&](const std::string &who, size_t length) {
            return "POST " + Fixture::base() +
                   "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + who +
                   "\r\nContent-Type: application/json\r\nContent-Length: " +
                   std::to_string(length) + "\r\n\r\n";
        };
        auto bodyOf = [](size_t length) {
            std::string body = "{\"spec\": {}, \"pad\": \"";
            return body + std::string(length - body.size() - 2, 'x') + "\"}";
        };
        const std::string big = bodyOf(800'000);
        RawConnection first(server.port());
        QVERIFY(first.send(head(token, big.size()) + big.substr(0, 300'000)));
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().bodyBytes, qsizetype(300'000), 10000);
        // A second 800 kB body of the same user is admitted (declared sizes add up to 1.6 MB)
        // and refused once what arrived passes the user's share.
        RawConnection second(server.port());
        second.send(head(token, big.size()) + big.substr(0, 650'000));
        HttpResult r = second.readResponse(10000);
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json()["error"]["code"], json("unavailable"));
        QCOMPARE(r.header("retry-after"), std::string("1"));
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().bodyBytes, qsizetype(300'000), 10000);
        // Another user's body fits beside the first.
        const std::string medium = bodyOf(600'000);
        RawConnection third(server.port());
        QVERIFY(third.send(head(other, medium.size()) + medium));
        QCOMPARE(third.readResponse(10000).status, 200);
        QVERIFY(first.send(big.substr(300'000)));
        QCOMPARE(first.readResponse(10000).status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().bodyBytes, qsizetype(0), 10000);
    }

    void unauthenticatedBodiesGiveWayAtTheConnectionCap()
    {
        // Every slot held by webhook bodies without a token: a writer's new connection takes the
        // slot of the one that sent nothing for longest.
        HttpLimits limits;
        limits.maxConnections = 20;
        ServerThread server(f->core(), limits);
        std::vector<std::unique_ptr<RawConnection>> held;
        for (int i = 0; i < 20; ++i) {
            held.push_back(std::make_unique<RawConnection>(server.port()));
            QVERIFY(held.back()->send("POST /api/v1/git/webhooks HTTP/1.1\r\nHost: x\r\n"
                                      "X-Hub-Signature-256: sha256=00\r\n"
                                      "Content-Type: application/json\r\nContent-Length: 1000\r\n"
                                      "\r\n{"));
            QTRY_COMPARE_WITH_TIMEOUT(server.stats().unauthenticatedBodyBytes, qsizetype(i + 1),
                                      10000);
        }
        HttpClient writer(server.port(), token);
        QCOMPARE(writer
                     .patch(Fixture::base() + "/definitions/" + f->demoDefinitionId(),
                            json{{"description", "at the cap"}})
                     .status,
                 200);
        QVERIFY(held.front()->closedByPeer(10000));
    }

    void streamsHaveTheirOwnBudget()
    {
        // The probe's attack, scaled down: one viewer opens more streams than there are
        // connection slots. Past its per-token cap it gets 429 with Retry-After, streams never
        // take an ordinary request's slot, and all streams together stay within their budget.
        HttpLimits limits;
        limits.maxConnections = 20;
        limits.maxStreams = 8;
        limits.maxStreamsPerToken = 3;
        ServerThread server(f->core(), limits);
        const std::string viewer = f->token(Role::Viewer, "vic");
        std::vector<std::unique_ptr<RawConnection>> streams;
        int open = 0;
        int refused = 0;
        for (int i = 0; i < 25; ++i) {
            streams.push_back(std::make_unique<RawConnection>(server.port()));
            RawConnection &c = *streams.back();
            QVERIFY(c.send("GET /api/v1.0/spaces/default/events HTTP/1.1\r\nHost: x\r\n"
                           "Authorization: Bearer " +
                           viewer + "\r\n\r\n"));
            if (i < 3) {
                QCOMPARE(c.readResponseHead(10000).status, 200);
                ++open;
                continue;
            }
            const HttpResult r = c.readResponse(10000);
            QCOMPARE(r.status, 429);
            QCOMPARE(r.json()["error"]["code"], json("too_many_requests"));
            QCOMPARE(r.header("retry-after"), std::string("10"));
            ++refused;
        }
        QCOMPARE(open, 3);
        QCOMPARE(refused, 22);
        HttpClient ordinary(server.port(), token);
        QCOMPARE(ordinary.get(Fixture::base() + "/workspaces").status, 200);

        // Other tokens fill the stream budget (8), then get 503 with Retry-After.
        for (int t = 0; t < 2; ++t) {
            const std::string other = f->token(Role::Viewer, "v" + std::to_string(t));
            for (int i = 0; i < 3; ++i) {
                streams.push_back(std::make_unique<RawConnection>(server.port()));
                RawConnection &c = *streams.back();
                QVERIFY(c.send("GET /api/v1.0/spaces/default/events HTTP/1.1\r\nHost: x\r\n"
                               "Authorization: Bearer " +
                               other + "\r\n\r\n"));
                if (t == 1 && i == 2) {
                    const HttpResult r = c.readResponse(10000);
                    QCOMPARE(r.status, 503);
                    QCOMPARE(r.json()["error"]["code"], json("unavailable"));
                    QCOMPARE(r.header("retry-after"), std::string("10"));
                } else {
                    QCOMPARE(c.readResponseHead(10000).status, 200);
                }
            }
        }
        QCOMPARE(server.stats().streams, 8);
        // With every stream slot taken, as many ordinary connections as the cap allows are all
        // served at once.
        std::vector<std::unique_ptr<HttpClient>> clients;
        for (int i = 0; i < limits.maxConnections; ++i) {
            clients.push_back(std::make_unique<HttpClient>(server.port(), token));
            QCOMPARE(clients.back()->get(Fixture::base() + "/settings").status, 200);
        }
        // A stream that ends gives its slot back.
        streams.front().reset();
        QTRY_COMPARE_WITH_TIMEOUT(server.stats().streams, 7, 10000);
    }

    void deferredAnswersPerTokenAreCapped()
    {
        auto log = std::make_shared<DeferredLog>();
        HttpLimits limits;
        limits.maxDeferredPerToken = 2;
        ServerThread server(f->core(), limits, slowRoutes(log));
        RawConnection a(server.port()), b(server.port()), c(server.port());
        QVERIFY(a.send(get("/api/test/slow", token)));
        QVERIFY(b.send(get("/api/test/slow", token)));
        QVERIFY(log->waitFor(2));
        QVERIFY(c.send(get("/api/test/slow", token)));
        HttpResult r = c.readResponse(10000);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.json()["error"]["code"], json("too_many_requests"));
        QCOMPARE(r.header("retry-after"), std::string("10"));
        // Another token is not held to this one's count.
        const std::string other = f->token(Role::Viewer, "vic");
        RawConnection d(server.port());
        QVERIFY(d.send(get("/api/test/slow", other)));
        QVERIFY(log->waitFor(3));
        // One answered: the token may start another.
        QVERIFY(log->waitFor(1)->complete(ApiResponse::json(200, json::object())));
        QCOMPARE(a.readResponse(10000).status, 200);
        QVERIFY(c.send(get("/api/test/slow", token)));
        QVERIFY(log->waitFor(4));
        QCOMPARE(server.stats().deferred, 3);
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
