#include <QTest>
#include <QTimeZone>

#include "core/spec/cron.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/specvalidator.h"

using namespace pw::core;
using nlohmann::json;

namespace {

// moc (Qt 6.4) reads "//" and "\\" inside raw string literals as a comment and an escape, and
// then finds no Q_OBJECT class; JSON with URLs is therefore written as ordinary literals.

// A valid base spec each row breaks in one way.
json baseSpec()
{
    json spec = json::parse(R"({
      "nodes": [
        {"id": "extract", "type": "sql", "connector": "warehouse", "query": "SELECT 1"},
        {"id": "load", "type": "python_module", "module": "pipelines.load", "callable": "run"},
        {"id": "notify", "type": "http_request", "method": "POST", "url": "set below"}
      ],
      "edges": [
        {"upstream": "extract", "downstream": "load"},
        {"upstream": "load", "downstream": "notify"}
      ],
      "deployment": {"dag_id": "demo.dag-1", "schedule": "0 6 * * 1-5", "start_date": "2026-01-01",
                     "tags": ["a"], "retries": 2, "readme_path": "dags/demo.md"},
      "params": {}
    })");
    spec["nodes"][2]["url"] = "https:"
                              "//example.com/hook";
    return spec;
}

const Problem *find(const Problems &problems, const std::string &code)
{
    for (const Problem &p : problems) {
        if (p.code == code)
            return &p;
    }
    return nullptr;
}

} // namespace

class tst_SpecValidator : public QObject
{
    Q_OBJECT

private slots:
    void baseSpecIsValid()
    {
        const Problems problems = validateSpecJson(baseSpec(), NodeCatalog::builtin());
        QVERIFY2(problems.empty(), problems.empty() ? "" : problems.front().message.c_str());
    }

    void starterNodesOfEveryTypeValidate()
    {
        const NodeCatalog &catalog = NodeCatalog::builtin();
        Spec spec;
        for (const NodeType &type : catalog.types())
            spec.nodes.push_back(catalog.starterNode(type.type, type.type));
        const Problems problems = validateSpec(spec, catalog);
        QVERIFY2(!hasErrors(problems), problems.empty() ? "" : problems.front().message.c_str());
        QCOMPARE(spec.nodes.size(), size_t(9));
    }

    void emptySpecIsValid()
    {
        QVERIFY(!hasErrors(validateSpecJson(json::object(), NodeCatalog::builtin())));
    }

