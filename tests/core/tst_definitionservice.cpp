#include <QSignalSpy>
#include <QTest>

#include <chrono>
#include <thread>

#include "core/spec/specio.h"
#include "core/util/limits.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;

namespace {

int64_t auditCount(Fixture &f)
{
    return *f.core().audit().count(f.local().spaceId);
}

int versionCount(Fixture &f, const std::string &id)
{
    return static_cast<int>(f.core().definitions().versions(f.local(), id, {0, 1000})->total);
}

// The current version as the database holds it, past every cache.
int storedVersion(Fixture &f, const std::string &id)
{
    return static_cast<int>(*f.core().store().read([&](Database &db) -> Result<int64_t> {
        auto q = db.cached("SELECT current_version FROM definitions WHERE id = ?");
        q->bind(1, id);
        return q->step() ? q->integer(0) : -1;
    }));
}

Node node(const std::string &id, const std::string &type = "empty")
{
    Node n;
    n.id = id;
    n.type = type;
    return n;
}

} // namespace

class tst_DefinitionService : public QObject
{
    Q_OBJECT

private slots:
    void createWritesVersionOneAuditAndEvent()
    {
        Fixture f;
        QSignalSpy changes(&f.core().notifier(), &ChangeNotifier::changed);
        const int64_t audits = auditCount(f);
        DefinitionCreate input;
        input.meta = {"Orders", "", "dagster", f.demoWorkspaceId(), std::nullopt};
        input.spec.nodes = {node("a"), node("b")};
        input.spec.edges = {{"a", "b", false}};
        auto created = f.core().definitions().create(f.local(), input);
        QVERIFY2(created.has_value(), created ? "" : created.error().message.c_str());
        QCOMPARE(created->definition->currentVersion, 1);
        QCOMPARE(versionCount(f, created->definition->id), 1);
        QCOMPARE(auditCount(f), audits + 1);
        QCOMPARE(changes.count(), 1);
        const auto event = changes.at(0).at(0).value<ChangeEvent>();
        QCOMPARE(event.objectId, created->definition->id);
        QCOMPARE(event.version, 1);
    }

    void createWithoutRepositoryUsesTheWorkspaceDefault()
    {
        Fixture f;
        DefinitionCreate input;
        input.meta = {"Orders", "", "airflow", f.demoWorkspaceId(), std::nullopt};
        auto created = f.core().definitions().create(f.local(), input);
        QVERIFY(created.has_value());
        QCOMPARE(created->definition->meta.repositoryId,
                 std::optional<std::string>(f.demoRepositoryId()));
        // An explicit repository wins; a workspace without a default leaves it empty.
        auto other = f.core().registry().registerRepository(f.local(), "Other", "/srv/other");
        QVERIFY(other.has_value());
        input.meta.name = "Orders 2";
        input.meta.repositoryId = other->id;
        QCOMPARE(f.core().definitions().create(f.local(), input)->definition->meta.repositoryId,
                 std::optional<std::string>(other->id));
        WorkspaceCreate ws;
        ws.name = "Bare";
        auto bare = f.core().workspaces().create(f.local(), ws);
        QVERIFY(bare.has_value());
        input.meta = {"Orders 3", "", "airflow", bare->workspace->id, std::nullopt};
        QCOMPARE(f.core().definitions().create(f.local(), input)->definition->meta.repositoryId,
                 std::optional<std::string>());
    }

    void invalidCreateWritesNothing()
    {
        Fixture f;
        const int64_t audits = auditCount(f);
        DefinitionCreate input;
        input.meta = {"Bad", "", "airflow", f.demoWorkspaceId(), std::nullopt};
        input.spec.nodes = {node("a"), node("b")};
        input.spec.edges = {{"a", "b", false}, {"b", "a", false}};
        auto created = f.core().definitions().create(f.local(), input);
        QVERIFY(!created.has_value());
        QCOMPARE(created.error().code, ErrorCode::Unprocessable);
        QCOMPARE(created.error().details["problems"][0]["code"], json("cycle"));
        input.spec.edges.clear();
        input.meta.target = "luigi";
        QCOMPARE(f.core().definitions().create(f.local(), input).error().code, ErrorCode::Invalid);
        QCOMPARE(auditCount(f), audits);
        QCOMPARE(f.core().definitions().list(f.local(), {})->total, int64_t(1));
    }

