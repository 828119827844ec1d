#include <QTest>

#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;

class tst_BadInput : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<HttpClient> http;
    std::string def;

    int64_t audits() { return *f->core().audit().count(f->local().spaceId); }
    std::string d() { return Fixture::base() + "/definitions/" + def; }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>(true);
        http = std::make_unique<HttpClient>(f->port(), f->token(Role::Admin, "ada"));
        def = f->demoDefinitionId();
    }

    void cleanup()
    {
        http.reset();
        f.reset();
    }

    void badBodiesAre400sNamingTheField_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>(
            "route"); // relative to the space base; {def} and {ws} substituted
        QTest::addColumn<QString>("body");
        QTest::addColumn<QString>("field"); // empty: no field to name

        QTest::newRow("malformed json") << "POST"
                                        << "/workspaces"
                                        << "{\"name\": "
                                        << "";
        QTest::newRow("not an object") << "POST"
                                       << "/workspaces"
                                       << "[1, 2]"
                                       << "";
        QTest::newRow("empty body") << "POST"
                                    << "/definitions"
                                    << ""
                                    << "";
        QTest::newRow("name is a number") << "POST"
                                          << "/workspaces"
                                          << R"({"name": 5})"
                                          << "name";
        QTest::newRow("name missing") << "POST"
                                      << "/workspaces"
                                      << R"({"visibility": "shared"})"
                                      << "name";
        QTest::newRow("blank name") << "POST"
                                    << "/workspaces"
                                    << R"({"name": "   "})"
                                    << "name";
        QTest::newRow("visibility unknown") << "POST"
                                            << "/workspaces"
                                            << R"({"name": "x", "visibility": "public"})"
                                            << "visibility";
        QTest::newRow("connector ids not strings")
            << "POST"
            << "/workspaces"
            << R"({"name": "x", "authoring_query_connector_ids": [1]})"
            << "authoring_query_connector_ids[0]";
        QTest::newRow("customization not object") << "PATCH"
                                                  << "/workspaces/{ws}"
                                                  << R"({"customization": []})"
                                                  << "customization";
        QTest::newRow("grant access unknown")
            << "PUT"
            << "/workspaces/{ws}/access"
            << R"({"visibility": "shared", "grants": [{"user_id": "u", "access": "owner"}]})"
            << "grants[0].access";
        QTest::newRow("definition target")
            << "POST"
            << "/definitions"
            << R"({"name": "x", "workspace_id": "{ws}", "target": "luigi"})"
            << "target";
        QTest::newRow("definition spec not object")
            << "POST"
            << "/definitions"
            << R"({"name": "x", "workspace_id": "{ws}", "spec": "nodes"})"
            << "spec";
        QTest::newRow("spec nodes not array") << "PATCH"
                                              << "/definitions/{def}"
                                              << R"({"spec": {"nodes": {}}})"
                                              << "spec.nodes";
        QTest::newRow("spec node id type") << "PATCH"
                                           << "/definitions/{def}"
                                           << R"({"spec": {"nodes": [{"id": 1, "type": "empty"}]}})"
                                           << "spec.nodes[0].id";
        QTest::newRow("summary not string") << "PATCH"
                                            << "/definitions/{def}"
                                            << R"({"name": "x", "change_summary": 3})"
                                            << "change_summary";
        QTest::newRow("node missing") << "POST"
                                      << "/definitions/{def}/nodes"
                                      << R"({"upstream": []})"
                                      << "node";
        QTest::newRow("node id type") << "POST"
                                      << "/definitions/{def}/nodes"
                                      << R"({"node": {"id": [], "type": "empty"}})"
                                      << "node.id";
        QTest::newRow("node without id") << "POST"
                                         << "/definitions/{def}/nodes"
                                         << R"({"node": {"type": "empty"}})"
                                         << "node.id";
        QTest::newRow("upstream not list")
            << "POST"
            << "/definitions/{def}/nodes"
            << R"({"node": {"id": "x", "type": "empty"}, "upstream": "a"})"
            << "upstream";
        QTest::newRow("node label type") << "PATCH"
                                         << "/definitions/{def}/nodes/clean_accounts"
                                         << R"({"label": 5})"
                                         << "label";
        QTest::newRow("node id change") << "PATCH"
                                        << "/definitions/{def}/nodes/clean_accounts"
                                        << R"({"node": {"id": "other"}})"
                                        << "id";
        QTest::newRow("edges missing") << "PUT"
                                       << "/definitions/{def}/dependencies"
                                       << R"({"change_summary": "x"})"
                                       << "edges";
        QTest::newRow("edge not object") << "PUT"
                                         << "/definitions/{def}/dependencies"
                                         << R"({"edges": ["a->b"]})"
                                         << "edges[0]";
        QTest::newRow("edge endpoint type") << "PUT"
                                            << "/definitions/{def}/dependencies"
                                            << R"({"edges": [{"upstream": "a", "downstream": 2}]})"
                                            << "edges[0].downstream";
        QTest::newRow("dependency missing end") << "POST"
                                                << "/definitions/{def}/dependencies"
                                                << R"({"upstream": "clean_accounts"})"
                                                << "downstream";
        QTest::newRow("validate without spec") << "POST"
                                               << "/compiler/validate"
                                               << R"({"mode": "validate"})"
                                               << "spec";
        QTest::newRow("validate spec not object") << "POST"
                                                  << "/compiler/validate"
                                                  << R"({"spec": [1]})"
                                                  << "spec";
        QTest::newRow("validate spec a string") << "POST"
                                                << "/compiler/validate"
                                                << R"({"spec": "nodes: []"})"
                                                << "spec";
        QTest::newRow("settings repository type") << "PATCH"
                                                  << "/settings"
                                                  << R"({"default_repository_id": 7})"
                                                  << "default_repository_id";
    }

    void badBodiesAre400sNamingTheField()
    {
        QFETCH(QString, method);
        QFETCH(QString, route);
        QFETCH(QString, body);
        QFETCH(QString, field);
        const int64_t before = audits();
        auto fill = [&](QString s) {
            return s.replace(QStringLiteral("{def}"), QString::fromStdString(def))
                .replace(QStringLiteral("{ws}"), QString::fromStdString(f->demoWorkspaceId()))
                .toStdString();
        };
        const HttpResult r =
            http->request(method.toStdString(), Fixture::base() + fill(route), fill(body));
        QVERIFY2(r.status == 400, (std::to_string(r.status) + " " + r.body).c_str());
        QCOMPARE(r.header("content-type"), std::string("application/json"));
        const json error = r.json()["error"];
        QCOMPARE(error["code"], json("invalid"));
        QVERIFY(!error["message"].get<std::string>().empty());
        if (!field.isEmpty()) {
            QCOMPARE(error["details"]["field"], json(field.toStdString()));
            QVERIFY2(error["message"].get<std::string>().find(field.toStdString()) !=
                         std::string::npos,
                     error["message"].get<std::string>().c_str());
        }
        QCOMPARE(audits(), before);
        QCOMPARE(f->core().definitions().get(f->local(), def)->definition->currentVersion, 1);
    }

    void oversizedBodyIs413AndWritesNothing()
    {
        const int64_t before = audits();
        std::string huge = "{\"name\": \"x\", \"description\": \"";
        huge.append(10 * 1024 * 1024 + 16, 'a');
        huge += "\"}";
        const HttpResult r = http->request("PATCH", d(), huge);
        QCOMPARE(r.status, 413);
        QCOMPARE(r.json()["error"]["code"], json("payload_too_large"));
        QCOMPARE(audits(), before);
        // The connection and the server are still usable.
        QCOMPARE(http->get(d()).status, 200);
    }

    void largeButAllowedBodyIsAccepted()
    {
        // 9 MiB of spec is under the 10 MiB limit and goes through to core.
        json spec = {{"nodes", json::array()}, {"edges", json::array()}};
        const std::string padding(600, 'x');
        const size_t perNode =
            json{{"id", "n00000"}, {"type", "empty"}, {"description", padding}}.dump().size() + 1;
        for (size_t i = 0; i < 9u * 1024 * 1024 / perNode; ++i)
            spec["nodes"].push_back(
                {{"id", "n" + std::to_string(i)}, {"type", "empty"}, {"description", padding}});
        QVERIFY(spec.dump().size() > 8u * 1024 * 1024);
        const HttpResult r = http->patch(d(), json{{"spec", spec}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["current_version"], json(2));
    }

    void unknownIdsAre404_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<QString>("path");
        QTest::newRow("workspace") << "GET"
                                   << "/workspaces/00000000-0000-0000-0000-000000000000";
        QTest::newRow("workspace patch") << "PATCH"
                                         << "/workspaces/nope";
        QTest::newRow("definition") << "GET"
                                    << "/definitions/nope";
        QTest::newRow("definition patch") << "PATCH"
                                          << "/definitions/nope";
        QTest::newRow("version") << "GET"
                                 << "/definitions/{def}/versions/nope";
        QTest::newRow("version compare") << "GET"
                                         << "/definitions/{def}/versions/nope/compare";
        QTest::newRow("node") << "GET"
                              << "/definitions/{def}/nodes/ghost";
        QTest::newRow("node delete") << "DELETE"
                                     << "/definitions/{def}/nodes/ghost";
        QTest::newRow("node patch") << "PATCH"
                                    << "/definitions/{def}/nodes/ghost";
        QTest::newRow("space") << "GET"
                               << "/../../nowhere/pipeline-authoring/workspaces";
    }

    void unknownIdsAre404()
    {
        QFETCH(QString, method);
        QFETCH(QString, path);
        std::string p =
            Fixture::base() +
            path.replace(QStringLiteral("{def}"), QString::fromStdString(def)).toStdString();
        if (path.startsWith(QLatin1String("/../../")))
            p = "/api/v1.0/spaces/nowhere/pipeline-authoring/workspaces";
        const HttpResult r = http->request(
            method.toStdString(), p, method == QLatin1String("PATCH") ? R"({"label": "x"})" : "");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json()["error"]["code"], json("not_found"));
    }

    void routesAndMethodsAnswerJson()
    {
        HttpResult r = http->get("/api/v1.0/nothing/here");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("content-type"), std::string("application/json"));
        QVERIFY(r.json().contains("error"));
        r = http->request("DELETE", Fixture::base() + "/workspaces");
        QCOMPARE(r.status, 405);
        QCOMPARE(r.header("allow"), std::string("GET, HEAD, POST"));
        QCOMPARE(r.json()["error"]["code"], json("method_not_allowed"));
        r = http->request("OPTIONS", Fixture::base() + "/workspaces");
        QCOMPARE(r.status, 405);
        r = http->get(Fixture::base() + "/workspaces?page=0");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()["error"]["details"]["field"], json("page"));
        r = http->get(Fixture::base() + "/workspaces?page_size=5000");
        QCOMPARE(r.status, 400);
        r = http->get(Fixture::base() + "/definitions?include_archived=perhaps");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()["error"]["details"]["field"], json("include_archived"));
    }

    void credentialsAreChecked()
    {
        HttpClient anonymous(f->port());
        QCOMPARE(anonymous.get(d()).status, 401);
        QCOMPARE(
            anonymous.request("GET", d(), {}, {{"Authorization", "Basic YWRhOnNlY3JldA=="}}).status,
            401);
        QCOMPARE(anonymous.request("GET", d(), {}, {{"Authorization", "Bearer"}}).status, 401);
        QCOMPARE(anonymous.request("GET", d(), {}, {{"Authorization", "Bearer pw_forged"}}).status,
                 401);
        const std::string token = f->token(Role::Viewer, "vic");
        QCOMPARE(anonymous.request("GET", d(), {}, {{"authorization", "bearer " + token}}).status,
                 200);
    }

    void errorsNeverEchoTheToken()
    {
        const std::string token = f->token(Role::Viewer, "vic");
        HttpClient viewer(f->port(), token);
        const HttpResult r =
            viewer.post(d() + "/nodes", json{{"node", {{"id", "x"}, {"type", "empty"}}}});
        QCOMPARE(r.status, 403);
        QVERIFY(r.body.find(token) == std::string::npos);
    }
};

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
