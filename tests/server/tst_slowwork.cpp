// Slow work never holds the server: a publish whose python3 check takes seconds and a clone of a
// remote that never answers run on job threads, while every other request answers at once; both
// can be cancelled and leave nothing behind.
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <latch>
#include <vector>

#include "server/http/limits.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::server::HttpLimits;
using pw::test::expectOk;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::occupyJobThreads;
using pw::test::RawConnection;

namespace {

// A python3 that never finishes its check on its own: it waits for its standard input to end,
// which the publish gate never closes (a single process, so a kill leaves no child behind). The
// publish is therefore still checking whenever the test cancels it, however slow the machine or
// the sanitizer build; if a cancel failed to kill it, the gate's own 60 s limit would, and the
// test's waits for "cancelled" would fail first.
constexpr const char *kSlowPython = "#!/usr/bin/python3\n"
                                    "import sys\n"
                                    "sys.stdin.read()\n";

// Processes whose command line names `marker`.
int processesNaming(const QString &marker)
{
    int count = 0;
    QDirIterator it(QStringLiteral("/proc"), QDir::Dirs | QDir::NoDotAndDotDot);
    while (it.hasNext()) {
        QFile cmdline(it.next() + QStringLiteral("/cmdline"));
        if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains(marker.toUtf8()))
            ++count;
    }
    return count;
}

JobState stateOf(Fixture &f, const std::string &jobId)
{
    return expectOk(f.core().jobs().get(f.local(), jobId), "job").state;
}

std::string jobOfKind(Fixture &f, const std::string &kind)
{
    return expectOk(f.core().store().read([&](Database &db) -> Result<std::string> {
        auto q = db.cached("SELECT id FROM jobs WHERE kind = ? "
                           "ORDER BY created_at DESC LIMIT 1");
        q->bind(1, kind);
        return q->step() ? q->text(0) : std::string();
    }),
                    "job of kind");
}

} // namespace

class tst_SlowWork : public QObject
{
    Q_OBJECT

