#include <QTest>

#include <set>

#include "core/definition/changesummary.h"
#include "core/definition/graphedit.h"
#include "core/definition/graphquery.h"
#include "core/spec/specio.h"
#include "core/spec/specvalidator.h"
#include "core/spec/yamljson.h"

using namespace pw::core;
using nlohmann::json;

namespace {

Spec sample()
{
    return readSpec(json::parse(R"({"nodes": [
        {"id": "a", "type": "bash", "command": "run a", "position": {"x": 1, "y": 2}},
        {"id": "b", "type": "empty", "label": "B"},
        {"id": "c", "type": "empty"},
        {"id": "d", "type": "python_module", "module": "m", "callable": "f"}],
        "edges": [{"upstream": "a", "downstream": "b"}, {"upstream": "b", "downstream": "c"},
                  {"upstream": "a", "downstream": "c"}, {"upstream": "c", "downstream": "d"}]})"))
        .spec;
}

Node node(const std::string &id)
{
    Node n;
    n.id = id;
    n.type = "empty";
    return n;
}

std::set<std::string> edgeSet(const Spec &s)
{
    std::set<std::string> out;
    for (const Edge &e : s.edges)
        out.insert(e.id());
    return out;
}

} // namespace

class tst_GraphEdit : public QObject
{
    Q_OBJECT

private slots:
    void closuresFollowEdgesBothWays()
    {
        const Spec spec = sample();
        QCOMPARE(closure(spec, {"b"}, Direction::Downstream),
                 (std::vector<std::string>{"b", "c", "d"}));
        QCOMPARE(closure(spec, {"c"}, Direction::Upstream),
                 (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(closure(spec, {"d", "b"}, Direction::Upstream),
                 (std::vector<std::string>{"a", "b", "c", "d"}));
        QCOMPARE(closure(spec, {"ghost"}, Direction::Downstream), std::vector<std::string>{});
    }

    void degreesAndIncidentEdges()
    {
        const Spec spec = sample();
        const std::vector<NodeDegree> d = degrees(spec);
        QCOMPARE(d.size(), size_t(4));
        QCOMPARE(d[0].upstream, 0);
        QCOMPARE(d[0].downstream, 2);
        QCOMPARE(d[2].upstream, 2);
        QCOMPARE(d[2].downstream, 1);
        const IncidentEdges c = incidentEdges(spec, "c");
        QCOMPARE(c.upstream.size(), size_t(2));
        QCOMPARE(c.upstream[0].upstream, std::string("b"));
        QCOMPARE(c.downstream.size(), size_t(1));
        QCOMPARE(c.downstream[0].downstream, std::string("d"));
    }

    void connectionRefusalsAgreeWithValidation()
    {
        const Spec spec = sample();
        using Reason = ConnectionRefusal::Reason;
        QCOMPARE(connectionRefusal(spec, "d", "a")->reason, Reason::Cycle);
        // The shortest existing way back, from the new dependency's downstream to its upstream.
        QCOMPARE(connectionRefusal(spec, "d", "a")->path,
                 (std::vector<std::string>{"a", "c", "d"}));
        QCOMPARE(connectionRefusal(spec, "c", "b")->path, (std::vector<std::string>{"b", "c"}));
        QCOMPARE(connectionRefusal(spec, "a", "a")->reason, Reason::SameNode);
        QCOMPARE(connectionRefusal(spec, "a", "b")->reason, Reason::Exists);
        QCOMPARE(connectionRefusal(spec, "a", "ghost")->reason, Reason::UnknownNode);
        QVERIFY(!connectionRefusal(spec, "b", "d").has_value());
        // Whatever is not refused, validation accepts; whatever is refused for a cycle, it
        // refuses.
        for (const Node &up : spec.nodes) {
            for (const Node &down : spec.nodes) {
                const auto refusal = connectionRefusal(spec, up.id, down.id);
                Spec with = spec;
                with.edges.push_back({up.id, down.id, false});
                const bool valid = !hasErrors(validateSpec(with, NodeCatalog::builtin()));
                QCOMPARE(valid, !refusal.has_value());
            }
        }
    }

    void changeSummariesReadBackIntoParts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ours");
        // What core writes...
        QTest::newRow("create") << "Create definition" << true;
        QTest::newRow("restore") << "Restore version 12" << true;
        QTest::newRow("fields") << "Update name, description, spec" << true;
        QTest::newRow("one field") << "Update target" << true;
        QTest::newRow("add node") << "Add node extract_2" << true;
        QTest::newRow("many") << "Add 3 nodes, remove node old, add 4 dependencies" << true;
        QTest::newRow("count of one") << "Remove 1 node" << true;
        QTest::newRow("edge") << "Remove dependency a → b, update 2 nodes" << true;
        QTest::newRow("replace") << "Update node a, replace dependencies" << true;
        // ... and what it never writes: an author's words are shown as written.
        QTest::newRow("prose") << "Fix the retry count" << false;
        QTest::newRow("lower") << "add node a" << false;
        QTest::newRow("bad id") << "Add node Extract" << false;
        QTest::newRow("plural") << "Add 2 node" << false;
        QTest::newRow("zero") << "Add 0 nodes" << false;
        QTest::newRow("unknown field") << "Update colour" << false;
        QTest::newRow("trailing") << "Add node a, " << false;
        QTest::newRow("empty") << "" << false;
    }

    void changeSummariesReadBackIntoParts()
    {
        QFETCH(QString, text);
        QFETCH(bool, ours);
        const auto parts = parseChangeSummary(text.toStdString());
        QCOMPARE(parts.has_value(), ours);
        if (parts)
            QCOMPARE(QString::fromStdString(changeSummaryText(*parts)), text);
    }

    void pasteRenamesTakenIdsAndRemapsEdges()
    {
        const Spec target = sample();
        const Spec copied = readSpec(json::parse(R"({"nodes": [
            {"id": "a", "type": "empty", "position": {"x": 10, "y": 20}}, {"id": "new", "type": "empty"},
            {"id": 5, "type": "empty"}],
            "edges": [{"upstream": "a", "downstream": "new"}, {"upstream": "new", "downstream": "outside"}]})"))
                                .spec;
        const PasteEdit paste = pasteEdit(target, copied, Position{40, 40});
        QCOMPARE(paste.edit.addNodes.size(), size_t(2)); // the malformed node is skipped
        QCOMPARE(paste.edit.addNodes[0].id, std::string("a_2"));
        // Offset by (40, 40) it would cover the original a at (1, 2): the group moves down one
        // card and gap (100) to a free place.
        QCOMPARE(paste.edit.addNodes[0].position, std::optional<Position>(Position{50, 160}));
        QCOMPARE(paste.edit.addNodes[1].id, std::string("new"));
        QCOMPARE(paste.edit.addEdges.size(), size_t(1)); // the edge to a node not copied is dropped
        QCOMPARE(paste.edit.addEdges[0].upstream, std::string("a_2"));
        QCOMPARE(paste.edit.addEdges[0].downstream, std::string("new"));
        QCOMPARE(paste.renamed.front(), (std::pair<std::string, std::string>{"a", "a_2"}));
        Spec applied = target;
        QVERIFY(applyGraphEdit(applied, paste.edit).has_value());
        QCOMPARE(applied.nodes.size(), size_t(6));
    }

