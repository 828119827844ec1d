#include <QFile>
#include <QTest>

#include "core/spec/specio.h"
#include "core/spec/yamljson.h"
#include "core/util/limits.h"
#include "core/util/repopath.h"
#include "support/hostileinput.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::aliasBomb;
using pw::test::peakResidentBytes;

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

    void aliasBombIsRefusedBeforeItExpands()
    {
        const std::string bomb = aliasBomb();
        QVERIFY(bomb.size() < 400);
        const int64_t before = peakResidentBytes();
        auto parsed = yamlToJson(bomb);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::TooLarge);
        QCOMPARE(parsed.error().details["max_bytes"].get<size_t>(), kMaxSpecBytes);
        QVERIFY(parsed.error().details.contains("line"));
        // Refused from the size the aliases would produce, before producing it: the old
        // converter built four million values (about 170 MB) first.
        const int64_t grown = peakResidentBytes() - before;
        QVERIFY2(grown < 16 * 1024 * 1024, std::to_string(grown).c_str());
    }

    void aliasesAreBoundedByBytesNotOnlyValues()
    {
        // Few values, long strings: five levels of nine aliases of 1,000 bytes is 59 MB from
        // 9 KB of YAML, far under the value count, far over what a definition may store.
        const std::string bomb = aliasBomb("\"" + std::string(1000, 'x') + "\"");
        const std::string cut = bomb.substr(0, bomb.find("f: &f"));
        auto parsed = yamlToJson(cut);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::TooLarge);
        // The same through JSON-or-YAML, and through a pipeline's yamlDefinition.
        QCOMPARE(parseJsonOrYaml(cut).error().code, ErrorCode::TooLarge);
    }

    void theLimitIsTheStoredSpecLimitToTheByte()
    {
        // Sixteen copies of one string: [s,s,...] is 2 + 16 * (n + 2) + 15 bytes of JSON.
        auto sixteen = [](size_t n) {
            std::string yaml = "[&a \"" + std::string(n, 'x') + "\"";
            for (int i = 1; i < 16; ++i)
                yaml += ", *a";
            return yaml + "]\n";
        };
        const size_t fits = (kMaxSpecBytes - 49) / 16;
        auto parsed = yamlToJson(sixteen(fits));
        QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        QCOMPARE(parsed->dump().size(), 16 * fits + 49);
        QVERIFY(16 * (fits + 1) + 49 > kMaxSpecBytes);
        QCOMPARE(yamlToJson(sixteen(fits + 1)).error().code, ErrorCode::TooLarge);
        // Escapes count as they print: a tab is two bytes of JSON.
        const std::string tabs = "[&a \"" + std::string(fits / 2 + 1, '\t') + "\"";
        QCOMPARE(yamlToJson(tabs + ", *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a, *a]")
                     .error()
                     .code,
                 ErrorCode::TooLarge);
    }

    void aliasesOfAnAuthorStillExpand()
    {
        auto parsed = yamlToJson("defaults: &d {retries: 2, owner: ops}\n"
                                 "a: *d\n"
                                 "b: [*d, *d]\n"
                                 "key: &k name\n"
                                 "*k : 1\n");
        QVERIFY2(parsed, parsed ? "" : parsed.error().message.c_str());
        const json d = {{"retries", 2}, {"owner", "ops"}};
        QCOMPARE((*parsed)["a"], d);
        QCOMPARE((*parsed)["b"], json::array({d, d}));
        QCOMPARE((*parsed)["name"], json(1));
        // Scalars keep their types; a quoted one stays a string.
        QCOMPARE(*yamlToJson("[1, '1', 1.5, true, ~, null, '', x, !!str 2]"),
                 json::parse(R"([1, "1", 1.5, true, null, null, "", "x", 2])"));
        QCOMPARE(*yamlToJson(""), json());
        QCOMPARE(*yamlToJson("# only a comment\n"), json());
        QCOMPARE(*yamlToJson("~: 1\n1: 2\n"), json::parse(R"({"null": 1, "1": 2})"));
    }

    void aliasesCannotNestDeeperThanJson()
    {
        // An alias of a 200-deep value, 100 levels down: 300 levels once expanded.
        std::string deep = "a: &a " + std::string(200, '[') + std::string(200, ']') + "\nb: ";
        deep += std::string(100, '[') + "*a" + std::string(100, ']') + "\n";
        auto parsed = yamlToJson(deep);
        QVERIFY(!parsed);
        QCOMPARE(parsed.error().code, ErrorCode::Invalid);
        // An alias of the sequence that holds it is refused, not followed for ever.
        auto cycle = yamlToJson("a: &a [1, *a]\n");
        QVERIFY(!cycle);
        QCOMPARE(cycle.error().code, ErrorCode::Invalid);
        // A mapping as a key has no JSON form.
        QCOMPARE(yamlToJson("? [a]\n: 1\n").error().code, ErrorCode::Invalid);
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
        // Bytes, not text: the rule sees what a request carries, invalid UTF-8 included.
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("safe");
        QTest::newRow("plain") << QByteArray("dags/a.py") << true;
        QTest::newRow("dots in names") << QByteArray("a.b/c..d") << true;
        QTest::newRow("absolute") << QByteArray("/etc/passwd") << false;
        QTest::newRow("parent") << QByteArray("dags/../../x") << false;
        QTest::newRow("dot") << QByteArray("./a") << false;
        QTest::newRow("empty segment") << QByteArray("a//b") << false;
        QTest::newRow("git dir") << QByteArray(".git/hooks/x") << false;
        QTest::newRow("git-like name ok") << QByteArray(".github/workflows/x.yml") << true;
        QTest::newRow("backslash") << QByteArray("a\\b") << false;
        QTest::newRow("empty") << QByteArray("") << false;
        // .git as Windows and macOS read it, in every segment (git's verify_path with
        // core.protectNTFS and core.protectHFS).
        QTest::newRow(".GIT") << QByteArray(".GIT/config") << false;
        QTest::newRow(".git in a later segment") << QByteArray("a/b/.Git") << false;
        QTest::newRow(".git.") << QByteArray(".git.") << false;
        QTest::newRow(".git space") << QByteArray(".git ") << false;
        QTest::newRow(".git..") << QByteArray(".git..") << false;
        QTest::newRow(".git. . in a folder") << QByteArray("a/.git. ./hooks/x") << false;
        QTest::newRow("GIT~1") << QByteArray("GIT~1") << false;
        QTest::newRow("git~1 folder") << QByteArray("x/git~1/config") << false;
        QTest::newRow("git~2") << QByteArray("Git~2") << false;
        QTest::newRow("git~1.") << QByteArray("git~1.") << false;
        QTest::newRow(".git stream") << QByteArray(".git::$INDEX_ALLOCATION/x") << false;
        QTest::newRow("git~1 stream") << QByteArray("git~1:$DATA") << false;
        QTest::newRow(".git + zero-width space") << QByteArray(".git\xE2\x80\x8B") << false;
        QTest::newRow(".g + ZWNJ + it") << QByteArray(".g\xE2\x80\x8Cit/config") << false;
        QTest::newRow("BOM + .git") << QByteArray("\xEF\xBB\xBF.git") << false;
        QTest::newRow(".gitx ok") << QByteArray(".gitx/a") << true;
        QTest::newRow(".git.txt ok") << QByteArray("a/.git.txt") << true;
        QTest::newRow(".gitignore ok") << QByteArray(".gitignore") << true;
        QTest::newRow(".gitkeep ok") << QByteArray("a/.gitkeep") << true;
        QTest::newRow("git~ ok") << QByteArray("git~") << true;
        QTest::newRow("git~1x ok") << QByteArray("git~1x") << true;
        QTest::newRow("x.git ok") << QByteArray("x.git/y") << true;
        // Control and invisible characters, which look like nothing or break lines.
        QTest::newRow("LF") << QByteArray("a\nb") << false;
        QTest::newRow("tab") << QByteArray("a\tb") << false;
        QTest::newRow("DEL") << QByteArray("a\x7F") << false;
        QTest::newRow("U+0085 NEL") << QByteArray("a\xC2\x85") << false;
        QTest::newRow("U+009B CSI") << QByteArray("a\xC2\x9B[31m") << false;
        QTest::newRow("U+202E RLO") << QByteArray("evil\xE2\x80\xAEyp.sh") << false;
        QTest::newRow("U+2066 LRI") << QByteArray("a\xE2\x81\xA6q") << false;
        QTest::newRow("U+200D ZWJ") << QByteArray("a\xE2\x80\x8Dq") << false;
        QTest::newRow("U+2060 word joiner") << QByteArray("a\xE2\x81\xA0q") << false;
        QTest::newRow("U+00AD soft hyphen") << QByteArray("a\xC2\xADq") << false;
        QTest::newRow("BOM inside") << QByteArray("dags/\xEF\xBB\xBF"
                                                  "a.py")
                                    << false;
        QTest::newRow("U+2028 line separator") << QByteArray("a\xE2\x80\xA8q") << false;
        QTest::newRow("U+E0041 tag") << QByteArray("a\xF3\xA0\x81\x81") << false;
        QTest::newRow("U+FFFF noncharacter") << QByteArray("a\xEF\xBF\xBF") << false;
        QTest::newRow("invalid UTF-8") << QByteArray("a\xFF") << false;
        QTest::newRow("overlong dot") << QByteArray("\xC0\xAE\xC0\xAE/x") << false;
        QTest::newRow("surrogate") << QByteArray("a\xED\xA0\x80") << false;
        QTest::newRow("Polish ok")
            << QByteArray("docs/za\xC5\xBC\xC3\xB3\xC5\x82\xC4\x87.md") << true;
        QTest::newRow("CJK ok") << QByteArray("\xE6\x95\xB0\xE6\x8D\xAE.sql") << true;
    }

    void repositoryPaths()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, safe);
        const auto problem = repoPathProblem(path.toStdString());
        QVERIFY2(!problem.has_value() == safe, problem.value_or("accepted").c_str());
    }

    void linkPaths_data()
    {
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<bool>("safe");
        QTest::newRow("plain") << QByteArray("docs/current") << true;
        QTest::newRow(".gitmodules") << QByteArray(".gitmodules") << false;
        QTest::newRow(".GITATTRIBUTES in a folder") << QByteArray("a/.GITATTRIBUTES") << false;
        QTest::newRow(".gitignore.") << QByteArray("a/.gitignore. ") << false;
        QTest::newRow(".mailmap") << QByteArray(".mailmap") << false;
        QTest::newRow("gitmod~1") << QByteArray("GITMOD~1") << false;
        QTest::newRow("gi7eba~3") << QByteArray("gi7eba~3") << false;
        QTest::newRow(".gitmodules folder ok") << QByteArray(".gitmodules.d/x") << true;
        QTest::newRow("path rule too") << QByteArray(".git.") << false;
    }

    void linkPaths()
    {
        QFETCH(QByteArray, path);
        QFETCH(bool, safe);
        const auto problem = linkPathProblem(path.toStdString());
        QVERIFY2(!problem.has_value() == safe, problem.value_or("accepted").c_str());
    }

    void nulInPathIsRejected() { QVERIFY(repoPathProblem(std::string("a\0b", 3)).has_value()); }
};

QTEST_GUILESS_MAIN(tst_SpecIo)
#include "tst_specio.moc"
