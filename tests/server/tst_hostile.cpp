// Hostile input against a real `pipewright serve` child process: everything a black-box probe
// found could end, stall or bloat the server. After every case the process must still be
// running and answer a normal request.
#include <QFile>
#include <QTest>

#include <sys/resource.h>

#include <atomic>
#include <thread>

#include "core/util/limits.h"
#include "server/http/limits.h"
#include "support/httpclient.h"
#include "support/samplebodies.h"
#include "support/serverprocess.h"

using nlohmann::json;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::RawConnection;
using pw::test::SampleRequest;
using pw::test::ServerProcess;

namespace {

// Every path to a value inside `value` as JSON pointers, the root excluded.
void valuePaths(const json &value, const json::json_pointer &at,
                std::vector<json::json_pointer> &out)
{
    if (value.is_object()) {
        for (const auto &[key, item] : value.items()) {
            out.push_back(at / key);
            valuePaths(item, at / key, out);
        }
    } else if (value.is_array()) {
        for (size_t i = 0; i < value.size(); ++i) {
            out.push_back(at / i);
            valuePaths(value[i], at / i, out);
        }
    }
}

std::string nested(int depth, const std::string &inner)
{
    return std::string(static_cast<size_t>(depth), '[') + inner +
           std::string(static_cast<size_t>(depth), ']');
}

std::string request(const std::string &method, const std::string &path, const std::string &token,
                    const std::string &body, const std::string &extra = {})
{
    std::string out = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!token.empty())
        out += "Authorization: Bearer " + token + "\r\n";
    out += extra;
    if (!body.empty())
        out += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
               "\r\n";
    return out + "\r\n" + body;
}

bool isJsonError(const HttpResult &r, const std::string &code)
{
    const json j = r.json();
    return r.header("content-type") == "application/json" && j.is_object() && j.contains("error") &&
           j["error"].value("code", std::string()) == code && j["error"]["message"].is_string() &&
           j["error"]["details"].is_object();
}

} // namespace

class tst_Hostile : public QObject
{
    Q_OBJECT

    std::unique_ptr<ServerProcess> server;
    std::unique_ptr<HttpClient> admin;

    std::string base() const { return ServerProcess::base(); }
    std::string def() const { return base() + "/definitions/" + server->definitionId(); }

    // The bodies of token-authenticated routes. The webhook route checks its provider's
    // signature before it reads a body, so any unsigned body is a 401 there (tst_repositoryapi
    // covers it); the cases here are about how a body is read.
    std::vector<SampleRequest> samples()
    {
        const json versions = admin->get(def() + "/versions").json();
        std::vector<SampleRequest> all =
            pw::test::sampleRequests(server->workspaceId(), server->definitionId(),
                                     versions.back()["id"].get<std::string>());
        std::erase_if(all,
                      [](const SampleRequest &s) { return s.operationId == "receiveGitWebhook"; });
        return all;
    }

    // The server process is running and serves a normal request.
    bool serving()
    {
        if (!server->alive())
            return false;
        HttpClient probe(server->port(), server->viewerToken());
        return probe.get(base() + "/workspaces").status == 200;
    }

    int workspaceCount()
    {
        return static_cast<int>(
            admin->get(base() + "/workspaces?include_archived=true").json().size());
    }

private slots:
    void initTestCase()
    {
        // Many connections from this process in the connection tests.
        rlimit limit{};
        getrlimit(RLIMIT_NOFILE, &limit);
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }

    void init()
    {
        server = std::make_unique<ServerProcess>();
        QVERIFY2(server->started(), server->errors().constData());
        admin = std::make_unique<HttpClient>(server->port(), server->adminToken());
    }

    void cleanup()
    {
        if (server)
            QVERIFY2(serving(), "the server process did not survive the case");
        admin.reset();
        server.reset();
    }

    void numberOverflowAnywhereIs400()
    {
        // 1e999 in any value of any body-taking route: once SIGABRT for any member.
        int cases = 0;
        HttpClient viewer(server->port(), server->viewerToken());
        for (const SampleRequest &sample : samples()) {
            std::vector<json::json_pointer> paths;
            valuePaths(sample.body, json::json_pointer(), paths);
            for (const auto &path : paths) {
                json body = sample.body;
                body[path] = "__overflow__";
                std::string text = body.dump();
                text.replace(text.find("\"__overflow__\""), 14, "1e999");
                for (HttpClient *client : {admin.get(), &viewer}) {
                    const HttpResult r = client->request(sample.method, sample.path, text);
                    QVERIFY2(r.status == 400 && isJsonError(r, "invalid"),
                             (sample.operationId + " " + path.to_string() + ": " +
                              std::to_string(r.status) + " " + r.body)
                                 .c_str());
                    ++cases;
                }
            }
        }
        QVERIFY(cases > 100);
        QVERIFY(server->alive());
    }