    void inverseRestoresTheSpec_data()
    {
        QTest::addColumn<int>("kind");
        QTest::newRow("add node with edges") << 0;
        QTest::newRow("remove nodes") << 1;
        QTest::newRow("patch fields") << 2;
        QTest::newRow("connect and disconnect") << 3;
        QTest::newRow("replace edges") << 4;
        QTest::newRow("paste") << 5;
        QTest::newRow("patch adds a field") << 6;
    }

    void inverseRestoresTheSpec()
    {
        QFETCH(int, kind);
        const Spec before = sample();
        GraphEdit edit;
        switch (kind) {
        case 0:
            edit.addNodes = {node("e")};
            edit.addEdges = {{"d", "e", false}, {"a", "e", false}};
            break;
        case 1:
            edit.removeNodes = {"b", "c"};
            break;
        case 2:
            edit.updateNodes = {{"a", json{{"command", "run b"}, {"label", "A!"}}}};
            break;
        case 3:
            edit.addEdges = {{"a", "d", false}};
            edit.removeEdges = {{"b", "c", false}};
            break;
        case 4:
            edit.replaceEdges = std::vector<Edge>{{"a", "d", false}};
            break;
        case 5:
            edit.addNodes = {node("x"), node("y")};
            edit.addEdges = {{"x", "y", false}};
            break;
        case 6:
            edit.updateNodes = {{"b", json{{"description", "new"}}}};
            break;
        }
        Spec after = before;
        QVERIFY(applyGraphEdit(after, edit).has_value());
        QVERIFY(!after.sameContent(before));
        const GraphEdit undo = inverseOf(before, edit);
        Spec restored = after;
        auto ok = applyGraphEdit(restored, undo);
        QVERIFY2(ok.has_value(), ok ? "" : ok.error().message.c_str());
        // Same nodes (order may differ: undone deletions come back at the end) and edges.
        QCOMPARE(restored.nodes.size(), before.nodes.size());
        for (const Node &n : before.nodes) {
            const Node *back = restored.findNode(n.id);
            QVERIFY(back);
            QVERIFY(back->sameContent(n));
            QCOMPARE(back->position, n.position);
        }
        QCOMPARE(edgeSet(restored), edgeSet(before));
    }

    void uniqueIds()
    {
        const Spec spec = sample();
        QCOMPARE(uniqueNodeId(spec, "e"), std::string("e"));
        QCOMPARE(uniqueNodeId(spec, "a"), std::string("a_2"));
        QCOMPARE(uniqueNodeId(spec, "a", {"a_2"}), std::string("a_3"));
        QCOMPARE(uniqueNodeId(spec, "Load Customers!"), std::string("load_customers_"));
        QCOMPARE(uniqueNodeId(spec, "9lives"), std::string("lives"));
        QCOMPARE(uniqueNodeId(spec, "---"), std::string("node"));
        QVERIFY(isValidNodeId(uniqueNodeId(spec, std::string(300, 'x'))));
    }

    void linesOfPaths()
    {
        const std::string yaml = "nodes:\n  - id: a\n    type: bash\n  - id: b\n    type: sql\n    "
                                 "query: x\nedges:\n  - upstream: a\n    downstream: b\n";
        QCOMPARE(lineOfPath(yaml, "nodes[1].query"), std::optional<int>(6));
        QCOMPARE(lineOfPath(yaml, "nodes[1].connector"),
                 std::optional<int>(4)); // missing: its node
        QCOMPARE(lineOfPath(yaml, "edges[0]"), std::optional<int>(8));
        QCOMPARE(lineOfPath(yaml, "nodes[0].type"), std::optional<int>(3));
        const std::string jsonText =
            "{\n  \"nodes\": [\n    {\"id\": \"a\",\n     \"type\": 5}\n  ]\n}\n";
        QCOMPARE(lineOfPath(jsonText, "nodes[0].type"), std::optional<int>(4));
        QCOMPARE(lineOfPath("a: [", "a"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(tst_GraphEdit)
#include "tst_graphedit.moc"
