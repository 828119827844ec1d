#include <QTest>

#include "core/spec/specio.h"
#include "core/spec/yamljson.h"
#include "core/util/repopath.h"

using namespace pw::core;
using nlohmann::json;

class tst_SpecIo : public QObject
{
    Q_OBJECT

private slots:
    void problemsAreNamedFromTheGivenPath()
    {
        // A node on its own (an API body's "node", the properties form) and a spec inside a
        // body name their problems from where they are, with no string edits by the caller.
        const NodeRead node =
            readNode(json::parse(R"({"id": 7, "type": "empty", "position": "here"})"), "node");
        QCOMPARE(node.problems.size(), size_t(2));
        QCOMPARE(node.problems[0].path, std::string("node.id"));
        QCOMPARE(node.problems[0].message, std::string("node.id must be a string"));
        QCOMPARE(node.problems[1].path, std::string("node.position"));
        QCOMPARE(readNode(json::array(), "body.node").problems[0].message,
                 std::string("body.node must be an object"));
        const NodeRead good = readNode(
            json::parse(R"({"id": "a", "type": "bash", "command": "ls", "label": "A"})"), "node");
        QVERIFY(good.problems.empty());
        QCOMPARE(good.node.fields(), json::parse(R"({"command": "ls"})"));
        const SpecRead spec = readSpec(
            json::parse(R"({"nodes": [{"id": "a", "type": "empty"}, {"id": "b", "type": 3}],
            "edges": [{"upstream": "a", "downstream": 1}], "deployment": [], "extra": 1})"),
            "spec");
        std::vector<std::string> paths;
        for (const Problem &p : spec.problems)
            paths.push_back(p.path);
        QCOMPARE(paths, (std::vector<std::string>{"spec.deployment", "spec.edges[0].downstream",
                                                  "spec.extra", "spec.nodes[1].type"}));
        QCOMPARE(readSpec(json(5), "spec").problems[0].message,
                 std::string("spec must be an object"));
        // Without a prefix the paths are the spec's own, as the validator and the window use them.
        QCOMPARE(readSpec(json::parse(R"({"nodes": [{"id": 1}]})")).problems[0].path,
                 std::string("nodes[0].id"));
    }

    void canonicalTextIsStableAndOrdered()
    {
        const json a = json::parse(R"({"params": {"b": 1, "a": 2}, "edges": [],
            "nodes": [{"type": "bash", "command": "true", "label": "L", "id": "x", "position": {"y": 2, "x": 1}}]})");
        const std::string text = specToText(readSpec(a).spec);
        QCOMPARE(
            text,
            std::string(
                R"({"nodes":[{"id":"x","type":"bash","label":"L","command":"true","position":{"x":1,"y":2}}],"edges":[],"deployment":{},"params":{"a":2,"b":1}})"));
        // Reading the canonical text back gives the same text.
        QCOMPARE(specToText(readSpec(json::parse(text)).spec), text);
    }

    void oneMatchesTheTwoSeparateTexts()
    {
        json source = json::parse(
            R"({"nodes": [{"id": "a", "type": "bash", "command": "x", "position": {"x": 1.5, "y": -2}},
            {"id": "b", "type": "empty", "label": "B"}], "edges": [{"upstream": "a", "downstream": "b"}],
            "deployment": {"tags": ["t"]}, "params": {"p": 1}, "extra": {"k": [1, 2]}})");
        source["nodes"][0]["command"] = "say \"hi\"\n";
        const Spec spec = readSpec(source).spec;
        const SpecTexts texts = specTexts(spec);
        QCOMPARE(texts.withPositions, specToText(spec));
        QCOMPARE(texts.withoutPositions, specToText(spec, {.pretty = false, .positions = false}));
        QCOMPARE(json::parse(texts.withPositions)["nodes"][0]["position"]["x"].get<double>(), 1.5);
        QCOMPARE(texts.nodeTexts.size(), size_t(2));
    }

    void reusedNodeTextsGiveTheSameText()
    {
        json source = json::parse(
            R"({"nodes": [{"id": "a", "type": "bash", "command": "x"}, {"id": "b", "type": "empty"}]})");
        Spec spec = readSpec(source).spec;
        const SpecTexts first = specTexts(spec);
        Spec edited = spec; // copies share each node's fields
        edited.nodes[1].label = "renamed";
        int reused = 0;
        const SpecTexts second =
            specTexts(edited, [&](size_t i) -> std::shared_ptr<const std::string> {
                if (edited.nodes[i].sharesFieldsWith(spec.nodes[i]) &&
                    edited.nodes[i].label == spec.nodes[i].label) {
                    ++reused;
                    return first.nodeTexts[i];
                }
                return nullptr;
            });
        QCOMPARE(reused, 1);
        QCOMPARE(second.withPositions, specToText(edited));
        // Editing fields un-shares them.
        edited.nodes[0].editFields()["command"] = "y";
        QVERIFY(!edited.nodes[0].sharesFieldsWith(spec.nodes[0]));
        QCOMPARE(spec.nodes[0].fields()["command"], json("x"));
    }

    void positionsCanBeLeftOut()
    {
        const Spec spec =
            readSpec(
                json::parse(
                    R"({"nodes": [{"id": "x", "type": "empty", "position": {"x": 3, "y": 4}}]})"))
                .spec;
        QVERIFY(specToText(spec).find("position") != std::string::npos);
        QVERIFY(specToText(spec, {.pretty = false, .positions = false}).find("position") ==
                std::string::npos);
    }

    void prettyTextParsesToTheSameJson()
    {
        json source = json::parse(R"({"nodes": [{"id": "q", "type": "sql", "connector": "w",
            "kwargs": {"deep": [1, {"x": null}]}}], "edges": [], "deployment": {"tags": ["a", "b"]}, "params": {}})");
        source["nodes"][0]["query"] = "select \"a\"\n from t"; // quotes and a newline to escape
        const Spec spec = readSpec(source).spec;
        const std::string pretty = specToText(spec, {.pretty = true, .positions = true});
        QCOMPARE(json::parse(pretty), json::parse(specToText(spec)));
        QVERIFY(pretty.find("\n    {\n      \"id\": \"q\"") != std::string::npos);
    }

    void controlCharactersAreEscaped()
    {
        Spec spec;
        Node node;
        node.id = "x";
        node.type = "bash";
        node.editFields()["command"] = std::string("a\tb\x01", 4);
        spec.nodes.push_back(node);
        const std::string text = specToText(spec);
        QVERIFY(text.find("a\\tb\\u0001") != std::string::npos);
        QCOMPARE(json::parse(text)["nodes"][0]["command"].get<std::string>(),
                 std::string("a\tb\x01", 4));
    }

    void sameContentIgnoresPositions()
    {
        Spec a =
            readSpec(
                json::parse(
                    R"({"nodes": [{"id": "x", "type": "empty", "position": {"x": 1, "y": 1}}]})"))
                .spec;
        Spec b =
            readSpec(
                json::parse(
                    R"({"nodes": [{"id": "x", "type": "empty", "position": {"x": 9, "y": 9}}]})"))
                .spec;
        QVERIFY(a.sameContent(b));
        b.nodes[0].label = "changed";
        QVERIFY(!a.sameContent(b));
    }

    void yamlRoundTrip()
    {
        json source = json::parse(R"({"nodes": [{"id": "x", "type": "bash",
            "retries": 3, "flag": true, "ratio": 0.5, "version": "1.0", "yes": "true", "none": null, "empty": ""}],
            "edges": [], "deployment": {"schedule": "0 6 * * *", "tags": []}, "params": {}})");
        source["nodes"][0]["command"] = "echo 1\necho 2\n";
        const std::string yaml = jsonToYaml(source);
        auto back = yamlToJson(yaml);
        QVERIFY(back.has_value());
        QCOMPARE(*back, source);
        QVERIFY(yaml.find("command: |") !=
                std::string::npos); // multi-line strings as literal blocks
        QVERIFY(yaml.find("\"1.0\"") !=
                std::string::npos); // strings that look like numbers are quoted
    }

    void yamlKeepsTheCanonicalOrder()
    {
        const Spec spec =
            readSpec(
                json::parse(
                    R"({"nodes": [{"type": "bash", "command": "x", "id": "a", "label": "A", "position": {"x": 1, "y": 1}}]})"))
                .spec;
        const std::string yaml = specToYaml(spec);
        QVERIFY2(yaml.find("- id: a\n    type: bash\n    label: A\n    command: x\n") !=
                     std::string::npos,
                 yaml.c_str());
        QVERIFY(yaml.find("position") == std::string::npos);
        QVERIFY(yaml.find("nodes:") < yaml.find("edges:"));
    }

    void yamlErrorsNameTheLine()
    {
        auto parsed = yamlToJson("nodes:\n  - id: a\n    type: [unclosed\n");
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, ErrorCode::Invalid);
        QVERIFY(parsed.error().details.contains("line"));
    }

    void jsonOrYamlDetection()
    {
        QCOMPARE(*parseJsonOrYaml("  {\"a\": 1}"), json::parse(R"({"a": 1})"));
        QCOMPARE(*parseJsonOrYaml("a: 1\n"), json::parse(R"({"a": 1})"));
        auto broken = parseJsonOrYaml("{\n\"a\": \n}");
        QVERIFY(!broken.has_value());
        QCOMPARE(broken.error().details["line"].get<int>(), 3);
    }

    void repositoryPaths_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("safe");
        QTest::newRow("plain") << "dags/a.py" << true;
        QTest::newRow("dots in names") << "a.b/c..d" << true;
        QTest::newRow("absolute") << "/etc/passwd" << false;
        QTest::newRow("parent") << "dags/../../x" << false;
        QTest::newRow("dot") << "./a" << false;
        QTest::newRow("empty segment") << "a//b" << false;
        QTest::newRow("git dir") << ".git/hooks/x" << false;
        QTest::newRow("git-like name ok") << ".github/workflows/x.yml" << true;
        QTest::newRow("backslash") << "a\\b" << false;
        QTest::newRow("empty") << "" << false;
    }

    void repositoryPaths()
    {
        QFETCH(QString, path);
        QFETCH(bool, safe);
        QCOMPARE(!repoPathProblem(path.toStdString()).has_value(), safe);
    }

    void nulInPathIsRejected() { QVERIFY(repoPathProblem(std::string("a\0b", 3)).has_value()); }
};

QTEST_GUILESS_MAIN(tst_SpecIo)
#include "tst_specio.moc"