    QTemporaryDir m_bin;
    QByteArray m_path;

private slots:
    void initTestCase()
    {
        QFile python(m_bin.filePath(QStringLiteral("python3")));
        QVERIFY(python.open(QIODevice::WriteOnly));
        python.write(kSlowPython);
        python.close();
        QVERIFY(python.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        // The server runs in this process: its publish gate finds this python3 first.
        m_path = qgetenv("PATH");
        qputenv("PATH", m_bin.path().toUtf8() + ':' + m_path);
    }

    void cleanupTestCase() { qputenv("PATH", m_path); }

    void slowWorkLeavesEveryOtherRequestFree()
    {
        Fixture f(true, Fixture::localRemotes());
        const std::string token = f.token(Role::Admin, "ada");
        const std::string definition = Fixture::base() + "/definitions/" + f.demoDefinitionId();

        // A publish waiting for its answer (the client reads nothing yet).
        auto publisher = std::make_unique<RawConnection>(f.port());
        const std::string body = json{{"title", "Publish renewals"}}.dump();
        QVERIFY(publisher->send("POST " + definition + "/publish HTTP/1.1\r\nHost: t\r\n" +
                                "Authorization: Bearer " + token +
                                "\r\nContent-Type: application/json\r\nContent-Length: " +
                                std::to_string(body.size()) + "\r\n\r\n" + body));
        QTRY_VERIFY_WITH_TIMEOUT(processesNaming(m_bin.path()) == 1, 10000);
        const std::string publishJob = jobOfKind(f, "publish");

        // A clone from a remote that accepts the connection and never answers.
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        HttpClient http(f.port(), token);
        HttpResult r = http.post(
            "/api/v1/git/repos",
            {{"remoteUrl", "http://127.0.0.1:" + std::to_string(silent.serverPort()) + "/r.git"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string cloneJob = r.json()["jobId"].get<std::string>();
        const std::string clonePath =
            expectOk(f.core().registry().repository(f.local().spaceId,
                                                    r.json()["id"].get<std::string>()),
                     "repository")
                ->localPath;
        QTRY_COMPARE(stateOf(f, cloneJob), JobState::Running);

        // Meanwhile everything else answers at once, again and again. A held server thread would
        // make every one of them wait for the check; on a loaded machine one answer may still
        // be preempted, so the median must be under 50 ms and none may come near the check's time.
        std::vector<qint64> took;
        QElapsedTimer one;
        for (int i = 0; i < 20; ++i) {
            for (const std::string &path : {std::string("/api/health"), definition}) {
                one.start();
                QCOMPARE(http.get(path).status, 200);
                took.push_back(one.elapsed());
            }
        }
        std::sort(took.begin(), took.end());
        QVERIFY2(took[took.size() / 2] < 50,
                 qPrintable(QStringLiteral("median answer: %1 ms").arg(took[took.size() / 2])));
        QVERIFY2(took.back() < 1000,
                 qPrintable(QStringLiteral("slowest answer: %1 ms").arg(took.back())));
        QCOMPARE(stateOf(f, publishJob), JobState::Running);
        QCOMPARE(stateOf(f, cloneJob), JobState::Running);

        // The publish's client leaves: its job stops, python3 with it, nothing is committed.
        publisher.reset();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(f, publishJob), JobState::Cancelled, 10000);
        QTRY_COMPARE(processesNaming(m_bin.path()), 0);
        QCOMPARE(f.core().definitions().get(f.local(), f.demoDefinitionId())->definition->status,
                 std::string("draft"));
        QCOMPARE(f.core().repositories().branches(f.local(), f.demoRepositoryId(), false)->size(),
                 size_t(1));

        // The clone is cancelled through the jobs route: the blocked read ends, the half-made
        // repository goes.
        r = http.post(Fixture::base() + "/jobs/" + cloneJob + "/cancel", json::object());
        QCOMPARE(r.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(f, cloneJob), JobState::Cancelled, 10000);
        QTRY_VERIFY(!QDir(QString::fromStdString(clonePath)).exists());
    }

    void anAsyncPublishIsAJobThatCanBeCancelled()
    {
        Fixture f(true);
        HttpClient http(f.port(), f.token(Role::Editor, "erin"));
        const std::string definition = Fixture::base() + "/definitions/" + f.demoDefinitionId();
        HttpResult r =
            http.request("POST", definition + "/publish", "{}", {{"Prefer", "respond-async"}});
        QCOMPARE(r.status, 202);
        const std::string job = r.json()["id"].get<std::string>();
        QCOMPARE(r.header("location"), Fixture::base() + "/jobs/" + job);
        QCOMPARE(r.json()["kind"], json("publish"));
        QTRY_VERIFY_WITH_TIMEOUT(processesNaming(m_bin.path()) == 1, 10000);
        // Another member who may see the definition sees the job; cancelling is its creator's.
        HttpClient viewer(f.port(), f.token(Role::Viewer, "vera"));
        QCOMPARE(viewer.get(Fixture::base() + "/jobs/" + job).status, 200);
        QCOMPARE(viewer.post(Fixture::base() + "/jobs/" + job + "/cancel", json::object()).status,
                 403);
        r = http.post(Fixture::base() + "/jobs/" + job + "/cancel", json::object());
        QCOMPARE(r.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(http.get(Fixture::base() + "/jobs/" + job).json()["state"],
                                  json("cancelled"), 10000);
        QTRY_COMPARE(processesNaming(m_bin.path()), 0);
        QCOMPARE(f.core().definitions().get(f.local(), f.demoDefinitionId())->definition->status,
                 std::string("draft"));
        QCOMPARE(http.post(Fixture::base() + "/jobs/" + job + "/cancel", json::object()).status,
                 409);
    }

    void aLargePipelineYamlIsReadOnAJobThread()
    {
        // Reading a few megabytes of YAML takes seconds; the DataFlow routes that take it
        // (create, update, run with an edited definition) read it on a job thread, and the one
        // that writes it (a pipeline's read) writes it there. With every job
        // thread busy the update waits for one, and meanwhile the server answers everyone else.
        Fixture f(true);
        const std::string token = f.token(Role::Editor, "erin");
        std::string yaml = "nodes:\n  - id: start\n    type: empty\n"
                           "    description: long\nparams:\n  values: [";
        for (int i = 0; i < 100000; ++i)
            yaml += i ? ",1" : "1";
        yaml += "]\n";
        std::latch release(1);
        QVERIFY(occupyJobThreads(f, release));
        const std::string body = json{{"yamlDefinition", yaml}}.dump();
        RawConnection update(f.port());
        QVERIFY(update.send("PUT /api/v1/pipelines/" + f.demoDefinitionId() +
                            " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token +
                            "\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body));
        HttpClient http(f.port(), token);
        QCOMPARE(http.get("/api/health").status, 200);
        QCOMPARE(http.get(Fixture::base() + "/definitions").status, 200);
        // So is a read of the pipeline, whose YAML is written for each answer.
        RawConnection read(f.port());
        QVERIFY(read.send("GET /api/v1/pipelines/" + f.demoDefinitionId() +
                          " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n\r\n"));
        QCOMPARE(update.readResponse(200).status, 0); // still waiting for a job thread
        QCOMPARE(read.readResponse(200).status, 0);
        release.count_down();
        const HttpResult answer = update.readResponse(30000);
        QVERIFY2(answer.status == 200, answer.body.c_str());
        QCOMPARE(read.readResponse(30000).status, 200);
        QCOMPARE(f.core()
                     .definitions()
                     .get(f.local(), f.demoDefinitionId())
                     ->definition->spec.params["values"]
                     .size(),
                 size_t(100000));
    }

    void aLargeJsonBodyIsReadOnAJobThread()
    {
        // Parsing megabytes of JSON takes a good part of a second: a request whose body is over
        // HttpLimits::maxInlineBodyBytes is parsed and handled on a job thread. With every job
        // thread busy it waits for one, and meanwhile the server answers everyone else, small
        // writes included.
        Fixture f(true);
        const std::string token = f.token(Role::Editor, "erin");
        const std::string files =
            Fixture::base() + "/definitions/" + f.demoDefinitionId() + "/files";
        std::string content;
        while (content.size() < 2 * 1024 * 1024)
            content += "a line of a large file that a tool saves in one request\n";
        const std::string body = json{{"path", "data/large.txt"}, {"content", content}}.dump();
        const std::string head = "PUT " + files + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                                 token + "\r\nContent-Type: application/json\r\n";
        std::latch release(1);
        QVERIFY(occupyJobThreads(f, release));
        RawConnection large(f.port());
        QVERIFY(large.send(head + "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" +
                           body));
        // A malformed large body waits too, and is then refused like a small one.
        const std::string broken = body.substr(0, body.size() - 2);
        RawConnection malformed(f.port());
        QVERIFY(malformed.send(head + "Content-Length: " + std::to_string(broken.size()) +
                               "\r\n\r\n" + broken));
        HttpClient http(f.port(), token);
        QCOMPARE(http.get("/api/health").status, 200);
        const HttpResult small =
            http.put(files, json{{"path", "data/small.txt"}, {"content", "small\n"}});
        QVERIFY2(small.status == 200 || small.status == 201, small.body.c_str());
        QCOMPARE(large.readResponse(200).status, 0); // still waiting for a job thread
        QCOMPARE(malformed.readResponse(0).status, 0);
        QVERIFY(!f.core().repositories().read(f.local(), f.demoDefinitionId(), "data/large.txt"));
        release.count_down();
        const HttpResult saved = large.readResponse(30000);
        QVERIFY2(saved.status == 200 || saved.status == 201, saved.body.c_str());
        const HttpResult refused = malformed.readResponse(30000);
        QCOMPARE(refused.status, 400);
        QCOMPARE(refused.errorCode(), std::string("invalid"));
        const HttpResult read = http.get(files + "?path=data/large.txt");
        QCOMPARE(read.status, 200);
        QCOMPARE(read.json()["content"].get<std::string>(), content);
    }

    void aCallerHasOnlySoManyLargeBodiesInHand()
    {
        // Large bodies waiting for a request thread are answers in progress: one token has at
        // most 16 (HttpLimits::maxDeferredPerToken), and up to 64 more wait for their turn
        // (maxWaitingForTurnPerToken); the next is 429 with Retry-After and changes nothing, and
        // those waiting are all handled once a thread is free. A caller's own jobs (here, queued
        // validations) do not take their places.
        Fixture f(true);
        const std::string token = f.token(Role::Editor, "erin");
        std::latch release(1);
        auto letGo = qScopeGuard([&release] { release.count_down(); });
        QVERIFY(occupyJobThreads(f, release));
        HttpClient http(f.port(), token);
        const json compile = json::parse(
            R"({"mode": "validate", "spec": {"nodes": [{"id": "a", "type": "empty"}], "edges": []}})");
        int queued = 0;
        while (queued < 100 && http.post(Fixture::base() + "/compiler/jobs", compile).status == 202)
            ++queued;
        QVERIFY(queued > 0 && queued < 100);
        const std::string files =
            Fixture::base() + "/definitions/" + f.demoDefinitionId() + "/files";
        const int kInHand =
            HttpLimits{}.maxDeferredPerToken + HttpLimits{}.maxWaitingForTurnPerToken;
        std::vector<std::unique_ptr<RawConnection>> waiting;
        for (int i = 0; i <= kInHand; ++i) {
            const std::string body = json{{"path", "data/large-" + std::to_string(i) + ".txt"},
                                          {"content", std::string(300 * 1024, 'a')}}
                                         .dump();
            auto c = std::make_unique<RawConnection>(f.port());
            QVERIFY(c->send("PUT " + files + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " +
                            token + "\r\nContent-Type: application/json\r\nContent-Length: " +
                            std::to_string(body.size()) + "\r\n\r\n" + body));
            waiting.push_back(std::move(c));
        }
        // The server reads the connections in whatever order: one of them, whichever came last,
        // is answered at once.
        HttpResult refused;
        size_t refusedAt = 0;
        QElapsedTimer patience;
        patience.start();
        while (!refused.status && patience.elapsed() < 20000) {
            for (size_t i = 0; i < waiting.size() && !refused.status; ++i) {
                if (refused = waiting[i]->readResponse(5); refused.status)
                    refusedAt = i;
            }
        }
        waiting.erase(waiting.begin() + static_cast<std::ptrdiff_t>(refusedAt));
        QCOMPARE(waiting.size(), size_t(kInHand));
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.errorCode(), std::string("too_many_requests"));
        QVERIFY(!refused.header("retry-after").empty());
        QVERIFY(!f.core().repositories().read(f.local(), f.demoDefinitionId(),
                                              "data/large-" + std::to_string(refusedAt) + ".txt"));
        QCOMPARE(http.get("/api/health").status, 200);
        letGo.dismiss();
        release.count_down();
        for (auto &c : waiting) {
            const HttpResult saved = c->readResponse(30000);
            QVERIFY2(saved.status == 200 || saved.status == 201, saved.body.c_str());
        }
        const size_t saved = refusedAt == 0 ? 1 : 0;
        QVERIFY(f.core().repositories().read(f.local(), f.demoDefinitionId(),
                                             "data/large-" + std::to_string(saved) + ".txt"));
    }

    void whatGrowsWithADefinitionIsReadAndWrittenOffTheServerThread()
    {
        // Reading a version of a 3 MB spec takes a quarter of a second and comparing it half a
        // second; thirty viewers comparing at once held the server 10 s. Those routes, and the
        // writes that store a new version of the spec, run on the request threads: with every
        // thread busy they wait, and the server answers everyone else meanwhile.
        Fixture f(true);
        const std::string viewer = f.token(Role::Viewer, "vera");
        const std::string editor = f.token(Role::Editor, "erin");
        const std::string d = Fixture::base() + "/definitions/" + f.demoDefinitionId();
        HttpClient http(f.port(), editor);
        QCOMPARE(http.patch(d, json{{"description", "a second version"}}).status, 200);
        const std::string version = http.get(d + "/versions").json()[1]["id"].get<std::string>();
        std::latch release(1);
        auto letGo = qScopeGuard([&release] { release.count_down(); });
        QVERIFY(occupyJobThreads(f, release));
        auto request = [&](const std::string &token, const std::string &line,
                           const std::string &body = {}) {
            auto c = std::make_unique<RawConnection>(f.port());
            std::string text =
                line + " HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer " + token + "\r\n";
            if (!body.empty())
                text += "Content-Type: application/json\r\nContent-Length: " +
                        std::to_string(body.size()) + "\r\n";
            c->send(text + "\r\n" + body);
            return c;
        };
        auto compare = request(viewer, "GET " + d + "/versions/" + version + "/compare");
        auto read = request(viewer, "GET " + d + "/versions/" + version);
        auto patch = request(editor, "PATCH " + d, R"({"description": "while busy"})");
        QCOMPARE(http.get("/api/health").status, 200);
        QCOMPARE(http.get(Fixture::base() + "/workspaces").status, 200);
        QCOMPARE(compare->readResponse(100).status, 0); // waiting for a request thread
        QCOMPARE(read->readResponse(0).status, 0);
        QCOMPARE(patch->readResponse(0).status, 0);
        letGo.dismiss();
        release.count_down();
        QCOMPARE(compare->readResponse(30000).status, 200);
        QCOMPARE(read->readResponse(30000).status, 200);
        QCOMPARE(patch->readResponse(30000).status, 200);
        QCOMPARE(http.get(d).json()["description"], json("while busy"));
    }

    void aCatastrophicPatternNeitherFreezesTheServerNorRunsPastItsDeadline()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Viewer, "vera");
        const std::string search = Fixture::base() + "/definitions/" + f.demoDefinitionId() +
                                   "/files/search?regex=true&q=";
        // A file of long lines of a's that never end in the pattern's way: (a+)+$ backtracks
        // exponentially on each.
        std::string content;
        for (int i = 0; i < 2000; ++i)
            content += std::string(40, 'a') + "!\n";
        expectOk(f.core().repositories().save(f.local(), f.demoDefinitionId(),
                                              {"data/aaaa.txt", content, std::nullopt}),
                 "save");
        // Every job thread busy, so the search waits its turn and stays under way.
        std::latch release(1);
        QVERIFY(occupyJobThreads(f, release));
        // Two searches of one caller at once (on two connections, in whatever order the server
        // reads them): one waits its turn, the other is refused rather than queued behind it.
        RawConnection a(f.port());
        RawConnection b(f.port());
        const std::string auth = "Authorization: Bearer " + token + "\r\n\r\n";
        QVERIFY(a.send("GET " + search + "(a%2B)%2B%24 HTTP/1.1\r\nHost: t\r\n" + auth));
        QVERIFY(b.send("GET " + search + "a%2B HTTP/1.1\r\nHost: t\r\n" + auth));
        HttpResult refused;
        RawConnection *waiting = nullptr;
        QElapsedTimer patience;
        patience.start();
        while (!waiting && patience.elapsed() < 10000) {
            if (refused = a.readResponse(20); refused.status)
                waiting = &b;
            else if (refused = b.readResponse(20); refused.status)
                waiting = &a;
        }
        QVERIFY(waiting);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("retry-after"), std::string("1"));
        QCOMPARE(refused.errorCode(), std::string("too_many_requests"));
        // Meanwhile the server answers others (the waiting search holds no thread of it).
        HttpClient http(f.port(), token);
        QCOMPARE(http.get("/api/health").status, 200);
        release.count_down();
        QCOMPARE(waiting->readResponse(15000).status, 200);
        // The catastrophic pattern fails its first line within its match limit and the search
        // ends at once, saying why.
        QElapsedTimer clock;
        clock.start();
        HttpResult answer = http.get(search + "(a%2B)%2B%24");
        QCOMPARE(answer.status, 200);
        QVERIFY2(clock.elapsed() < 7000, qPrintable(QString::number(clock.elapsed())));
        QCOMPARE(answer.json()["timed_out"], json(true));
        QCOMPARE(answer.json()["too_costly"], json(true));
        // A pattern that is merely regular finds its lines.
        HttpResult plain = http.get(search + "a%7B40%7D!%24");
        QCOMPARE(plain.status, 200);
        QCOMPARE(plain.json()["results"].size(), size_t(200));
        QCOMPARE(plain.json()["timed_out"], json(false));
    }
};

QTEST_GUILESS_MAIN(tst_SlowWork)
#include "tst_slowwork.moc"