    void deepNestingIs400()
    {
        HttpClient viewer(server->port(), server->viewerToken());
        // A 60,000-deep object from a viewer: once a stack overflow.
        std::string deepObject;
        for (int i = 0; i < 60000; ++i)
            deepObject += "{\"a\":";
        deepObject += "1" + std::string(60000, '}');
        HttpResult r = viewer.request("POST", base() + "/compiler/validate", deepObject);
        QCOMPARE(r.status, 400);
        QVERIFY(isJsonError(r, "invalid"));
        QCOMPARE(r.json()["error"]["details"]["max_depth"], json(pw::core::kMaxJsonDepth));

        // 9,700 levels inside a node field.
        const std::string node =
            R"({"node": {"id": "deep", "type": "empty", "payload": )" + nested(9700, "1") + "}}";
        r = admin->request("POST", def() + "/nodes", node);
        QCOMPARE(r.status, 400);
        QVERIFY(admin->get(def() + "/nodes/deep").status == 404);

        // The limit is exact: a body nested 256 deep is read, 257 is not. The body, spec, nodes
        // array and node are four levels; the field adds the rest.
        const int limit = pw::core::kMaxJsonDepth;
        auto validateAtDepth = [&](int depth) {
            const std::string body = R"({"spec": {"nodes": [{"id": "a", "type": "empty", "x": )" +
                                     nested(depth - 4, "1") + "}]}}";
            return viewer.request("POST", base() + "/compiler/validate", body).status;
        };
        QCOMPARE(validateAtDepth(limit), 200);
        QCOMPARE(validateAtDepth(limit + 1), 400);
    }

    void nulAfterJsonIs400AndWritesNothing()
    {
        const int before = workspaceCount();
        const int version = admin->get(def()).json()["current_version"].get<int>();
        for (const SampleRequest &sample : samples()) {
            std::string body = sample.body.dump();
            body += std::string("\0garbage", 8);
            const HttpResult r = admin->request(sample.method, sample.path, body);
            QVERIFY2(r.status == 400 && isJsonError(r, "invalid"),
                     (sample.operationId + ": " + r.body).c_str());
            // Trailing bytes of any kind after the value are refused the same way.
            const HttpResult trailing =
                admin->request(sample.method, sample.path, sample.body.dump() + " {}");
            QVERIFY2(trailing.status == 400, (sample.operationId + ": " + trailing.body).c_str());
        }
        QCOMPARE(workspaceCount(), before);
        QCOMPARE(admin->get(def()).json()["current_version"].get<int>(), version);
    }