    void everyCode_data()
    {
        QTest::addColumn<QString>(
            "patch"); // a JSON merge patch over the base spec, or "raw:" + whole spec
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("error");
        QTest::addColumn<QString>("message"); // a part the message must contain

        QTest::newRow("spec_not_object") << "raw:[1,2]"
                                         << "spec_not_object"
                                         << "" << true << "must be a JSON object";
        QTest::newRow("field_type nodes") << R"({"nodes": {"a": 1}})"
                                          << "field_type"
                                          << "nodes" << true << "must be an array";
        QTest::newRow("field_type node id")
            << R"({"nodes": [{"id": 7, "type": "empty"}], "edges": []})"
            << "field_type"
            << "nodes[0].id" << true << "must be a string";
        QTest::newRow("field_type edge") << R"({"edges": ["extract->load"]})"
                                         << "field_type"
                                         << "edges[0]" << true << "must be an object";
        QTest::newRow("field_type deployment") << R"({"deployment": "daily"})"
                                               << "field_type"
                                               << "deployment" << true << "must be an object";
        QTest::newRow("field_type position")
            << R"({"nodes": [{"id": "a", "type": "empty", "position": {"x": "1"}}], "edges": []})"
            << "field_type"
            << "nodes[0].position" << true << "numbers x and y";
        QTest::newRow("spec_field_unknown") << R"({"nodez": []})"
                                            << "spec_field_unknown"
                                            << "nodez" << false << "unknown top-level field";
        QTest::newRow("edge_field_unknown")
            << R"({"edges": [{"upstream": "extract", "downstream": "load", "label": "x"}]})"
            << "edge_field_unknown"
            << "edges[0].label" << false << "unknown field";
        QTest::newRow("node_id_missing") << R"({"nodes": [{"type": "empty"}], "edges": []})"
                                         << "node_id_missing"
                                         << "nodes[0].id" << true << "has no id";
        QTest::newRow("node_id_invalid")
            << R"({"nodes": [{"id": "Load-1", "type": "empty"}], "edges": []})"
            << "node_id_invalid"
            << "nodes[0].id" << true << "must start with a-z";
        QTest::newRow("node_id_invalid long")
            << QString::fromStdString(R"({"nodes": [{"id": ")" + std::string(129, 'a') +
                                      R"(", "type": "empty"}], "edges": []})")
            << "node_id_invalid"
            << "nodes[0].id" << true << "128";
        QTest::newRow("node_id_duplicate")
            << R"({"nodes": [{"id": "a", "type": "empty"}, {"id": "a", "type": "empty"}], "edges": []})"
            << "node_id_duplicate"
            << "nodes[1].id" << true << "already used by nodes[0]";
        QTest::newRow("node_type_missing") << R"({"nodes": [{"id": "a"}], "edges": []})"
                                           << "node_type_missing"
                                           << "nodes[0].type" << true << "has no type";
        QTest::newRow("node_type_unknown")
            << R"({"nodes": [{"id": "a", "type": "spark"}], "edges": []})"
            << "node_type_unknown"
            << "nodes[0].type" << true << "unknown type 'spark'";
        QTest::newRow("node_field_missing module")
            << R"({"nodes": [{"id": "a", "type": "python_module", "callable": "f"}], "edges": []})"
            << "node_field_missing"
            << "nodes[0].module" << true << "needs 'module'";
        QTest::newRow("node_field_missing blank")
            << R"({"nodes": [{"id": "a", "type": "bash", "command": "   "}], "edges": []})"
            << "node_field_missing"
            << "nodes[0].command" << true << "non-empty 'command'";
        QTest::newRow("node_field_missing config")
            << R"({"nodes": [{"id": "a", "type": "source"}], "edges": []})"
            << "node_field_missing"
            << "nodes[0].config" << true << "needs 'config'";
        QTest::newRow("node_field_missing sql")
            << R"({"nodes": [{"id": "a", "type": "sql", "query": "select 1"}], "edges": []})"
            << "node_field_missing"
            << "nodes[0].connector" << true << "needs 'connector'";
        QTest::newRow("node_field_invalid enum")
            << "{\"nodes\": [{\"id\": \"a\", \"type\": \"http_request\", \"method\": \"FETCH\", "
               "\"url\": \"https://x\"}], \"edges\": []}"
            << "node_field_invalid"
            << "nodes[0].method" << true << "must be one of GET";
        QTest::newRow("node_field_invalid url")
            << "{\"nodes\": [{\"id\": \"a\", \"type\": \"http_request\", \"method\": \"GET\", "
               "\"url\": \"ftp://x\"}], \"edges\": []}"
            << "node_field_invalid"
            << "nodes[0].url" << true << "http://";
        QTest::newRow("node_field_invalid module")
            << R"({"nodes": [{"id": "a", "type": "python_module", "module": "pipelines..x", "callable": "f"}], "edges": []})"
            << "node_field_invalid"
            << "nodes[0].module" << true << "dotted Python module";
        QTest::newRow("node_field_invalid object")
            << R"({"nodes": [{"id": "a", "type": "target", "config": []}], "edges": []})"
            << "node_field_invalid"
            << "nodes[0].config" << true << "must be an object";
        QTest::newRow("node_field_invalid common")
            << R"({"nodes": [{"id": "a", "type": "empty", "retries": -1}], "edges": []})"
            << "node_field_invalid"
            << "nodes[0].retries" << true << "negative";
        QTest::newRow("node_field_unknown")
            << R"({"nodes": [{"id": "a", "type": "empty", "modul": "x"}], "edges": []})"
            << "node_field_unknown"
            << "nodes[0].modul" << false << "'modul'";
        QTest::newRow("edge_endpoint_missing") << R"({"edges": [{"upstream": "extract"}]})"
                                               << "edge_endpoint_missing"
                                               << "edges[0].downstream" << true << "needs both";
        QTest::newRow("edge_unknown_node")
            << R"({"edges": [{"upstream": "extract", "downstream": "ghost"}]})"
            << "edge_unknown_node"
            << "edges[0].downstream" << true << "'ghost'";
        QTest::newRow("edge_self_loop")
            << R"({"edges": [{"upstream": "load", "downstream": "load"}]})"
            << "edge_self_loop"
            << "edges[0]" << true << "cannot depend on itself";
        QTest::newRow("edge_duplicate")
            << R"({"edges": [{"upstream": "extract", "downstream": "load"}, {"upstream": "extract", "downstream": "load"}]})"
            << "edge_duplicate"
            << "edges[1]" << true << "more than once";
        QTest::newRow("cycle")
            << R"({"edges": [{"upstream": "extract", "downstream": "load"}, {"upstream": "load", "downstream": "notify"}, {"upstream": "notify", "downstream": "extract"}]})"
            << "cycle"
            << "edges[2]" << true << "extract → load → notify → extract";
        QTest::newRow("deployment_dag_id_invalid") << R"({"deployment": {"dag_id": "my dag"}})"
                                                   << "deployment_dag_id_invalid"
                                                   << "deployment.dag_id" << true << "1 to 250";
        QTest::newRow("deployment_schedule_invalid fields")
            << R"({"deployment": {"schedule": "0 6 * *"}})"
            << "deployment_schedule_invalid"
            << "deployment.schedule" << true << "5 fields";
        QTest::newRow("deployment_schedule_invalid range")
            << R"({"deployment": {"schedule": "61 * * * *"}})"
            << "deployment_schedule_invalid"
            << "deployment.schedule" << true << "minute";
        QTest::newRow("deployment_schedule_invalid preset")
            << R"({"deployment": {"schedule": "@fortnightly"}})"
            << "deployment_schedule_invalid"
            << "deployment.schedule" << true << "not a known preset";
        QTest::newRow("params_name_invalid") << R"({"params": {"": 1}})"
                                             << "params_name_invalid"
                                             << "params" << true << "without a name";
        QTest::newRow("deployment_timezone_invalid")
            << R"({"deployment": {"timezone": "Europe/Atlantis"}})"
            << "deployment_timezone_invalid"
            << "deployment.timezone" << true << "IANA time zone";
        QTest::newRow("deployment_start_date_invalid")
            << R"({"deployment": {"start_date": "2026-02-30"}})"
            << "deployment_start_date_invalid"
            << "deployment.start_date" << true << "ISO-8601";
        QTest::newRow("deployment_field_invalid retries")
            << R"({"deployment": {"retries": "3"}})"
            << "deployment_field_invalid"
            << "deployment.retries" << true << "integer";
        QTest::newRow("deployment_field_invalid tags")
            << R"({"deployment": {"tags": ["ok", ""]}})"
            << "deployment_field_invalid"
            << "deployment.tags" << true << "non-empty tags";
        QTest::newRow("deployment_path_invalid")
            << R"({"deployment": {"readme_path": "../outside.md"}})"
            << "deployment_path_invalid"
            << "deployment.readme_path" << true << "'..'";
        QTest::newRow("deployment_path_invalid git")
            << R"({"deployment": {"artifact_path": ".git/config"}})"
            << "deployment_path_invalid"
            << "deployment.artifact_path" << true << ".git";
        QTest::newRow("deployment_field_unknown") << R"({"deployment": {"shedule": "@daily"}})"
                                                  << "deployment_field_unknown"
                                                  << "deployment.shedule" << false << "'shedule'";
    }

    void everyCode()
    {
        QFETCH(QString, patch);
        QFETCH(QString, code);
        QFETCH(QString, path);
        QFETCH(bool, error);
        QFETCH(QString, message);
        json spec;
        if (patch.startsWith(QLatin1String("raw:"))) {
            spec = json::parse(patch.mid(4).toStdString());
        } else {
            spec = baseSpec();
            spec.merge_patch(json::parse(patch.toStdString()));
        }
        const Problems problems = validateSpecJson(spec, NodeCatalog::builtin());
        const Problem *p = find(problems, code.toStdString());
        QVERIFY2(p, qPrintable(QStringLiteral("no %1 among %2 problems: %3")
                                   .arg(code)
                                   .arg(problems.size())
                                   .arg(QString::fromStdString(problemsToJson(problems).dump()))));
        QCOMPARE(QString::fromStdString(p->path), path);
        QCOMPARE(p->isError(), error);
        QVERIFY2(QString::fromStdString(p->message).contains(message), p->message.c_str());
        // Field problems carry the clause about the value alone, for a message beside the field.
        if (code.startsWith(QLatin1String("node_field_invalid")) ||
            code == QLatin1String("node_field_missing")) {
            const auto reason = p->details.find("reason");
            QVERIFY(reason != p->details.end() && reason->is_string());
            QVERIFY(p->message.ends_with(reason->get<std::string>()) ||
                    reason->get<std::string>() == "is required" ||
                    reason->get<std::string>() == "must not be empty");
            QVERIFY(!reason->get<std::string>().starts_with("node "));
        }
        QCOMPARE(hasErrors(problems), error);
    }

    void cycleNamesItsNodesAndMarksANode()
    {
        json spec = baseSpec();
        spec["edges"].push_back({{"upstream", "notify"}, {"downstream", "extract"}});
        const Problems problems = validateSpecJson(spec, NodeCatalog::builtin());
        const Problem *cycle = find(problems, "cycle");
        QVERIFY(cycle);
        QCOMPARE(cycle->details["cycle"],
                 json::parse(R"(["extract", "load", "notify", "extract"])"));
        QVERIFY(!cycle->nodeId.empty());
    }

    void nodeProblemsCarryTheNodeId()
    {
        json spec = baseSpec();
        spec["nodes"][1].erase("module");
        const Problems problems = validateSpecJson(spec, NodeCatalog::builtin());
        const Problem *p = find(problems, "node_field_missing");
        QVERIFY(p);
        QCOMPARE(p->nodeId, std::string("load"));
    }

    void schedules_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<bool>("valid");
        QTest::newRow("daily preset") << "@daily" << true;
        QTest::newRow("every 15 minutes") << "*/15 * * * *" << true;
        QTest::newRow("weekday mornings") << "30 6 * * MON-FRI" << true;
        QTest::newRow("lists and ranges") << "0 0,12 1-7 JAN,jul *" << true;
        QTest::newRow("last day") << "0 0 L * *" << true;
        QTest::newRow("third friday") << "0 9 * * 5#3" << true;
        QTest::newRow("sunday as 7") << "0 9 * * 7" << true;
        QTest::newRow("hour 24") << "0 24 * * *" << false;
        QTest::newRow("day 0") << "0 0 0 * *" << false;
        QTest::newRow("backwards range") << "0 5-1 * * *" << false;
        QTest::newRow("zero step") << "*/0 * * * *" << false;
        QTest::newRow("six fields") << "0 0 * * * *" << false;
        QTest::newRow("words") << "every day" << false;
        QTest::newRow("empty") << "" << false;
    }

    void schedules()
    {
        QFETCH(QString, schedule);
        QFETCH(bool, valid);
        const auto problem = scheduleProblem(schedule.toStdString());
        QVERIFY2(problem.has_value() != valid, problem ? problem->c_str() : "accepted");
    }

    void nextTimes_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("zone");
        QTest::addColumn<QString>("after");
        QTest::addColumn<QString>("expected"); // local times in the zone, |-separated
        QTest::newRow("daily at six") << "0 6 * * *"
                                      << "UTC"
                                      << "2026-11-30T06:00:00Z"
                                      << "2026-12-01 06:00|2026-12-02 06:00|2026-12-03 06:00";
        QTest::newRow("every 15 minutes") << "*/15 * * * *"
                                          << "UTC"
                                          << "2026-11-30T23:40:00Z"
                                          << "2026-11-30 23:45|2026-12-01 00:00|2026-12-01 00:15";
        QTest::newRow("weekdays in Berlin") << "30 9 * * 1-5"
                                            << "Europe/Berlin"
                                            << "2026-12-04T12:00:00Z"
                                            << "2026-12-07 09:30|2026-12-08 09:30|2026-12-09 09:30";
        QTest::newRow("last day of the month")
            << "0 0 L * *"
            << "UTC"
            << "2027-01-15T00:00:00Z"
            << "2027-01-31 00:00|2027-02-28 00:00|2027-03-31 00:00";
        QTest::newRow("third friday") << "0 9 * * 5#3"
                                      << "UTC"
                                      << "2026-12-01T00:00:00Z"
                                      << "2026-12-18 09:00|2027-01-15 09:00|2027-02-19 09:00";
        QTest::newRow("last friday") << "0 9 * * FRIL"
                                     << "UTC"
                                     << "2026-12-01T00:00:00Z"
                                     << "2026-12-25 09:00|2027-01-29 09:00|2027-02-26 09:00";
        // croniter: both day fields restricted match either one.
        QTest::newRow("day 1 or monday") << "0 0 1 * 1"
                                         << "UTC"
                                         << "2026-11-30T12:00:00Z"
                                         << "2026-12-01 00:00|2026-12-07 00:00|2026-12-14 00:00";
        // The search stops eight years on: two leap days, not three.
        QTest::newRow("leap day") << "0 0 29 2 *"
                                  << "UTC"
                                  << "2026-01-01T00:00:00Z"
                                  << "2028-02-29 00:00|2032-02-29 00:00";
        QTest::newRow("quarterly preset") << "@quarterly"
                                          << "UTC"
                                          << "2026-11-30T00:00:00Z"
                                          << "2027-01-01 00:00|2027-04-01 00:00|2027-07-01 00:00";
        QTest::newRow("once") << "@once"
                              << "UTC"
                              << "2026-11-30T00:00:00Z"
                              << "";
    }

    void nextTimes()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, zone);
        QFETCH(QString, after);
        QFETCH(QString, expected);
        std::string problem;
        const auto parsed = parseSchedule(schedule.toStdString(), &problem);
        QVERIFY2(parsed, problem.c_str());
        const QTimeZone tz(zone.toUtf8());
        QVERIFY(tz.isValid());
        QStringList got;
        for (const QDateTime &at :
             parsed->nextTimes(QDateTime::fromString(after, Qt::ISODate), tz, 3))
            got.append(at.toTimeZone(tz).toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        QCOMPARE(got.join(QLatin1Char('|')), expected);
    }

    void nullScheduleMeansNone()
    {
        json spec = baseSpec();
        spec["deployment"]["schedule"] = nullptr;
        QVERIFY(!hasErrors(validateSpecJson(spec, NodeCatalog::builtin())));
    }

    void malformedEntriesDoNotShiftPaths()
    {
        // A non-object node keeps later paths pointing at the right index.
        json spec = json::parse(R"({"nodes": [5, {"id": "b"}], "edges": []})");
        const Problems problems = validateSpecJson(spec, NodeCatalog::builtin());
        const Problem *p = find(problems, "node_type_missing");
        QVERIFY(p);
        QCOMPARE(p->path, std::string("nodes[1].type"));
    }

    void largeAcyclicGraphValidates()
    {
        json nodes = json::array();
        json edges = json::array();
        for (int i = 0; i < 2000; ++i) {
            nodes.push_back({{"id", "n" + std::to_string(i)}, {"type", "empty"}});
            if (i > 0)
                edges.push_back({{"upstream", "n" + std::to_string(i / 2)},
                                 {"downstream", "n" + std::to_string(i)}});
        }
        const Problems problems =
            validateSpecJson(json{{"nodes", nodes}, {"edges", edges}}, NodeCatalog::builtin());
        QVERIFY(problems.empty());
    }
};

QTEST_GUILESS_MAIN(tst_SpecValidator)
#include "tst_specvalidator.moc"
