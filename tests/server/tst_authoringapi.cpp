#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <functional>
#include <set>

#include "server/http/apiserver.h"
#include "server/http/openapi.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;

namespace {

// The request bodies of the Pipeline Authoring reference, with its placeholder ids swapped for
// real ones.
json createWorkspaceBody(const std::string &repo, const std::string &owner,
                         const std::string &connector)
{
    json body = json::parse(R"({
        "name": "Customer renewal pipelines",
        "default_repository_id": "repository-uuid",
        "owner_user_id": "owner-user-uuid",
        "visibility": "shared",
        "authoring_query_connector_ids": ["connector-uuid"],
        "customization": {}
    })");
    body["default_repository_id"] = repo;
    body["owner_user_id"] = owner;
    body["authoring_query_connector_ids"] = {connector};
    return body;
}

json createDefinitionBody(const std::string &workspace, const std::string &repo)
{
    json body = json::parse(R"({
        "name": "Customer renewal load",
        "description": "Loads renewal candidates and quality checks.",
        "target": "airflow",
        "workspace_id": "workspace-uuid",
        "repository_id": "repository-uuid",
        "spec": {}
    })");
    body["workspace_id"] = workspace;
    body["repository_id"] = repo;
    return body;
}

const char *kAddNodeBody = R"({
    "node": {
        "id": "load_customer_renewals",
        "type": "python_module",
        "label": "Load customer renewals",
        "module": "pipelines.customer_renewals",
        "callable": "load"
    },
    "upstream": ["extract_customer_renewals"],
    "downstream": ["validate_customer_renewals"],
    "change_summary": "Add renewal load task"
})";

const char *kReplaceDependenciesBody = R"({
    "edges": [
        { "upstream": "extract_customer_renewals", "downstream": "load_customer_renewals" },
        { "upstream": "load_customer_renewals", "downstream": "validate_customer_renewals" }
    ],
    "change_summary": "Rewire renewal task order"
})";

std::string b()
{
    return Fixture::base();
}

} // namespace