    void compareOfDeepWideValuesIsBounded()
    {
        // A value nested 200 deep around 200,000 numbers is a 400 KB body but pretty-prints to
        // about 80 MB: compare leaves the texts out instead of building them.
        std::string numbers = "0";
        numbers.reserve(400000);
        for (int i = 1; i < 200000; ++i)
            numbers += ",0";
        const std::string spec = R"({"nodes": [{"id": "wide", "type": "empty", "payload": )" +
                                 nested(200, numbers) + "}]}";
        HttpResult created =
            admin->request("POST", base() + "/definitions",
                           R"({"name": "Deep and wide", "workspace_id": ")" +
                               server->workspaceId() + R"(", "spec": )" + spec + "}");
        QVERIFY2(created.status == 201, created.body.substr(0, 300).c_str());
        const std::string id = created.json()["id"].get<std::string>();
        const std::string path = base() + "/definitions/" + id;
        QCOMPARE(admin->patch(path + "/nodes/wide", json{{"label", "Changed"}}).status, 200);
        const json versions = admin->get(path + "/versions").json();
        const std::string first = versions.back()["id"].get<std::string>();
        const HttpResult r = admin->get(path + "/versions/" + first + "/compare");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.size() < 64 * 1024, std::to_string(r.body.size()).c_str());
        const json comparison = r.json();
        QCOMPARE(comparison["text_diff_truncated"], json(true));
        QCOMPARE(comparison["text_diff"], json(""));
        QCOMPARE(comparison["nodes"]["changed"][0]["id"], json("wide"));
        QCOMPARE(comparison["nodes"]["changed"][0]["fields"], json({"label"}));

        // Deep alone is fine: five fields 250 deep are compared with their text.
        json node = {{"id", "deep"}, {"type", "empty"}};
        for (int i = 0; i < 5; ++i)
            node["f" + std::to_string(i)] = json::parse(nested(250, "1"));
        QCOMPARE(admin->post(def() + "/nodes", json{{"node", node}}).status, 201);
        const HttpResult deep = admin->get(
            def() + "/versions/" +
            admin->get(def() + "/versions").json().back()["id"].get<std::string>() + "/compare");
        QCOMPARE(deep.status, 200);
        QCOMPARE(deep.json()["text_diff_truncated"], json(false));
        QVERIFY(deep.body.size() < 4 * 1024 * 1024);
    }

    void oversizedBodiesAreRefusedBeforeTheyAreRead()
    {
        // Content-Length of 10^15: 413 at once, without a byte of body, and the connection ends.
        RawConnection huge(server->port());
        QVERIFY(huge.send(
            "POST " + base() + "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            server->adminToken() +
            "\r\nContent-Type: application/json\r\nContent-Length: 1000000000000000\r\n\r\n"));
        HttpResult r = huge.readResponse(5000);
        QCOMPARE(r.status, 413);
        QVERIFY(isJsonError(r, "payload_too_large"));
        QVERIFY(huge.closedByPeer(5000));

        // No token: 401 before the (announced, never sent) 5 MiB body.
        RawConnection anonymous(server->port());
        QVERIFY(
            anonymous.send("POST " + base() +
                           "/workspaces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                           "Content-Length: 5242880\r\n\r\n"));
        r = anonymous.readResponse(5000);
        QCOMPARE(r.status, 401);
        QVERIFY(anonymous.closedByPeer(5000));

        // A viewer's JSON sent as text/plain or image/png: 415 before the body.
        for (const char *type : {"text/plain", "image/png", "application/x-www-form-urlencoded"}) {
            RawConnection plain(server->port());
            QVERIFY(plain.send("POST " + base() +
                               "/compiler/validate HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                               server->viewerToken() + "\r\nContent-Type: " + type +
                               "\r\nContent-Length: 2000000\r\n\r\n"));
            r = plain.readResponse(5000);
            QCOMPARE(r.status, 415);
            QVERIFY(isJsonError(r, "unsupported_media_type"));
        }
    }

    void streamedBodiesAreCountedAndMemoryStaysBounded()
    {
        const long before = server->statusKiB("VmHWM:");
        QVERIFY(before > 0);
        // Four clients at once each stream 100 MiB chunked: each is cut off at the 10 MiB limit.
        std::atomic<int> refused = 0;
        std::vector<std::thread> clients;
        for (int c = 0; c < 4; ++c) {
            clients.emplace_back([&] {
                RawConnection raw(server->port());
                raw.send(
                    "PATCH " + def() + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                    server->adminToken() +
                    "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
                const std::string chunk = "100000\r\n" + std::string(0x100000, ' ') + "\r\n";
                for (int i = 0; i < 100 && raw.send(chunk); ++i) {
                }
                if (raw.readResponse(10000).status == 413)
                    ++refused;
            });
        }
        for (auto &t : clients)
            t.join();
        QCOMPARE(refused.load(), 4);
        const long grown = server->statusKiB("VmHWM:") - before;
        // Four bodies held to 10 MiB each; before the limits one 100 MiB body added 300 MB.
        QVERIFY2(grown < 256 * 1024, (std::to_string(grown / 1024) + " MiB").c_str());
    }

    void idleConnectionsDoNotStopService()
    {
        // More idle connections than the old open-files limit allowed: new clients are served.
        std::vector<std::unique_ptr<RawConnection>> idle;
        for (int i = 0; i < 1100; ++i)
            idle.push_back(std::make_unique<RawConnection>(server->port()));
        RawConnection fresh(server->port());
        QVERIFY(fresh.send(request("GET", base() + "/workspaces", server->viewerToken(), {})));
        QCOMPARE(fresh.readResponse(10000).status, 200);
    }

    void connectionCapFitsALowFileLimit()
    {
        // A server whose hard open-files limit is 256 keeps its connections under it and, at the
        // cap, closes the longest-idle connection for a new one.
        ServerProcess small([] {
            rlimit limit{256, 256};
            setrlimit(RLIMIT_NOFILE, &limit);
        });
        QVERIFY(small.started());
        std::vector<std::unique_ptr<RawConnection>> idle;
        for (int i = 0; i < 400; ++i)
            idle.push_back(std::make_unique<RawConnection>(small.port()));
        for (int round = 0; round < 3; ++round) {
            RawConnection fresh(small.port());
            QVERIFY(fresh.send(request("GET", base() + "/workspaces", small.viewerToken(), {})));
            const HttpResult r = fresh.readResponse(10000);
            QVERIFY2(r.status == 200, (std::to_string(r.status) + " " + r.body).c_str());
        }
        QVERIFY(small.alive());
    }

    void openFilesLimitIsRaisedAtStart()
    {
        // Started with a soft limit of 256 under a hard limit of 2,048 (lowering a hard limit
        // needs no privilege), the server raises its soft limit to the hard one.
        ServerProcess lowSoft([] {
            rlimit limit{256, 2048};
            setrlimit(RLIMIT_NOFILE, &limit);
        });
        QVERIFY(lowSoft.started());
        QFile limits(QStringLiteral("/proc/%1/limits").arg(lowSoft.pid()));
        QVERIFY(limits.open(QIODevice::ReadOnly));
        QByteArray line;
        for (const QByteArray &l : limits.readAll().split('\n')) {
            if (l.startsWith("Max open files"))
                line = l.simplified();
        }
        const QList<QByteArray> fields = line.split(' ');
        QVERIFY2(fields.size() >= 5, line.constData());
        QCOMPARE(fields[3], QByteArray("2048")); // soft
        QCOMPARE(fields[4], QByteArray("2048")); // hard
    }

    void searchTextIsBounded()
    {
        const std::string q(pw::core::kMaxSearchTextBytes + 1, 'a');
        for (const char *list : {"/definitions", "/workspaces"}) {
            HttpResult r = admin->get(base() + list + "?q=" + q);
            QCOMPARE(r.status, 400);
            QCOMPARE(r.json()["error"]["details"]["field"], json("q"));
        }
        // A 50,000-character query (once a 500 from SQLite) ends at the request-line limit.
        const HttpResult r = admin->get(base() + "/definitions?q=" + std::string(50000, 'a'));
        QCOMPARE(r.status, 414);
        QVERIFY(isJsonError(r, "uri_too_long"));
        QCOMPARE(
            admin->get(base() + "/definitions?q=" + std::string(pw::core::kMaxSearchTextBytes, 'a'))
                .status,
            200);
    }

    void ownerHandoverAnswersWhatWasDone()
    {
        HttpClient erin(server->port(), server->editorToken());
        const HttpResult created =
            erin.post(base() + "/workspaces", json{{"name", "Erin's"}, {"visibility", "private"}});
        QCOMPARE(created.status, 201);
        const std::string id = created.json()["id"].get<std::string>();
        const std::string adaId = admin->get(base() + "/workspaces/" + server->workspaceId())
                                      .json()["owner_user_id"]
                                      .get<std::string>();
        // The owner hands the private workspace to another member: saved, and the answer says so
        // (with the caller's new, empty permissions) instead of 404.
        const HttpResult r =
            erin.patch(base() + "/workspaces/" + id, json{{"owner_user_id", adaId}});
        QVERIFY2(r.status == 200, r.body.c_str());
        QCOMPARE(r.json()["owner_user_id"], json(adaId));
        QCOMPARE(r.json()["effective_permissions"],
                 json({{"view", false}, {"manage", false}, {"administer", false}}));
        QCOMPARE(erin.get(base() + "/workspaces/" + id).status, 404);
        QCOMPARE(admin->get(base() + "/workspaces/" + id).json()["owner_user_id"], json(adaId));
    }

    void malformedHttpGetsJsonAnswers_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("code");
        const QByteArray get = "GET /api/v1.0/spaces/default/pipeline-authoring/workspaces ";
        QByteArray manyHeaders = get + "HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 150; ++i)
            manyHeaders += "X-Filler-" + QByteArray::number(i) + ": y\r\n";
        QTest::newRow("150 headers") << manyHeaders + "\r\n"
                                     << 431 << QByteArray("headers_too_large");
        QTest::newRow("1 MiB header")
            << get + "HTTP/1.1\r\nHost: x\r\nX-Big: " + QByteArray(1 << 20, 'a') + "\r\n\r\n"
            << 431 << QByteArray("headers_too_large");
        QTest::newRow("HTTP/9.9") << get + "HTTP/9.9\r\nHost: x\r\n\r\n"
                                  << 505 << QByteArray("http_version_not_supported");
        QTest::newRow("HTTP/2.0") << get + "HTTP/2.0\r\nHost: x\r\n\r\n"
                                  << 505 << QByteArray("http_version_not_supported");
        QTest::newRow("not HTTP") << get + "SPDY/3\r\nHost: x\r\n\r\n"
                                  << 400 << QByteArray("invalid");
        QTest::newRow("no Host") << get + "HTTP/1.1\r\n\r\n" << 400 << QByteArray("invalid");
        QTest::newRow("two Content-Lengths")
            << QByteArray("POST /api/v1.0/spaces/default/pipeline-authoring/workspaces "
                          "HTTP/1.1\r\nHost: x\r\n"
                          "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}")
            << 400 << QByteArray("invalid");
        QTest::newRow("Content-Length and chunked")
            << QByteArray(
                   "POST /api/v1.0/spaces/default/pipeline-authoring/workspaces HTTP/1.1\r\n"
                   "Host: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n")
            << 400 << QByteArray("invalid");
        QTest::newRow("gzip coding")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, "
                          "chunked\r\n\r\n0\r\n\r\n")
            << 501 << QByteArray("not_implemented");
        QTest::newRow("negative length")
            << QByteArray("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n") << 400
            << QByteArray("invalid");
        QTest::newRow("folded header") << get + "HTTP/1.1\r\nHost: x\r\nX-A: a\r\n  b\r\n\r\n"
                                       << 400 << QByteArray("invalid");
        QTest::newRow("space in name") << get + "HTTP/1.1\r\nHost: x\r\nBad Name: a\r\n\r\n"
                                       << 400 << QByteArray("invalid");
        QTest::newRow("long target")
            << QByteArray("GET /") + QByteArray(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n"
            << 414 << QByteArray("uri_too_long");
        QTest::newRow("expectation") << get + "HTTP/1.1\r\nHost: x\r\nExpect: magic\r\n\r\n"
                                     << 417 << QByteArray("expectation_failed");
        QTest::newRow("binary junk")
            << QByteArray("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 15) << 400
            << QByteArray("invalid");
    }

    void malformedHttpGetsJsonAnswers()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QByteArray, code);
        RawConnection c(server->port());
        QVERIFY(c.send(std::string_view(raw.constData(), static_cast<size_t>(raw.size()))));
        const HttpResult r = c.readResponse(5000);
        QVERIFY2(r.status == status, (std::to_string(r.status) + " " + r.body).c_str());
        QVERIFY2(isJsonError(r, code.toStdString()), r.body.c_str());
        QCOMPARE(r.header("connection"), std::string("close"));
        QVERIFY(c.closedByPeer(5000));
    }

    void validTokenWorksWithManyOrdinaryHeaders()
    {
        // Up to the header limit every header is kept: the token still authenticates.
        std::string extra;
        for (int i = 0; i < pw::server::HttpLimits{}.maxHeaderCount - 3; ++i)
            extra += "X-Filler-" + std::to_string(i) + ": y\r\n";
        RawConnection c(server->port());
        QVERIFY(c.send(request("GET", base() + "/workspaces", server->viewerToken(), {}, extra)));
        QCOMPARE(c.readResponse(5000).status, 200);
    }

    void chunkedAndContinueBodiesWork()
    {
        RawConnection c(server->port());
        const std::string body = R"({"name": "Chunked workspace"})";
        QVERIFY(
            c.send("POST " + base() + "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                   server->adminToken() +
                   "\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: "
                   "chunked\r\n\r\n" +
                   "5;ext=1\r\n" + body.substr(0, 5) + "\r\n" +
                   QByteArray::number(static_cast<qsizetype>(body.size() - 5), 16).toStdString() +
                   "\r\n" + body.substr(5) + "\r\n0\r\nX-Trailer: t\r\n\r\n"));
        HttpResult r = c.readResponse(5000);
        QVERIFY2(r.status == 201, r.body.c_str());
        QCOMPARE(r.json()["name"], json("Chunked workspace"));
        // Expect: 100-continue gets the interim answer, then the real one, on the same connection.
        const std::string next = R"({"name": "Continued workspace"})";
        QVERIFY(c.send(
            "POST " + base() + "/workspaces HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
            server->adminToken() +
            "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " +
            std::to_string(next.size()) + "\r\n\r\n"));
        r = c.readResponse(5000);
        QCOMPARE(r.status, 100);
        QVERIFY(c.send(next));
        r = c.readResponse(5000);
        QCOMPARE(r.status, 201);
    }
};

QTEST_GUILESS_MAIN(tst_Hostile)
#include "tst_hostile.moc"
