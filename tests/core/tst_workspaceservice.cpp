#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <set>

#include "support/fixtures.h"

using namespace pw::core;
using pw::test::Fixture;

namespace {

int64_t auditCount(Fixture &f)
{
    return *f.core().audit().count(f.local().spaceId);
}

} // namespace

class tst_WorkspaceService : public QObject
{
    Q_OBJECT

private slots:
    void createListGet()
    {
        Fixture f;
        const Actor editor = f.actor(Role::Editor, "erin");
        WorkspaceCreate input;
        input.name = "  Renewals  ";
        input.defaultRepositoryId = f.demoRepositoryId();
        input.visibility = Visibility::Shared;
        auto created = f.core().workspaces().create(editor, input);
        QVERIFY2(created.has_value(), created ? "" : created.error().message.c_str());
        QCOMPARE(created->workspace->name, std::string("Renewals"));
        QCOMPARE(created->workspace->ownerUserId, editor.userId);
        QCOMPARE(created->permissions, (WorkspacePermissions{true, true, true}));
        auto list = f.core().workspaces().list(editor, {});
        QVERIFY(list.has_value());
        QCOMPARE(list->total, int64_t(2)); // the demo workspace and this one
        auto got = f.core().workspaces().get(editor, created->workspace->id);
        QVERIFY(got.has_value());
    }

    void changeEventSeesTheCommittedWorkspace()
    {
        // A receiver on the same thread that reads the workspace while handling its event once
        // saw "not found" for a new workspace and the old name after a rename: the event went
        // out before the cache was refreshed.
        Fixture f;
        const Actor actor = f.local();
        std::vector<std::string> seen;
        std::vector<int64_t> sequences;
        QObject receiver;
        QObject::connect(
            &f.core().notifier(), &ChangeNotifier::changed, &receiver,
            [&](const ChangeEvent &event) {
                if (event.kind != ChangeEvent::Kind::Workspace)
                    return;
                sequences.push_back(event.sequence);
                auto view = f.core().workspaces().get(actor, event.objectId);
                seen.push_back(event.action + ": " +
                               (view ? view->workspace->name +
                                           (view->workspace->archivedAt ? " (archived)" : "")
                                     : std::string("not found")));
            },
            Qt::DirectConnection);
        WorkspaceCreate input;
        input.name = "Fresh";
        auto created = f.core().workspaces().create(actor, input);
        QVERIFY(created.has_value());
        const std::string id = created->workspace->id;
        WorkspacePatch rename;
        rename.name = "Renamed";
        QVERIFY(f.core().workspaces().update(actor, id, rename).has_value());
        QVERIFY(f.core()
                    .workspaces()
                    .setAccess(actor, id, WorkspaceAccessUpdate{Visibility::Shared, {}})
                    .has_value());
        QVERIFY(f.core().workspaces().archive(actor, id).has_value());
        QCOMPARE(seen,
                 (std::vector<std::string>{"workspace.created: Fresh", "workspace.updated: Renamed",
                                           "workspace.access_changed: Renamed",
                                           "workspace.archived: Renamed (archived)"}));
        // Each event carries its write's sequence number, growing in commit order.
        QVERIFY(std::is_sorted(sequences.begin(), sequences.end()));
        QCOMPARE(std::set<int64_t>(sequences.begin(), sequences.end()).size(), sequences.size());
    }

    void newWorkspaceVisibilityIsDecidedInCore()
    {
        // The window once made new workspaces shared while the API made them private: one
        // default, in core, for both.
        Fixture f;
        WorkspaceCreate input;
        input.name = "Defaulted";
        auto created = f.core().workspaces().create(f.local(), input);
        QVERIFY(created.has_value());
        QCOMPARE(created->workspace->visibility, kDefaultWorkspaceVisibility);
        QCOMPARE(kDefaultWorkspaceVisibility, Visibility::Private);
        input.name = "Asked to be shared";
        input.visibility = Visibility::Shared;
        QCOMPARE(f.core().workspaces().create(f.local(), input)->workspace->visibility,
                 Visibility::Shared);
    }

    void viewerCannotCreate()
    {
        Fixture f;
        auto denied = f.core().workspaces().create(
            f.actor(Role::Viewer, "vic"),
            WorkspaceCreate{"X", {}, {}, {}, Visibility::Private, {}, nlohmann::json::object()});
        QVERIFY(!denied.has_value());
        QCOMPARE(denied.error().code, ErrorCode::Forbidden);
    }

    void unknownReferencesAreNotFoundAndWriteNothing()
    {
        Fixture f;
        const int64_t before = auditCount(f);
        WorkspaceCreate input;
        input.name = "X";
        input.defaultRepositoryId = "00000000-0000-0000-0000-000000000000";
        auto denied = f.core().workspaces().create(f.local(), input);
        QCOMPARE(denied.error().code, ErrorCode::NotFound);
        QCOMPARE(denied.error().details["field"], nlohmann::json("default_repository_id"));
        input.defaultRepositoryId.reset();
        input.queryConnectorIds = {"nope"};
        QCOMPARE(f.core().workspaces().create(f.local(), input).error().code, ErrorCode::NotFound);
        QCOMPARE(auditCount(f), before);
        QCOMPARE(f.core().workspaces().list(f.local(), {})->total, int64_t(1));
    }