class tst_AuthoringApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<HttpClient> http;
    std::string adminId;

    int versionCount(const std::string &definition)
    {
        const HttpResult r = http->get(b() + "/definitions/" + definition + "/versions");
        return std::stoi(r.header("x-total-count"));
    }

    std::string newDefinition()
    {
        const HttpResult r =
            http->post(b() + "/definitions",
                       createDefinitionBody(f->demoWorkspaceId(), f->demoRepositoryId()));
        if (r.status != 201)
            qFatal("create definition: %d %s", r.status, r.body.c_str());
        return r.json()["id"].get<std::string>();
    }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>(true);
        const std::string token = f->token(Role::Admin, "ada");
        http = std::make_unique<HttpClient>(f->port(), token);
        adminId = f->core().access().authenticate(token)->userId;
    }

    void cleanup()
    {
        http.reset();
        f.reset();
    }

    void createWorkspaceFromTheReferenceBody()
    {
        const auto connectors = *f->core().registry().connectors(f->local().spaceId);
        const HttpResult r =
            http->post(b() + "/workspaces",
                       createWorkspaceBody(f->demoRepositoryId(), adminId, connectors.front().id));
        QCOMPARE(r.status, 201);
        QCOMPARE(r.header("content-type"), std::string("application/json"));
        const json w = r.json();
        for (const char *field :
             {"id", "name", "default_repository_id", "owner_user_id", "visibility",
              "authoring_query_connector_ids", "customization", "archived_at", "created_at",
              "updated_at", "effective_permissions"})
            QVERIFY2(w.contains(field), field);
        QCOMPARE(w["name"], json("Customer renewal pipelines"));
        QCOMPARE(w["visibility"], json("shared"));
        QCOMPARE(w["default_repository_id"], json(f->demoRepositoryId()));
        QCOMPARE(w["authoring_query_connector_ids"], json::array({connectors.front().id}));
        QCOMPARE(w["archived_at"], json());
        QCOMPARE(w["effective_permissions"],
                 json::parse(R"({"view": true, "manage": true, "administer": true})"));
        const HttpResult got = http->get(b() + "/workspaces/" + w["id"].get<std::string>());
        QCOMPARE(got.status, 200);
        QCOMPARE(got.json()["name"], w["name"]);
    }

    void workspaceListIsPaginated()
    {
        for (int i = 0; i < 3; ++i)
            QCOMPARE(
                http->post(b() + "/workspaces", json{{"name", "W" + std::to_string(i)}}).status,
                201);
        const HttpResult r = http->get(b() + "/workspaces?page=2&page_size=2");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-total-count"), std::string("4"));
        QCOMPARE(r.json().size(), size_t(2));
        const std::string link = r.header("link");
        QVERIFY2(link.find("page=1&page_size=2>; rel=\"first\"") != std::string::npos,
                 link.c_str());
        QVERIFY2(link.find("page=1&page_size=2>; rel=\"prev\"") != std::string::npos, link.c_str());
        QVERIFY(link.find("rel=\"next\"") == std::string::npos);
        QVERIFY(link.find("page=2&page_size=2>; rel=\"last\"") != std::string::npos);
    }

    void workspacePatchAccessArchiveSettings()
    {
        const std::string id = f->demoWorkspaceId();
        HttpResult r =
            http->patch(b() + "/workspaces/" + id,
                        json{{"name", "Renamed"}, {"customization", {{"color", "teal"}}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["name"], json("Renamed"));
        QCOMPARE(r.json()["customization"]["color"], json("teal"));

        const std::string viewerToken = f->token(Role::Viewer, "vic");
        const std::string viewerId = f->core().access().authenticate(viewerToken)->userId;
        r = http->put(b() + "/workspaces/" + id + "/access",
                      json{{"visibility", "private"},
                           {"grants", {{{"user_id", viewerId}, {"access", "view"}}}}});
        QCOMPARE(r.status, 200);
        r = http->get(b() + "/workspaces/" + id + "/access");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["visibility"], json("private"));
        QCOMPARE(r.json()["grants"][0]["user_id"], json(viewerId));
        QCOMPARE(r.json()["grants"][0]["access"], json("view"));

        HttpClient viewer(f->port(), viewerToken);
        r = viewer.get(b() + "/workspaces/" + id);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["effective_permissions"],
                 json::parse(R"({"view": true, "manage": false, "administer": false})"));

        r = http->get(b() + "/settings");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["default_repository_id"], json());
        r = http->patch(b() + "/settings", json{{"default_repository_id", f->demoRepositoryId()}});
        QCOMPARE(r.status, 200);
        QCOMPARE(http->get(b() + "/settings").json()["default_repository_id"],
                 json(f->demoRepositoryId()));

        r = http->post(b() + "/workspaces/" + id + "/archive", json::object());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json()["archived_at"].is_string());
        QCOMPARE(http->post(b() + "/workspaces/" + id + "/archive", json::object()).status, 409);
        QCOMPARE(http->patch(b() + "/workspaces/" + id, json{{"name", "x"}}).status, 409);
    }

    void createDefinitionFromTheReferenceBody()
    {
        const HttpResult r =
            http->post(b() + "/definitions",
                       createDefinitionBody(f->demoWorkspaceId(), f->demoRepositoryId()));
        QCOMPARE(r.status, 201);
        const json d = r.json();
        QCOMPARE(d["name"], json("Customer renewal load"));
        QCOMPARE(d["target"], json("airflow"));
        QCOMPARE(d["workspace_id"], json(f->demoWorkspaceId()));
        QCOMPARE(d["current_version"], json(1));
        QCOMPARE(d["spec"],
                 json::parse(R"({"nodes": [], "edges": [], "deployment": {}, "params": {}})"));
        QCOMPARE(d["effective_permissions"]["manage"], json(true));
        QCOMPARE(versionCount(d["id"].get<std::string>()), 1);
        QCOMPARE(http->get(b() + "/definitions/" + d["id"].get<std::string>()).json(), d);
    }

    void addNodeFromTheReferenceBody()
    {
        const std::string id = newDefinition();
        HttpResult r = http->patch(b() + "/definitions/" + id, json::parse(R"({"spec": {"nodes": [
            {"id": "extract_customer_renewals", "type": "sql", "connector": "warehouse", "query": "select 1"},
            {"id": "validate_customer_renewals", "type": "python_module", "module": "checks", "callable": "run"}]},
            "change_summary": "Seed nodes"})"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["current_version"], json(2));
        r = http->post(b() + "/definitions/" + id + "/nodes", json::parse(kAddNodeBody));
        QCOMPARE(r.status, 201);
        const json body = r.json();
        QCOMPARE(body["definition"]["current_version"], json(3));
        QCOMPARE(body["node"]["id"], json("load_customer_renewals"));
        QCOMPARE(body["node"]["label"], json("Load customer renewals"));
        const json edges = body["definition"]["spec"]["edges"];
        QCOMPARE(edges.size(), size_t(2));
        QCOMPARE(
            edges[0],
            json::parse(
                R"({"upstream": "extract_customer_renewals", "downstream": "load_customer_renewals"})"));
        QCOMPARE(
            edges[1],
            json::parse(
                R"({"upstream": "load_customer_renewals", "downstream": "validate_customer_renewals"})"));
        QCOMPARE(versionCount(id), 3);
        const json versions = http->get(b() + "/definitions/" + id + "/versions").json();
        QCOMPARE(versions[0]["number"], json(3));
        QCOMPARE(versions[0]["change_summary"], json("Add renewal load task"));
        QCOMPARE(versions[0]["author_name"], json("ada"));
    }

    void replaceDependenciesFromTheReferenceBody()
    {
        const std::string id = newDefinition();
        QCOMPARE(http->patch(b() + "/definitions/" + id, json::parse(R"({"spec": {"nodes": [
            {"id": "extract_customer_renewals", "type": "empty"},
            {"id": "load_customer_renewals", "type": "empty"},
            {"id": "validate_customer_renewals", "type": "empty"}],
            "edges": [{"upstream": "extract_customer_renewals", "downstream": "validate_customer_renewals"}]}})"))
                     .status,
                 200);
        const HttpResult r = http->put(b() + "/definitions/" + id + "/dependencies",
                                       json::parse(kReplaceDependenciesBody));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["dependencies"].size(), size_t(2));
        QCOMPARE(r.json()["dependencies"][0]["id"],
                 json("extract_customer_renewals->load_customer_renewals"));
        QCOMPARE(r.json()["definition"]["current_version"], json(3));
        QCOMPARE(versionCount(id), 3);
        QCOMPARE(http->get(b() + "/definitions/" + id + "/versions").json()[0]["change_summary"],
                 json("Rewire renewal task order"));
    }

    void graphReadsAndEdits()
    {
        const std::string id = f->demoDefinitionId();
        const std::string d = b() + "/definitions/" + id;
        HttpResult r = http->get(d + "/nodes");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-total-count"), std::string("8"));
        json join;
        for (const json &n : r.json()) {
            if (n["id"] == "join_renewals")
                join = n;
        }
        QCOMPARE(join["upstream_count"], json(2));
        QCOMPARE(join["downstream_count"], json(1));

        r = http->get(d + "/nodes/join_renewals");
        QCOMPARE(r.status, 200);
        QCOMPARE(
            r.json()["upstream_edge_ids"],
            json::parse(
                R"(["extract_customer_renewals->join_renewals", "clean_accounts->join_renewals"])"));
        QCOMPARE(r.json()["downstream_edge_ids"],
                 json::parse(R"(["join_renewals->validate_customer_renewals"])"));
        QCOMPARE(http->get(d + "/nodes/ghost").status, 404);

        r = http->patch(
            d + "/nodes/clean_accounts",
            json{{"node", {{"label", "Clean CRM accounts"}}}, {"change_summary", "Rename"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["node"]["label"], json("Clean CRM accounts"));
        QCOMPARE(r.json()["definition"]["current_version"], json(2));
        r = http->patch(d + "/nodes/clean_accounts", json{{"id", "renamed"}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()["error"]["details"]["field"], json("id"));

        r = http->del(d + "/nodes/join_renewals");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["removed_dependencies"].size(), size_t(3));
        QCOMPARE(r.json()["definition"]["current_version"], json(3));
        QCOMPARE(r.json()["definition"]["node_count"], json(7));

        r = http->get(d + "/dependencies");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-total-count"), std::string("4"));
        r = http->post(d + "/dependencies", json{{"upstream", "clean_accounts"},
                                                 {"downstream", "validate_customer_renewals"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json()["dependency"]["id"], json("clean_accounts->validate_customer_renewals"));
        QCOMPARE(http->post(d + "/dependencies", json{{"upstream", "clean_accounts"},
                                                      {"downstream", "validate_customer_renewals"}})
                     .status,
                 409);
        r = http->del(
            d + "/dependencies",
            R"({"upstream": "clean_accounts", "downstream": "validate_customer_renewals"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(
            http->del(d +
                      "/dependencies?upstream=clean_accounts&downstream=validate_customer_renewals")
                .status,
            404);
        QCOMPARE(versionCount(id), 5);
    }

    void versionsCompareRestoreArchive()
    {
        const std::string id = f->demoDefinitionId();
        const std::string d = b() + "/definitions/" + id;
        QCOMPARE(http->del(d + "/nodes/notify_team").status, 200);
        const json versions = http->get(d + "/versions").json();
        QCOMPARE(versions.size(), size_t(2));
        const std::string v1 = versions[1]["id"].get<std::string>();

        HttpResult r = http->get(d + "/versions/" + v1);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["spec"]["nodes"].size(), size_t(8));

        r = http->get(d + "/versions/" + v1 + "/compare");
        QCOMPARE(r.status, 200);
        const json c = r.json();
        QCOMPARE(c["has_changes"], json(true));
        QCOMPARE(c["nodes"]["removed"], json::array({"notify_team"}));
        QCOMPARE(c["dependencies"]["removed"][0]["id"],
                 json("load_customer_renewals->notify_team"));
        QCOMPARE(c["to_version"]["current"], json(true));
        QVERIFY(c["text_diff"].get<std::string>().find("-      \"id\": \"notify_team\",") !=
                std::string::npos);

        r = http->post(d + "/versions/" + v1 + "/restore",
                       json{{"change_summary", "Bring notify back"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["current_version"], json(3));
        QCOMPARE(r.json()["node_count"], json(8));
        QCOMPARE(http->get(d + "/versions/" + v1 + "/compare").json()["has_changes"], json(false));
        QCOMPARE(http->post(d + "/versions/nope/restore", json::object()).status, 404);

        r = http->post(d + "/archive", json::object());
        QCOMPARE(r.status, 200);
        QVERIFY(r.json()["archived_at"].is_string());
        QCOMPARE(http->post(d + "/nodes", json{{"node", {{"id", "x"}, {"type", "empty"}}}}).status,
                 409);
        QCOMPARE(http->patch(d, json{{"name", "x"}}).status, 409);
        QCOMPARE(versionCount(id), 3);
        QCOMPARE(http->get(b() + "/definitions").json().size(), size_t(0));
        QCOMPARE(http->get(b() + "/definitions?include_archived=true").json().size(), size_t(1));
    }

    void definitionListFilters()
    {
        newDefinition();
        HttpResult r = http->get(b() + "/definitions?q=renewal&page_size=1");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-total-count"), std::string("2"));
        QCOMPARE(r.json().size(), size_t(1));
        QVERIFY(!r.json()[0].contains("spec"));
        r = http->get(b() + "/definitions?q=dashboard");
        QCOMPARE(r.header("x-total-count"), std::string("1"));
        r = http->get(b() + "/definitions?workspace_id=" + f->demoWorkspaceId());
        QCOMPARE(r.header("x-total-count"), std::string("2"));
    }

    void catalogAndValidate()
    {
        HttpResult r = http->get(b() + "/node-catalog");
        QCOMPARE(r.status, 200);
        std::set<std::string> types;
        const json catalog = r.json();
        for (const json &t : catalog["node_types"])
            types.insert(t["type"].get<std::string>());
        for (const char *t : {"python_module", "bash", "sql", "http_request", "empty", "source",
                              "transform", "filter", "target"})
            QVERIFY2(types.contains(t), t);

        r = http->post(b() + "/compiler/validate",
                       json::parse(R"({"mode": "validate", "spec": {}})"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["valid"], json(true));
        r = http->post(b() + "/compiler/validate",
                       json::parse(R"({"spec": {"nodes": [{"id": "a", "type": "bash"}],
            "edges": [{"upstream": "a", "downstream": "a"}]}})"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["valid"], json(false));
        QCOMPARE(r.json()["error_count"], json(2));
        QCOMPARE(r.json()["problems"][0]["code"], json("node_field_missing"));
        QCOMPARE(r.json()["problems"][0]["path"], json("nodes[0].command"));
    }

    void compilerJobAnswers202ThenItsResult()
    {
        HttpResult r = http->post(b() + "/compiler/jobs",
                                  json::parse(R"({"mode": "validate", "spec": {"nodes": [
            {"id": "a", "type": "bash"}], "edges": []}})"));
        QCOMPARE(r.status, 202);
        const json job = r.json();
        QVERIFY(job["state"] == "queued" || job["state"] == "running" ||
                job["state"] == "succeeded");
        const std::string location = r.header("location");
        QCOMPARE(location, b() + "/compiler/jobs/" + job["id"].get<std::string>());
        json status;
        auto finished = [&](const std::string &at) {
            status = http->get(at).json();
            return status["state"] == "succeeded" || status["state"] == "failed";
        };
        QTRY_VERIFY_WITH_TIMEOUT(finished(location), 60000);
        QCOMPARE(status["state"], json("succeeded"));
        QCOMPARE(status["progress"], json(1.0));
        QCOMPARE(status["result"]["valid"], json(false));
        QCOMPARE(status["result"]["problems"][0]["code"], json("node_field_missing"));
        QCOMPARE(
            http->post(b() + "/compiler/jobs", json{{"mode", "publish"}, {"spec", json::object()}})
                .status,
            400);
        QCOMPARE(http->get(b() + "/compiler/jobs/nope").status, 404);
        // A compile job: its result is the generated files.
        r = http->post(b() + "/compiler/jobs",
                       json{{"mode", "compile"},
                            {"target", "dagster"},
                            {"spec",
                             {{"nodes", json::array({{{"id", "a"}, {"type", "empty"}}})},
                              {"deployment", {{"dag_id", "tiny"}}}}}});
        QCOMPARE(r.status, 202);
        const std::string compileJob = r.header("location");
        QTRY_VERIFY_WITH_TIMEOUT(finished(compileJob), 60000);
        QCOMPARE(status["state"], json("succeeded"));
        QCOMPARE(status["result"]["files"][0]["path"], json("dagster/tiny.py"));
    }

    void compileAnswersFilesOrProblems()
    {
        const json demo = http->get(b() + "/definitions/" + f->demoDefinitionId()).json()["spec"];
        HttpResult r = http->post(b() + "/compiler/compile", {{"spec", demo}, {"name", "Demo"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["target"], json("airflow"));
        QCOMPARE(r.json()["files"][0]["path"], json("dags/customer_renewal_load.py"));
        QVERIFY(r.json()["files"][0]["content"].get<std::string>().find(
                    "from airflow.sdk import DAG") != std::string::npos);
        r = http->post(b() + "/compiler/compile",
                       {{"spec", {{"nodes", json::array({{{"id", "a"}, {"type", "bash"}}})}}}});
        QCOMPARE(r.status, 422);
        QCOMPARE(r.json()["error"]["details"]["problems"][0]["code"], json("node_field_missing"));
        QCOMPARE(
            http->post(b() + "/compiler/compile", {{"spec", demo}, {"target", "luigi"}}).status,
            400);
    }

    void deploymentResourcesNameWhatTheCodeNeeds()
    {
        // The demo: the warehouse (a sqlite connector), two HTTP hosts (sandboxed connections
        // named as the generated code names them), one pool, its params.
        HttpResult r =
            http->get(b() + "/definitions/" + f->demoDefinitionId() + "/deployment-resources");
        QCOMPARE(r.status, 200);
        const json res = r.json();
        QCOMPARE(res["target"], json("airflow"));
        std::map<std::string, json> byName;
        for (const json &c : res["connections"])
            byName[c["name"].get<std::string>()] = c;
        QCOMPARE(byName.size(), size_t(3));
        QCOMPARE(byName["warehouse"]["type"], json("sqlite"));
        QCOMPARE(byName["warehouse"]["nodes"], json({"extract_customer_renewals"}));
        QVERIFY(byName["warehouse"].contains("connector_id"));
        QCOMPARE(byName["http_crm_example_com"]["type"], json("http"));
        QCOMPARE(byName["http_crm_example_com"]["details"]["host"],
                 json("https://crm.example.com"));
        QCOMPARE(res["missing_connections"], json::array());
        QCOMPARE(res["pools"][0]["name"], json("default_pool"));
        QCOMPARE(res["pools"][0]["details"]["tasks"], json(8));
        QCOMPARE(res["params"], json({{"lookahead_days", 90}}));
        // A Variable read by a template, a connector nobody registered, and the connections a
        // bash task names (one registered, one not).
        json spec = http->get(b() + "/definitions/" + f->demoDefinitionId()).json()["spec"];
        spec["nodes"].push_back({{"id", "vars"},
                                 {"type", "bash"},
                                 {"command", "echo {{ var.value.region }} {{ var.json.cfg }}"},
                                 {"connections", {"warehouse", "vault"}}});
        spec["nodes"].push_back(
            {{"id", "lake"}, {"type", "sql"}, {"connector", "lake"}, {"query", "SELECT 1"}});
        QCOMPARE(
            http->patch(b() + "/definitions/" + f->demoDefinitionId(), {{"spec", spec}}).status,
            200);
        const json after =
            http->get(b() + "/definitions/" + f->demoDefinitionId() + "/deployment-resources")
                .json();
        QCOMPARE(after["missing_connections"], json({"vault", "lake"}));
        for (const json &c : after["connections"]) {
            if (c["name"] == "warehouse")
                QCOMPARE(c["nodes"], json({"extract_customer_renewals", "vars"}));
        }
        QCOMPARE(after["variables"].size(), size_t(2));
        QCOMPARE(after["variables"][0]["name"], json("region"));
        QCOMPARE(after["variables"][1]["name"], json("cfg"));
        QCOMPARE(after["variables"][1]["type"], json("json"));
        QCOMPARE(after["variables"][1]["nodes"], json({"vars"}));
        QCOMPARE(http->get(b() + "/definitions/nope/deployment-resources").status, 404);
    }

    void openApiListsEveryRoute()
    {
        const HttpResult r = http->get("/api/openapi.json");
        QCOMPARE(r.status, 200);
        const json doc = r.json();
        QCOMPARE(doc["openapi"], json("3.0.3"));
        pw::server::ApiServer server(f->core());
        int routes = 0;
        for (const pw::server::Route &route : server.router().routes()) {
            const std::string method = QByteArray(route.method).toLower().toStdString();
            QVERIFY2(doc["paths"].contains(route.pattern) &&
                         doc["paths"][route.pattern].contains(method),
                     (method + " " + route.pattern).c_str());
            ++routes;
        }
        QVERIFY(routes >= 30);
        int documented = 0;
        for (const auto &[p, ops] : doc["paths"].items())
            documented += static_cast<int>(ops.size());
        QCOMPARE(documented, routes);
    }

    void openApiPassesRedoclyLint()
    {
        // Redocly CLI (installed by installers/install-deps.sh) checks the document against the
        // OpenAPI 3.0 schema and its strict recommended rules (tests/tools/redocly.yaml).
        const QString tools = qEnvironmentVariable("PW_TEST_TOOLS");
        const QString redocly = tools + QStringLiteral("/node_modules/.bin/redocly");
        QVERIFY2(
            QFileInfo(redocly).isExecutable(),
            "Redocly CLI is missing: run installers/install-deps.sh (it installs tests/tools)");
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("openapi.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString(http->get("/api/openapi.json").body));
        file.close();
        QProcess lint;
        lint.setWorkingDirectory(dir.path());
        lint.setProcessChannelMode(QProcess::MergedChannels);
        lint.start(redocly, {QStringLiteral("lint"), QStringLiteral("--config"),
                             tools + QStringLiteral("/redocly.yaml"),
                             QStringLiteral("--format=stylish"), file.fileName()});
        QVERIFY(lint.waitForFinished(120000));
        const QByteArray output = lint.readAll();
        QVERIFY2(lint.exitStatus() == QProcess::NormalExit && lint.exitCode() == 0,
                 output.constData());
    }

    void everyRouteBelongsToAFace()
    {
        pw::server::ApiServer server(f->core());
        std::set<std::string> faces;
        for (const pw::server::Route &route : server.router().routes()) {
            QVERIFY2(route.face, route.pattern.c_str());
            QVERIFY2(route.pattern.starts_with(route.face->prefix), route.pattern.c_str());
            const bool slugged = route.face->prefix.find("{space_slug}") != std::string::npos;
            QCOMPARE(route.face->space == pw::server::Face::SpaceFrom::PathSlug, slugged);
            faces.insert(route.face->name);
        }
        QCOMPARE(faces, (std::set<std::string>{"account", "authoring", "dataflow",
                                               "dataflow-webhooks", "events", "meta"}));
        // The document groups operations by tag, each described from its face.
        const json doc = http->get("/api/openapi.json").json();
        QVERIFY(doc["tags"].size() >= 6);
        for (const json &tag : doc["tags"])
            QVERIFY(!tag["description"].get<std::string>().empty());
    }

    void openApiDescribesOperationsAndBodies()
    {
        const json doc = http->get("/api/openapi.json").json();
        QVERIFY(doc["servers"].is_array() && !doc["servers"].empty());
        const json &schemas = doc["components"]["schemas"];
        // Every $ref in the document names a schema or response that exists.
        std::function<void(const json &)> checkRefs = [&](const json &value) {
            if (value.is_object()) {
                if (auto ref = value.find("$ref"); ref != value.end()) {
                    const std::string target = ref->get<std::string>();
                    QVERIFY2(!doc.value(json::json_pointer(target.substr(1)), json()).is_null(),
                             target.c_str());
                }
                for (const auto &[k, v] : value.items())
                    checkRefs(v);
            } else if (value.is_array()) {
                for (const json &v : value)
                    checkRefs(v);
            }
        };
        checkRefs(doc);
        std::set<std::string> operationIds;
        std::map<std::string, std::set<std::string>> queryParameters;
        for (const auto &[path, operations] : doc["paths"].items()) {
            for (const auto &[method, op] : operations.items()) {
                const std::string where = method + " " + path;
                const std::string id = op.value("operationId", "");
                QVERIFY2(!id.empty(), where.c_str());
                QVERIFY2(operationIds.insert(id).second, ("duplicate operationId " + id).c_str());
                // The success answer has a schema.
                bool described = false;
                for (const auto &[status, response] : op["responses"].items()) {
                    if (status.starts_with('2') && response.contains("content")) {
                        for (const auto &[type, content] : response["content"].items())
                            described = content.contains("schema");
                    }
                }
                QVERIFY2(described, where.c_str());
                // A body is a named schema with properties, never a bare object.
                if (op.contains("requestBody")) {
                    const json &schema = op["requestBody"]["content"]["application/json"]["schema"];
                    QVERIFY2(schema.contains("$ref"), where.c_str());
                    const std::string name = schema["$ref"].get<std::string>().substr(
                        sizeof("#/components/schemas/") - 1);
                    QVERIFY2(schemas[name].contains("properties"), name.c_str());
                }
                for (const json &p : op["parameters"]) {
                    if (p["in"] == "query")
                        queryParameters[id].insert(p["name"].get<std::string>());
                }
            }
        }
        const std::set<std::string> listWorkspaces{"page", "page_size", "include_archived", "q"};
        QCOMPARE(queryParameters["listWorkspaces"], listWorkspaces);
        const std::set<std::string> listDefinitions{"page", "page_size", "workspace_id",
                                                    "include_archived", "q"};
        QCOMPARE(queryParameters["listDefinitions"], listDefinitions);
        QVERIFY(queryParameters["compareVersion"].contains("to_version_id"));
        QVERIFY(queryParameters["deleteDependency"].contains("upstream"));
        QVERIFY(queryParameters["deleteDependency"].contains("downstream"));
        QCOMPARE(schemas["WorkspaceCreate"]["required"], json({"name"}));
        QCOMPARE(schemas["Definition"]["allOf"][0]["$ref"],
                 json("#/components/schemas/DefinitionSummary"));
    }
};

QTEST_GUILESS_MAIN(tst_AuthoringApi)
#include "tst_authoringapi.moc"
