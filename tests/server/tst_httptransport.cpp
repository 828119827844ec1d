// The HTTP transport's limits over real loopback sockets: timeouts, the connection cap, the
// body budget, pipelining and back-pressure, and the catch at dispatch. The server runs on its
// own thread with short limits so the timeouts can be seen in a test.
#include <QTest>
#include <QThread>

#include <stdexcept>
#include <thread>

#include "server/http/apiserver.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::server::ApiServer;
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

    void headAnswersCarryNoContent()
    {
        // The route table has no HEAD routes: the 405 comes without a body, so the next answer on
        // the connection is read from the right place.
        ServerThread server(f->core(), HttpLimits{});
        RawConnection c(server.port());
        QVERIFY(c.send("HEAD " + Fixture::base() +
                       "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token +
                       "\r\n\r\n" + get(Fixture::base() + "/settings", token)));
        const HttpResult head = c.readResponseHead(3000);
        QCOMPARE(head.status, 405);
        QVERIFY(std::stoi(head.header("content-length")) > 0);
        const HttpResult next = c.readResponse(3000);
        QCOMPARE(next.status, 200);
        QVERIFY(next.json().contains("default_repository_id"));
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
