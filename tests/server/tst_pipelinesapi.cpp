#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include "support/fixtures.h"
#include "support/hostileinput.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::aliasBomb;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::peakResidentBytes;

// The DataFlow face's pipelines and runs over real HTTP: a pipeline is a definition, an update
// a new version, a run the local runner's.
class tst_PipelinesApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<HttpClient> http;

    // The run once it has ended (or as it stands after a minute).
    json waitForRun(const std::string &runId)
    {
        json body;
        // The result is read from `body`: a run that has not ended fails the caller's check.
        [[maybe_unused]] const bool ended = QTest::qWaitFor(
            [&] {
                const HttpResult r = http->get("/api/v1/runs/" + runId);
                body = r.json();
                const std::string state = body.value("overallStatus", std::string());
                return r.status != 200 || state == "COMPLETED" || state == "FAILED" ||
                       state == "CANCELLED";
            },
            60000);
        return body;
    }

    json create(const json &body)
    {
        HttpResult r = http->post("/api/v1/pipelines", body);
        if (r.status != 201)
            qFatal("create: %d %s", r.status, r.body.c_str());
        return r.json();
    }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>(true);
        f->core().runs().setKillGraceMs(500);
        http = std::make_unique<HttpClient>(f->port(), f->token(Role::Editor, "erin"));
    }
    void cleanup()
    {
        http.reset();
        f.reset();
    }

    void theDocumentsExampleIsAcceptedAsItStands()
    {
        expectConnectors();
        const json p = create({{"name", "billing-daily-load"},
                               {"description", "Daily Teradata → Snowflake billing extract"},
                               {"yamlDefinition", "version: 1\nsource:\n  connection: "
                                                  "teradata-prod\ntarget:\n  connection: "
                                                  "snowflake-dwh\n"},
                               {"scheduleCron", "0 2 * * *"},
                               {"tags", {"billing", "daily"}},
                               {"sourceConnectionId", m_source},
                               {"targetConnectionId", m_target}});
        QCOMPARE(p["name"], json("billing-daily-load"));
        QCOMPARE(p["version"], json(1));
        QCOMPARE(p["status"], json("DRAFT"));
        QCOMPARE(p["scheduleCron"], json("0 2 * * *"));
        QCOMPARE(p["tags"], json({"billing", "daily"}));
        QCOMPARE(p["maxRetries"], json(3));
        QCOMPARE(p["retryDelaySeconds"], json(60));
        QCOMPARE(p["timeoutSeconds"], json(3600));
        QCOMPARE(p["sourceConnectionId"], json(m_source));
        QCOMPARE(p["targetConnectionId"], json(m_target));
        QCOMPARE(p["isActive"], json(true));
        QCOMPARE(p["workspaceId"], json(f->demoWorkspaceId()));
        // The YAML it answers is the canonical spec: a source step feeding a target step.
        const std::string yaml = p["yamlDefinition"].get<std::string>();
        QVERIFY2(yaml.find("type: source") != std::string::npos, yaml.c_str());
        QVERIFY(yaml.find("type: target") != std::string::npos);
        QVERIFY(yaml.find("connection: teradata-prod") != std::string::npos);
        // It is a definition: the authoring face reads the same thing.
        const std::string id = p["id"].get<std::string>();
        HttpResult def = http->get(Fixture::base() + "/definitions/" + id);
        QCOMPARE(def.status, 200);
        QCOMPARE(def.json()["current_version"], json(1));
        QCOMPARE(def.json()["spec"]["deployment"]["dag_id"], json("billing-daily-load"));
    }

    void anUpdateIsTheNextVersionEverywhere()
    {
        const json p = create({{"name", "shell-steps"},
                               {"yamlDefinition", "nodes:\n  - id: a\n    type: bash\n    command: "
                                                  "echo a\n"}});
        const std::string id = p["id"].get<std::string>();
        HttpResult r = http->put("/api/v1/pipelines/" + id,
                                 {{"description", "now with b"},
                                  {"maxRetries", 0},
                                  {"yamlDefinition", "nodes:\n  - id: a\n    type: bash\n    "
                                                     "command: echo a\n  - id: b\n    type: "
                                                     "empty\nedges:\n  - upstream: a\n    "
                                                     "downstream: b\n"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["version"], json(2));
        QCOMPARE(r.json()["maxRetries"], json(0));
        QCOMPARE(r.json()["description"], json("now with b"));
        // Settings the new YAML does not carry were kept.
        QCOMPARE(r.json()["timeoutSeconds"], json(3600));
        QCOMPARE(http->get(Fixture::base() + "/definitions/" + id).json()["current_version"],
                 json(2));
        // Listed, and found by its name.
        HttpResult list = http->get("/api/v1/pipelines?search=shell");
        QCOMPARE(list.status, 200);
        QCOMPARE(list.json().size(), size_t(1));
        QCOMPARE(list.json()[0]["id"], json(id));
    }

    void aRunAnswersAtOnceAndIsPolled()
    {
        const json p = create({{"name", "two-steps"},
                               {"yamlDefinition", "nodes:\n  - id: hello\n    type: bash\n    "
                                                  "command: echo hello {{ ds }}\n  - id: "
                                                  "boom\n    type: bash\n    command: exit 2\n"},
                               {"maxRetries", 0}});
        const std::string id = p["id"].get<std::string>();
        HttpResult r = http->post("/api/v1/pipelines/" + id + "/run", {{"triggeredBy", "u-1"}});
        QCOMPARE(r.status, 202);
        const json started = r.json();
        QCOMPARE(started["pipelineId"], json(id));
        QCOMPARE(started["taskCount"], json(2));
        QVERIFY(started["status"] == "PENDING" || started["status"] == "RUNNING");
        const json done = waitForRun(started["runId"].get<std::string>());
        QCOMPARE(done["overallStatus"], json("FAILED"));
        QCOMPARE(done["taskStatuses"]["hello"], json("COMPLETED"));
        QCOMPARE(done["taskStatuses"]["boom"], json("FAILED"));
        QCOMPARE(done["errors"]["boom"], json("exited with code 2"));
        QVERIFY(!done["errors"].contains("hello"));
        QCOMPARE(http->get("/api/v1/pipelines/" + id).json()["status"], json("FAILED"));
        // A body-less run is fine too; an unknown pipeline is 404.
        QCOMPARE(http->request("POST", "/api/v1/pipelines/" + id + "/run", "").status, 202);
        QCOMPARE(
            http->post("/api/v1/pipelines/" + std::string(36, '0') + "/run", json::object()).status,
            404);
        QCOMPARE(http->get("/api/v1/runs/nope").status, 404);
    }

    void cancelStopsARunAndDeleteTakesItsRuns()
    {
        const json p = create(
            {{"name", "slow"},
             {"yamlDefinition", "nodes:\n  - id: wait\n    type: bash\n    command: sleep 30\n"}});
        const std::string id = p["id"].get<std::string>();
        const std::string runId = http->post("/api/v1/pipelines/" + id + "/run", json::object())
                                      .json()["runId"]
                                      .get<std::string>();
        QTRY_COMPARE_WITH_TIMEOUT(http->get("/api/v1/runs/" + runId).json()["taskStatuses"]["wait"],
                                  json("RUNNING"), 10000);
        // Deleting a pipeline that is running is refused.
        QCOMPARE(http->del("/api/v1/pipelines/" + id).status, 409);
        HttpResult cancel = http->post("/api/v1/runs/" + runId + "/cancel", json::object());
        QCOMPARE(cancel.status, 200);
        QCOMPARE(cancel.json()["status"], json("CANCELLED"));
        QCOMPARE(http->post("/api/v1/runs/" + runId + "/cancel", json::object()).status, 409);
        HttpResult deleted = http->del("/api/v1/pipelines/" + id);
        QCOMPARE(deleted.status, 200);
        QCOMPARE(deleted.json()["deleted"], json(true));
        QCOMPARE(http->get("/api/v1/pipelines/" + id).status, 404);
        QCOMPARE(http->get("/api/v1/runs/" + runId).status, 404);
        QCOMPARE(http->get(Fixture::base() + "/definitions/" + id).status, 404);
    }

    void badPipelinesChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("no name") << QByteArray::fromStdString(
                                        json::parse("{\"yamlDefinition\": \"nodes: []\"}").dump())
                                 << "name";
        QTest::newRow("no yaml") << QByteArray::fromStdString(
                                        json::parse("{\"name\": \"x\"}").dump())
                                 << "yamlDefinition";
        QTest::newRow("not yaml")
            << QByteArray::fromStdString(
                   json::parse("{\"name\": \"x\", \"yamlDefinition\": \"a: [b\"}").dump())
            << "yamlDefinition";
        QTest::newRow("unknown field")
            << QByteArray::fromStdString(
                   json::parse("{\"name\": \"x\", \"yamlDefinition\": \"sink: {}\"}").dump())
            << "yamlDefinition";
        QTest::newRow("source without connection")
            << QByteArray::fromStdString(json::parse("{\"name\": \"x\", \"yamlDefinition\": "
                                                     "\"source: {}\\ntarget: {connection: b}\"}")
                                             .dump())
            << "yamlDefinition";
        QTest::newRow("unknown connection id")
            << QByteArray::fromStdString(
                   json::parse("{\"name\": \"x\", \"yamlDefinition\": \"source: {connection: "
                               "a}\\ntarget: {connection: b}\", \"sourceConnectionId\": \"nope\"}")
                       .dump())
            << "sourceConnectionId";
        QTest::newRow("negative retries")
            << QByteArray::fromStdString(
                   json::parse(
                       "{\"name\": \"x\", \"yamlDefinition\": \"nodes: []\", \"maxRetries\": -1}")
                       .dump())
            << "maxRetries";
        QTest::newRow("wrong type")
            << QByteArray::fromStdString(
                   json::parse("{\"name\": 5, \"yamlDefinition\": \"nodes: []\"}").dump())
            << "name";
    }
    void badPipelinesChangeNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        const size_t before = http->get("/api/v1/pipelines").json().size();
        HttpResult r = http->request("POST", "/api/v1/pipelines", body.toStdString());
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()["error"]["code"], json("invalid"));
        QCOMPARE(QString::fromStdString(r.json()["error"]["details"].value("field", std::string())),
                 field);
        QCOMPARE(http->get("/api/v1/pipelines").json().size(), before);
    }

    void aViewerReadsButCannotRunOrDelete()
    {
        HttpClient viewer(f->port(), f->token(Role::Viewer, "vic"));
        const std::string id = f->demoDefinitionId();
        QCOMPARE(viewer.get("/api/v1/pipelines/" + id).status, 200);
        QCOMPARE(viewer.post("/api/v1/pipelines/" + id + "/run", json::object()).status, 403);
        QCOMPARE(viewer.del("/api/v1/pipelines/" + id).status, 403);
        QCOMPARE(viewer.get("/api/v1/pipelines/" + id).status, 200);
    }

    void aViewersYamlIsNotReadBeforeTheRefusal()
    {
        const json p = create(
            {{"name", "guarded"}, {"yamlDefinition", "nodes:\n  - id: a\n    type: empty\n"}});
        const std::string id = p["id"].get<std::string>();
        HttpClient viewer(f->port(), f->token(Role::Viewer, "vic"));
        // Malformed YAML from a caller who may not write is a 403, not a 400: the body's YAML
        // is read only after the permission check.
        const std::string broken = "nodes: [unclosed\n";
        HttpResult r =
            viewer.post("/api/v1/pipelines/" + id + "/run", {{"yamlDefinition", broken}});
        QCOMPARE(r.status, 403);
        r = viewer.put("/api/v1/pipelines/" + id, {{"yamlDefinition", broken}});
        QCOMPARE(r.status, 403);
        r = viewer.post(
            "/api/v1/pipelines",
            {{"name", "mine"}, {"workspaceId", f->demoWorkspaceId()}, {"yamlDefinition", broken}});
        QCOMPARE(r.status, 403);
        // A viewer's alias bomb costs nothing: refused before it is parsed, memory unmoved.
        const int64_t before = peakResidentBytes();
        r = viewer.post("/api/v1/pipelines/" + id + "/run", {{"yamlDefinition", aliasBomb()}});
        QCOMPARE(r.status, 403);
        const int64_t grown = peakResidentBytes() - before;
        QVERIFY2(grown < 16 * 1024 * 1024, std::to_string(grown).c_str());
        QCOMPARE(http->get("/api/v1/pipelines/" + id).json()["version"], json(1));
    }

    void anEditorsAliasBombIsTooLargeAndStoresNothing()
    {
        const json p = create(
            {{"name", "bombed"}, {"yamlDefinition", "nodes:\n  - id: a\n    type: empty\n"}});
        const std::string id = p["id"].get<std::string>();
        const int64_t before = peakResidentBytes();
        for (const auto &[method, path] : {std::pair{"PUT", "/api/v1/pipelines/" + id},
                                           std::pair{"POST", "/api/v1/pipelines/" + id + "/run"},
                                           std::pair{"POST", std::string("/api/v1/pipelines")}}) {
            const json body = {{"name", "bomb"}, {"yamlDefinition", aliasBomb()}};
            const HttpResult r = http->request(method, path, body.dump());
            QVERIFY2(r.status == 413, (path + " -> " + r.body).c_str());
            QCOMPARE(r.errorCode(), std::string("payload_too_large"));
            QCOMPARE(r.json()["error"]["details"]["field"], json("yamlDefinition"));
        }
        const int64_t grown = peakResidentBytes() - before;
        QVERIFY2(grown < 16 * 1024 * 1024, std::to_string(grown).c_str());
        // Nothing stored: the pipeline keeps its version, has no run, and no pipeline was added.
        const HttpResult list = http->get("/api/v1/pipelines");
        QCOMPARE(list.json().size(), size_t(2)); // the demo and this one
        QCOMPARE(http->get("/api/v1/pipelines/" + id).json()["version"], json(1));
        QCOMPARE(http->get("/api/v1/pipelines/" + id).json()["status"], json("DRAFT"));
    }

private:
    void expectConnectors()
    {
        m_source =
            f->core().registry().registerConnector(f->local(), "teradata-prod", "teradata")->id;
        m_target =
            f->core().registry().registerConnector(f->local(), "snowflake-dwh", "snowflake")->id;
    }
    std::string m_source;
    std::string m_target;
};

QTEST_GUILESS_MAIN(tst_PipelinesApi)
#include "tst_pipelinesapi.moc"