    void namesAreCheckedAndUnique()
    {
        Fixture f;
        WorkspaceCreate input;
        input.name = "   ";
        QCOMPARE(f.core().workspaces().create(f.local(), input).error().code, ErrorCode::Invalid);
        input.name = "Demo workspace";
        QCOMPARE(f.core().workspaces().create(f.local(), input).error().code, ErrorCode::Conflict);
    }

    void privateWorkspaceIsInvisibleToOthers()
    {
        Fixture f;
        const Actor owner = f.actor(Role::Editor, "owner");
        const Actor other = f.actor(Role::Editor, "other");
        WorkspaceCreate input;
        input.name = "Secret";
        auto created = f.core().workspaces().create(owner, input);
        QVERIFY(created.has_value());
        const std::string id = created->workspace->id;
        QCOMPARE(f.core().workspaces().get(other, id).error().code, ErrorCode::NotFound);
        QCOMPARE(f.core().workspaces().list(other, {})->total, int64_t(1));
        WorkspacePatch patch;
        patch.name = "Renamed";
        QCOMPARE(f.core().workspaces().update(other, id, patch).error().code, ErrorCode::NotFound);
        // A view grant shows it, read-only.
        WorkspaceAccessUpdate access{Visibility::Private, {{other.userId, GrantAccess::View}}};
        QVERIFY(f.core().workspaces().setAccess(owner, id, access).has_value());
        auto seen = f.core().workspaces().get(other, id);
        QVERIFY(seen.has_value());
        QCOMPARE(seen->permissions, (WorkspacePermissions{true, false, false}));
        QCOMPARE(f.core().workspaces().update(other, id, patch).error().code, ErrorCode::Forbidden);
        // A manage grant lets the editor change it, not its access.
        access.grants[other.userId] = GrantAccess::Manage;
        QVERIFY(f.core().workspaces().setAccess(owner, id, access).has_value());
        QVERIFY(f.core().workspaces().update(other, id, patch).has_value());
        QCOMPARE(f.core().workspaces().setAccess(other, id, access).error().code,
                 ErrorCode::Forbidden);
    }

    void onlyAdministratorsChangeOwnerAndVisibility()
    {
        Fixture f;
        const Actor editor = f.actor(Role::Editor, "erin");
        const std::string demo = f.demoWorkspaceId();
        WorkspacePatch patch;
        patch.visibility = Visibility::Private;
        QCOMPARE(f.core().workspaces().update(editor, demo, patch).error().code,
                 ErrorCode::Forbidden);
        QVERIFY(f.core().workspaces().update(f.local(), demo, patch).has_value());
    }

    void archiveBlocksChanges()
    {
        Fixture f;
        const std::string demo = f.demoWorkspaceId();
        QSignalSpy changes(&f.core().notifier(), &ChangeNotifier::changed);
        auto archived = f.core().workspaces().archive(f.local(), demo);
        QVERIFY(archived.has_value());
        QVERIFY(archived->workspace->archivedAt.has_value());
        QCOMPARE(changes.count(), 1);
        QCOMPARE(f.core().workspaces().archive(f.local(), demo).error().code, ErrorCode::Conflict);
        WorkspacePatch patch;
        patch.name = "x";
        QCOMPARE(f.core().workspaces().update(f.local(), demo, patch).error().code,
                 ErrorCode::Conflict);
        // Archived workspaces leave the default list but stay readable.
        QCOMPARE(f.core().workspaces().list(f.local(), {})->total, int64_t(0));
        QCOMPARE(f.core().workspaces().list(f.local(), WorkspaceQuery{true, {}, {}})->total,
                 int64_t(1));
        QVERIFY(f.core().workspaces().get(f.local(), demo).has_value());
    }

    void noOpPatchWritesNothing()
    {
        Fixture f;
        const int64_t before = auditCount(f);
        WorkspacePatch patch;
        patch.name = "Demo workspace";
        QVERIFY(f.core().workspaces().update(f.local(), f.demoWorkspaceId(), patch).has_value());
        QCOMPARE(auditCount(f), before);
    }

    void settingsArePerUserAndChecked()
    {
        Fixture f;
        const Actor viewer = f.actor(Role::Viewer, "vic");
        QVERIFY(!f.core().workspaces().settings(viewer)->defaultRepositoryId.has_value());
        QVERIFY(f.core().workspaces().updateSettings(viewer, f.demoRepositoryId()).has_value());
        QCOMPARE(*f.core().workspaces().settings(viewer)->defaultRepositoryId,
                 f.demoRepositoryId());
        QVERIFY(!f.core().workspaces().settings(f.local())->defaultRepositoryId.has_value());
        QCOMPARE(f.core().workspaces().updateSettings(viewer, std::string("missing")).error().code,
                 ErrorCode::NotFound);
        QVERIFY(f.core().workspaces().updateSettings(viewer, std::nullopt).has_value());
        QVERIFY(!f.core().workspaces().settings(viewer)->defaultRepositoryId.has_value());
    }
};

QTEST_GUILESS_MAIN(tst_WorkspaceService)
#include "tst_workspaceservice.moc"