    void eachGraphEditIsOneVersion()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const int64_t audits = auditCount(f);
        GraphEdit add;
        add.addNodes = {node("audit")};
        add.addEdges = {{"notify_team", "audit", false}};
        auto added = f.core().definitions().editGraph(f.local(), id, add, "");
        QVERIFY2(added.has_value(), added ? "" : added.error().message.c_str());
        QCOMPARE(added->definition->currentVersion, 2);
        GraphEdit patch;
        patch.updateNodes = {{"audit", json{{"label", "Audit trail"}}}};
        QCOMPARE(
            f.core().definitions().editGraph(f.local(), id, patch, "")->definition->currentVersion,
            3);
        GraphEdit disconnect;
        disconnect.removeEdges = {{"notify_team", "audit", false}};
        QCOMPARE(f.core()
                     .definitions()
                     .editGraph(f.local(), id, disconnect, "")
                     ->definition->currentVersion,
                 4);
        QCOMPARE(versionCount(f, id), 4);
        QCOMPARE(auditCount(f), audits + 3);
        auto versions = f.core().definitions().versions(f.local(), id, {0, 10});
        QCOMPARE(versions->items.front().number, 4);
        QCOMPARE(versions->items.front().changeSummary,
                 std::string("Remove dependency notify_team → audit"));
        QCOMPARE(versions->items.back().number, 1);
    }

    void failedEditsWriteNothing_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("code");
        QTest::newRow("duplicate node") << 0 << int(ErrorCode::Conflict);
        QTest::newRow("duplicate edge") << 1 << int(ErrorCode::Conflict);
        QTest::newRow("missing node to remove") << 2 << int(ErrorCode::NotFound);
        QTest::newRow("edge to missing node") << 3 << int(ErrorCode::Unprocessable);
        QTest::newRow("cycle") << 4 << int(ErrorCode::Unprocessable);
        QTest::newRow("id change") << 5 << int(ErrorCode::Invalid);
        QTest::newRow("missing required field") << 6 << int(ErrorCode::Unprocessable);
        QTest::newRow("missing edge to remove") << 7 << int(ErrorCode::NotFound);
    }

    void failedEditsWriteNothing()
    {
        QFETCH(int, kind);
        QFETCH(int, code);
        Fixture f;
        const std::string id = f.demoDefinitionId();
        QSignalSpy changes(&f.core().notifier(), &ChangeNotifier::changed);
        const int64_t audits = auditCount(f);
        const std::string before = f.core().definitions().get(f.local(), id)->definition->specJson;
        GraphEdit edit;
        switch (kind) {
        case 0:
            edit.addNodes = {node("clean_accounts")};
            break;
        case 1:
            edit.addEdges = {{"clean_accounts", "join_renewals", false}};
            break;
        case 2:
            edit.removeNodes = {"ghost"};
            break;
        case 3:
            edit.addEdges = {{"clean_accounts", "ghost", false}};
            break;
        case 4:
            edit.addEdges = {{"notify_team", "extract_crm_accounts", false}};
            break;
        case 5:
            edit.updateNodes = {{"clean_accounts", json{{"id", "renamed"}}}};
            break;
        case 6:
            edit.updateNodes = {{"clean_accounts", json{{"module", nullptr}}}};
            break;
        case 7:
            edit.removeEdges = {{"notify_team", "clean_accounts", false}};
            break;
        }
        auto result = f.core().definitions().editGraph(f.local(), id, edit, "");
        QVERIFY(!result.has_value());
        QCOMPARE(int(result.error().code), code);
        QCOMPARE(versionCount(f, id), 1);
        QCOMPARE(auditCount(f), audits);
        QCOMPARE(changes.count(), 0);
        f.core().definitions().clearCache();
        QCOMPARE(f.core().definitions().get(f.local(), id)->definition->specJson, before);
    }

    void editGraphAnswersItsInverse()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const std::string original = specToText(
            f.core().definitions().get(f.local(), id)->definition->spec, {.positions = false});
        GraphEdit edit;
        edit.removeNodes = {"notify_team"};
        edit.updateNodes = {{"clean_accounts", json{{"label", "Cleaned"}}}};
        edit.addNodes = {node("audit")};
        edit.addEdges = {{"clean_accounts", "audit", false}};
        auto edited = f.core().definitions().editGraph(f.local(), id, edit, "");
        QVERIFY(edited.has_value());
        QVERIFY(!edited->inverse.empty());
        auto undone = f.core().definitions().editGraph(f.local(), id, edited->inverse, "");
        QVERIFY(undone.has_value());
        QCOMPARE(specToText(undone->definition->spec, {.positions = false}), original);
        // The inverse of the inverse is the edit again.
        auto redone = f.core().definitions().editGraph(f.local(), id, undone->inverse, "");
        QVERIFY(redone.has_value());
        QCOMPARE(specToText(redone->definition->spec, {.positions = false}),
                 specToText(edited->definition->spec, {.positions = false}));
    }

    void nodesWithoutPositionArePlacedAtCommit()
    {
        // Every face sees a new node in the same place: core places it when the edit commits,
        // as layout (no extra version), next to its upstream node.
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const Position upstream = *f.core()
                                       .definitions()
                                       .get(f.local(), id)
                                       ->definition->spec.findNode("notify_team")
                                       ->position;
        GraphEdit edit;
        edit.addNodes = {node("audit")};
        edit.addEdges = {{"notify_team", "audit", false}};
        auto edited = f.core().definitions().editGraph(f.local(), id, edit, "");
        QVERIFY(edited.has_value());
        QCOMPARE(edited->definition->currentVersion, 2);
        const auto placed = edited->definition->spec.findNode("audit")->position;
        QVERIFY(placed.has_value());
        QVERIFY(placed->x > upstream.x);
        // Saved: another core (another process) reads the same place.
        auto other = Core::open(f.dataDir().toStdString());
        QVERIFY(other.has_value());
        auto actor = (*other)->localActor();
        QCOMPARE(
            (*other)->definitions().get(*actor, id)->definition->spec.findNode("audit")->position,
            placed);
        // A definition created without any position is laid out whole.
        DefinitionCreate input;
        input.meta = {"Unplaced", "", "airflow", f.demoWorkspaceId(), std::nullopt};
        input.spec.nodes = {node("a"), node("b"), node("c")};
        input.spec.edges = {{"a", "b", false}, {"b", "c", false}};
        auto created = f.core().definitions().create(f.local(), input);
        QVERIFY(created.has_value());
        for (const Node &n : created->definition->spec.nodes)
            QVERIFY2(n.position.has_value(), n.id.c_str());
        QVERIFY(created->definition->spec.findNode("b")->position->x >
                created->definition->spec.findNode("a")->position->x);
    }

    void multiNodeDeleteIsOneVersionAndDropsEdges()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        GraphEdit edit;
        edit.removeNodes = {"refresh_dashboard", "notify_team", "load_customer_renewals"};
        auto result = f.core().definitions().editGraph(f.local(), id, edit, "");
        QVERIFY(result.has_value());
        QCOMPARE(result->definition->currentVersion, 2);
        QCOMPARE(result->definition->spec.nodes.size(), size_t(5));
        for (const Edge &e : result->definition->spec.edges) {
            QVERIFY(e.upstream != "load_customer_renewals" &&
                    e.downstream != "load_customer_renewals");
        }
        QCOMPARE(result->definition->spec.edges.size(), size_t(4));
    }

    void pasteOfNodesAndEdgesIsOneVersion()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        GraphEdit paste;
        paste.addNodes = {node("copy_a"), node("copy_b")};
        paste.addEdges = {{"copy_a", "copy_b", false}, {"notify_team", "copy_a", false}};
        auto result = f.core().definitions().editGraph(f.local(), id, paste, "Paste");
        QVERIFY(result.has_value());
        QCOMPARE(result->definition->currentVersion, 2);
        QCOMPARE(result->definition->spec.nodes.size(), size_t(10));
    }

    void metadataUpdateVersionsAndNoOpDoesNot()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        DefinitionPatch patch;
        patch.name = "Renewals v2";
        auto updated = f.core().definitions().update(f.local(), id, patch);
        QVERIFY(updated.has_value());
        QCOMPARE(updated->definition->currentVersion, 2);
        const int64_t audits = auditCount(f);
        auto same = f.core().definitions().update(f.local(), id, patch);
        QVERIFY(same.has_value());
        QCOMPARE(same->definition->currentVersion, 2);
        QCOMPARE(auditCount(f), audits);
        patch.name.reset();
        patch.target = "spark";
        QCOMPARE(f.core().definitions().update(f.local(), id, patch).error().code,
                 ErrorCode::Invalid);
    }

    void positionsAreLayoutNotVersions()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        QSignalSpy changes(&f.core().notifier(), &ChangeNotifier::changed);
        auto moved = f.core().definitions().setPositions(f.local(), id,
                                                         {{"clean_accounts", Position{120, 40}}});
        QVERIFY(moved.has_value());
        QCOMPARE(moved->definition->currentVersion, 1);
        QCOMPARE(versionCount(f, id), 1);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(int(changes.at(0).at(0).value<ChangeEvent>().kind),
                 int(ChangeEvent::Kind::Layout));
        f.core().definitions().clearCache();
        auto reread = f.core().definitions().get(f.local(), id);
        QCOMPARE(reread->definition->spec.findNode("clean_accounts")->position,
                 std::optional<Position>(Position{120, 40}));
        // Versions never store positions, so a compare shows no change.
        auto v1 = f.core().definitions().versions(f.local(), id, {0, 10})->items.back();
        auto comparison = f.core().definitions().compare(f.local(), id, v1.id, std::nullopt);
        QVERIFY(comparison.has_value());
        QVERIFY(comparison->spec.empty());
        QVERIFY(comparison->unifiedDiff.empty());
        QCOMPARE(f.core()
                     .definitions()
                     .setPositions(f.local(), id, {{"ghost", Position{}}})
                     .error()
                     .code,
                 ErrorCode::NotFound);
    }

    void deletedAndRestoredNodeKeepsItsPosition()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        QVERIFY(f.core()
                    .definitions()
                    .setPositions(f.local(), id, {{"notify_team", Position{500, 60}}})
                    .has_value());
        GraphEdit remove;
        remove.removeNodes = {"notify_team"};
        QVERIFY(f.core().definitions().editGraph(f.local(), id, remove, "").has_value());
        auto v1 = f.core().definitions().versions(f.local(), id, {0, 10})->items.back();
        auto restored = f.core().definitions().restore(f.local(), id, v1.id, "");
        QVERIFY(restored.has_value());
        QCOMPARE(restored->definition->currentVersion, 3);
        QCOMPARE(restored->definition->spec.findNode("notify_team")->position,
                 std::optional<Position>(Position{500, 60}));
    }

    void compareReportsStructure()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        GraphEdit edit;
        edit.removeNodes = {"refresh_dashboard"};
        edit.updateNodes = {
            {"clean_accounts", json{{"label", "Clean CRM accounts"}, {"callable", "clean"}}}};
        edit.addNodes = {node("archive_raw")};
        edit.addEdges = {{"extract_crm_accounts", "archive_raw", false}};
        QVERIFY(f.core().definitions().editGraph(f.local(), id, edit, "").has_value());
        DefinitionPatch patch;
        patch.description = "new words";
        QVERIFY(f.core().definitions().update(f.local(), id, patch).has_value());
        auto v1 = f.core().definitions().versions(f.local(), id, {0, 10})->items.back();
        auto c = f.core().definitions().compare(f.local(), id, v1.id, std::nullopt);
        QVERIFY(c.has_value());
        QCOMPARE(c->spec.nodesAdded, std::vector<std::string>{"archive_raw"});
        QCOMPARE(c->spec.nodesRemoved, std::vector<std::string>{"refresh_dashboard"});
        QCOMPARE(c->spec.nodesChanged.size(), size_t(1));
        QCOMPARE(c->spec.nodesChanged[0].id, std::string("clean_accounts"));
        QCOMPARE(c->spec.nodesChanged[0].fields, (std::vector<std::string>{"label", "callable"}));
        QCOMPARE(c->spec.edgesAdded.size(), size_t(1));
        QCOMPARE(c->spec.edgesRemoved.size(), size_t(1));
        QCOMPARE(c->metadata.size(), size_t(1));
        QCOMPARE(c->metadata[0].field, std::string("description"));
        QCOMPARE(c->toNumber, 3);
        QVERIFY(c->unifiedDiff.find("+      \"id\": \"archive_raw\",") != std::string::npos);
        QVERIFY(c->unifiedDiff.find("--- version 1\n+++ current (version 3)\n") == 0);
        // Two saved versions compare too.
        auto v2 = f.core().definitions().versionByNumber(f.local(), id, 2);
        auto between = f.core().definitions().compare(f.local(), id, v1.id, v2->info.id);
        QVERIFY(between.has_value());
        QVERIFY(between->metadata.empty());
        QCOMPARE(between->toNumber, 2);
    }

    void compareIgnoresNodeOrder()
    {
        // An undo puts a removed node back at the end of the list: the summary and the texts
        // must both say nothing changed (the text diff once showed unchanged nodes as removed
        // and added).
        Fixture f;
        const std::string id = f.demoDefinitionId();
        GraphEdit remove;
        remove.removeNodes = {"clean_accounts"};
        auto removed = f.core().definitions().editGraph(f.local(), id, remove, "");
        QVERIFY(removed.has_value());
        QVERIFY(f.core().definitions().editGraph(f.local(), id, removed->inverse, "").has_value());
        const auto v1 = f.core().definitions().versionByNumber(f.local(), id, 1);
        const Spec now = f.core().definitions().get(f.local(), id)->definition->spec;
        QVERIFY(now.nodes.back().id == "clean_accounts");
        QVERIFY(v1->spec.nodes.back().id != "clean_accounts"); // the order did change
        for (auto format :
             {DefinitionService::CompareText::Json, DefinitionService::CompareText::Yaml}) {
            auto c =
                f.core().definitions().compare(f.local(), id, v1->info.id, std::nullopt, format);
            QVERIFY(c.has_value());
            QVERIFY(c->spec.empty());
            QCOMPARE(c->fromText, c->toText);
            QVERIFY2(c->unifiedDiff.empty(), c->unifiedDiff.c_str());
        }
        // The YAML texts read like the source view's: a list of nodes, no JSON braces.
        auto yaml = f.core().definitions().compare(f.local(), id, v1->info.id, std::nullopt,
                                                   DefinitionService::CompareText::Yaml);
        QVERIFY(yaml->toText.find("- id: clean_accounts") != std::string::npos);
        QVERIFY(yaml->toText.front() != '{');
    }

    void compareBoundsItsTexts()
    {
        // A value nested 150 deep around 100,000 numbers pretty-prints to about 30 MB: the
        // texts are left out (flagged) instead of built.
        Fixture f;
        const std::string demo = f.demoDefinitionId();
        json payload = json::array();
        for (int i = 0; i < 100000; ++i)
            payload.push_back(0);
        for (int i = 0; i < 150; ++i)
            payload = json::array({std::move(payload)});
        DefinitionCreate input;
        input.meta = {"Wide", "", "airflow", f.demoWorkspaceId(), std::nullopt};
        Node wide = node("wide");
        wide.editFields()["payload"] = payload;
        input.spec.nodes = {wide};
        auto created = f.core().definitions().create(f.local(), input);
        QVERIFY(created.has_value());
        const std::string id = created->definition->id;
        GraphEdit edit;
        edit.updateNodes = {{"wide", json{{"label", "Wide"}}}};
        QVERIFY(f.core().definitions().editGraph(f.local(), id, edit, "").has_value());
        const auto v1 = f.core().definitions().versionByNumber(f.local(), id, 1);
        auto c = f.core().definitions().compare(f.local(), id, v1->info.id, std::nullopt);
        QVERIFY(c.has_value());
        QVERIFY(c->textOmitted);
        QVERIFY(c->fromText.empty() && c->toText.empty() && c->unifiedDiff.empty());
        QCOMPARE(c->spec.nodesChanged.size(), size_t(1));
        // A diff longer than the limit is cut at a line end and flagged.
        DefinitionPatch big;
        Spec many;
        for (int i = 0; i < 12000; ++i) {
            many.nodes.push_back(node("n" + std::to_string(i)));
            many.nodes.back().label = std::string(200, 'l');
        }
        big.spec = many;
        QVERIFY(f.core().definitions().update(f.local(), demo, big).has_value());
        const auto first = f.core().definitions().versionByNumber(f.local(), demo, 1);
        c = f.core().definitions().compare(f.local(), demo, first->info.id, std::nullopt);
        QVERIFY(c.has_value());
        QVERIFY(!c->textOmitted);
        QVERIFY(c->textDiffTruncated);
        QVERIFY(c->unifiedDiff.size() <= kMaxTextDiffBytes);
        QVERIFY(c->unifiedDiff.ends_with('\n'));
    }

    void specOverTheSizeLimitWritesNothing()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const int64_t audits = auditCount(f);
        Node huge = node("huge");
        huge.editFields()["blob"] = std::string(kMaxSpecBytes, 'x');
        GraphEdit edit;
        edit.addNodes = {huge};
        auto edited = f.core().definitions().editGraph(f.local(), id, edit, "");
        QVERIFY(!edited.has_value());
        QCOMPARE(edited.error().code, ErrorCode::Unprocessable);
        QCOMPARE(edited.error().details["max_bytes"], json(kMaxSpecBytes));
        QCOMPARE(auditCount(f), audits);
        QCOMPARE(versionCount(f, id), 1);
        DefinitionCreate input;
        input.meta = {"Huge", "", "airflow", f.demoWorkspaceId(), std::nullopt};
        input.spec.nodes = {huge};
        QCOMPARE(f.core().definitions().create(f.local(), input).error().code,
                 ErrorCode::Unprocessable);
        QCOMPARE(f.core().definitions().list(f.local(), {})->total, int64_t(1));
    }

    void metadataFromMalformedJsonDoesNotThrow()
    {
        // Once nlohmann's value() threw out of a handler here (a wrong type, or a row that did
        // not parse) and ended the window with it.
        const DefinitionMetadata fromArray = DefinitionMetadata::fromJson(json::array({1}));
        QCOMPARE(fromArray.target, std::string("airflow"));
        const DefinitionMetadata wrongTypes = DefinitionMetadata::fromJson(
            json{{"name", 5}, {"target", nullptr}, {"repository_id", 7}});
        QCOMPARE(wrongTypes.name, std::string());
        QCOMPARE(wrongTypes.target, std::string("airflow"));
        QVERIFY(!wrongTypes.repositoryId);
        QCOMPARE(DefinitionMetadata::fromJson(json(json::value_t::discarded)).name, std::string());
    }

    void searchTextIsBounded()
    {
        Fixture f;
        DefinitionQuery q;
        q.text = std::string(kMaxSearchTextBytes + 1, 'a');
        auto listed = f.core().definitions().list(f.local(), q);
        QVERIFY(!listed.has_value());
        QCOMPARE(listed.error().code, ErrorCode::Invalid);
        QCOMPARE(listed.error().details["field"], json("q"));
        // The longest allowed text is a valid search (SQLite's LIKE limit is far above it).
        q.text = std::string(kMaxSearchTextBytes, '%');
        QCOMPARE(f.core().definitions().list(f.local(), q)->total, int64_t(0));
        WorkspaceQuery w;
        w.text = std::string(kMaxSearchTextBytes + 1, 'a');
        QCOMPARE(f.core().workspaces().list(f.local(), w).error().code, ErrorCode::Invalid);
    }

    void restoreAppendsAnEqualVersion()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const std::string original =
            specToText(f.core().definitions().get(f.local(), id)->definition->spec, {false, false});
        GraphEdit edit;
        edit.removeNodes = {"notify_team", "refresh_dashboard"};
        QVERIFY(f.core().definitions().editGraph(f.local(), id, edit, "").has_value());
        auto v1 = f.core().definitions().versions(f.local(), id, {0, 10})->items.back();
        auto restored = f.core().definitions().restore(f.local(), id, v1.id, "");
        QVERIFY(restored.has_value());
        QCOMPARE(restored->definition->currentVersion, 3);
        QCOMPARE(specToText(restored->definition->spec, {false, false}), original);
        QCOMPARE(
            f.core().definitions().versions(f.local(), id, {0, 1})->items.front().changeSummary,
            std::string("Restore version 1"));
        QCOMPARE(f.core().definitions().restore(f.local(), id, "nope", "").error().code,
                 ErrorCode::NotFound);
    }

    void archivedDefinitionRejectsMutations()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        QVERIFY(f.core().definitions().archive(f.local(), id).has_value());
        GraphEdit edit;
        edit.addNodes = {node("x")};
        QCOMPARE(f.core().definitions().editGraph(f.local(), id, edit, "").error().code,
                 ErrorCode::Conflict);
        QCOMPARE(f.core().definitions().archive(f.local(), id).error().code, ErrorCode::Conflict);
        QCOMPARE(f.core().definitions().list(f.local(), {})->total, int64_t(0));
        DefinitionQuery all;
        all.includeArchived = true;
        QCOMPARE(f.core().definitions().list(f.local(), all)->total, int64_t(1));
        QVERIFY(f.core().definitions().get(f.local(), id).has_value());
    }

    void rolesAndVisibility()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        GraphEdit edit;
        edit.addNodes = {node("x")};
        const Actor viewer = f.actor(Role::Viewer, "vic");
        QVERIFY(f.core().definitions().get(viewer, id).has_value());
        QCOMPARE(f.core().definitions().editGraph(viewer, id, edit, "").error().code,
                 ErrorCode::Forbidden);
        QVERIFY(f.core().access().createSpace("other", "Other").has_value());
        const Actor stranger = f.actor(Role::Admin, "olga", "other");
        QCOMPARE(f.core().definitions().get(stranger, id).error().code, ErrorCode::NotFound);
        QCOMPARE(f.core().definitions().editGraph(stranger, id, edit, "").error().code,
                 ErrorCode::NotFound);
        // A private workspace hides its definitions from a non-member editor.
        WorkspacePatch patch;
        patch.visibility = Visibility::Private;
        QVERIFY(f.core().workspaces().update(f.local(), f.demoWorkspaceId(), patch).has_value());
        const Actor editor = f.actor(Role::Editor, "erin");
        QCOMPARE(f.core().definitions().get(editor, id).error().code, ErrorCode::NotFound);
        QCOMPARE(f.core().definitions().list(editor, {})->total, int64_t(0));
    }

    void listFilters()
    {
        Fixture f;
        DefinitionCreate input;
        input.meta = {"Invoices 50%_off", "billing", "airflow", f.demoWorkspaceId(), std::nullopt};
        QVERIFY(f.core().definitions().create(f.local(), input).has_value());
        DefinitionQuery q;
        q.text = "50%_";
        QCOMPARE(f.core().definitions().list(f.local(), q)->total, int64_t(1));
        q.text = "RENEWAL";
        QCOMPARE(f.core().definitions().list(f.local(), q)->total, int64_t(1));
        q.text = "";
        q.page = {1, 1};
        auto page = f.core().definitions().list(f.local(), q);
        QCOMPARE(page->total, int64_t(2));
        QCOMPARE(page->items.size(), size_t(1));
        q.workspaceId = "elsewhere";
        QCOMPARE(f.core().definitions().list(f.local(), q).error().code, ErrorCode::NotFound);
    }

    void concurrentEditsGetGaplessVersions()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const Actor actor = f.local();
        std::vector<std::thread> threads;
        std::atomic<int> failures = 0;
        for (int t = 0; t < 8; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 10; ++i) {
                    GraphEdit edit;
                    edit.addNodes = {node("t" + std::to_string(t) + "_" + std::to_string(i))};
                    if (!f.core().definitions().editGraph(actor, id, edit, ""))
                        ++failures;
                }
            });
        }
        for (auto &t : threads)
            t.join();
        QCOMPARE(failures.load(), 0);
        auto versions = f.core().definitions().versions(actor, id, {0, 1000});
        QCOMPARE(versions->total, int64_t(81));
        for (size_t i = 0; i < versions->items.size(); ++i)
            QCOMPARE(versions->items[i].number, 81 - static_cast<int>(i));
        // What both faces read (the cache) is the database's current version, with no cache
        // clearing in between.
        QCOMPARE(f.core().definitions().get(actor, id)->definition->currentVersion, 81);
        QCOMPARE(f.core().definitions().get(actor, id)->definition->spec.nodes.size(), size_t(88));
        QCOMPARE(storedVersion(f, id), 81);
    }

    void cacheIsNeverOlderThanTheDatabaseAfterConcurrentEdits()
    {
        // The cache was once written after the write lock was released, regardless of version,
        // so a slower writer could leave an older definition there than the database held. Each
        // round ends with what reads see compared with the row.
        Fixture f;
        const std::string id = f.demoDefinitionId();
        const Actor actor = f.local();
        QObject receiver;
        // A slow receiver on the writers' threads widens every gap after the lock.
        QObject::connect(
            &f.core().notifier(), &ChangeNotifier::changed, &receiver,
            [](const ChangeEvent &) {
                std::this_thread::sleep_for(std::chrono::microseconds(200));
            },
            Qt::DirectConnection);
        for (int round = 0; round < 20; ++round) {
            std::vector<std::thread> threads;
            for (int t = 0; t < 4; ++t) {
                threads.emplace_back([&, t] {
                    for (int i = 0; i < 3; ++i) {
                        GraphEdit edit;
                        edit.addNodes = {node("r" + std::to_string(round) + "_" +
                                              std::to_string(t) + "_" + std::to_string(i))};
                        (void)f.core().definitions().editGraph(actor, id, edit, "");
                    }
                });
            }
            for (auto &t : threads)
                t.join();
            const auto cached = f.core().definitions().get(actor, id)->definition;
            QCOMPARE(cached->currentVersion, storedVersion(f, id));
            QCOMPARE(cached->spec.nodes.size(), size_t(8 + 12 * (round + 1)));
        }
    }

    void writesFromAnotherCoreAreNotLost()
    {
        Fixture f;
        const std::string id = f.demoDefinitionId();
        QVERIFY(f.core().definitions().get(f.local(), id).has_value()); // cached at version 1
        auto other = Core::open(f.dataDir().toStdString());
        GraphEdit a;
        a.addNodes = {node("from_other")};
        QVERIFY((*other)->definitions().editGraph(*(*other)->localActor(), id, a, "").has_value());
        GraphEdit b;
        b.addNodes = {node("from_here")};
        auto result = f.core().definitions().editGraph(f.local(), id, b, "");
        QVERIFY(result.has_value());
        QCOMPARE(result->definition->currentVersion, 3);
        QVERIFY(result->definition->spec.findNode("from_other"));
    }
};

QTEST_GUILESS_MAIN(tst_DefinitionService)
#include "tst_definitionservice.moc"
