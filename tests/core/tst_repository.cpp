#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>

#include "core/repository/repositoryservice.h"
#include "core/util/limits.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::test::Fixture;
namespace test = pw::test;

namespace {

// The git command line on a repository: what a user (or another tool) sees.
struct GitRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

GitRun git(const QString &dir, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"), args);
    p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed(),
            QString::fromUtf8(p.readAllStandardError()).trimmed()};
}

QString repoDir(Fixture &f)
{
    return QString::fromStdString(
        f.core().registry().repository(f.local().spaceId, f.demoRepositoryId())->value().localPath);
}

FileStatus statusOf(const DraftTree &tree, const std::string &path)
{
    for (const DraftEntry &e : tree.entries) {
        if (e.path == path)
            return e.status;
    }
    return FileStatus::Unchanged;
}

bool inTree(const DraftTree &tree, const std::string &path)
{
    return std::any_of(tree.entries.begin(), tree.entries.end(),
                       [&](const DraftEntry &e) { return e.path == path; });
}

int overlayCount(Fixture &f)
{
    return static_cast<int>(*f.core().store().read([&](Database &db) -> Result<int64_t> {
        auto q = db.cached("SELECT COUNT(*) FROM draft_files");
        q->step();
        return q->integer(0);
    }));
}

} // namespace

class tst_Repository : public QObject
{
    Q_OBJECT

private slots:
    void blobIdsEqualGitHashObject_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("text") << QByteArray("print('hello')\n");
        QTest::newRow("utf-8") << QByteArray("zażółć gęślą jaźń\n");
        QByteArray binary;
        for (int i = 0; i < 5000; ++i)
            binary.append(static_cast<char>((i * 7919) % 256));
        QTest::newRow("binary with NUL bytes") << binary;
    }
    void blobIdsEqualGitHashObject()
    {
        QFETCH(QByteArray, content);
        const GitRun hashed = git(
            QDir::tempPath(), {QStringLiteral("hash-object"), QStringLiteral("--stdin")}, content);
        QCOMPARE(hashed.exitCode, 0);
        QCOMPARE(QString::fromStdString(blobId(content.toStdString())), hashed.out);
    }

    void demoRepositoryHasTheProjectTheDemoNames()
    {
        Fixture f;
        const QString dir = repoDir(f);
        QCOMPARE(git(dir, {QStringLiteral("rev-list"), QStringLiteral("--count"),
                           QStringLiteral("main")})
                     .out,
                 QStringLiteral("1"));
        auto tree = f.core().repositories().tree(f.local(), f.demoDefinitionId());
        QVERIFY(tree);
        for (const char *path :
             {"pipelines/customer_renewals/__init__.py", "pipelines/customer_renewals/cleaning.py",
              "pipelines/customer_renewals/quality.py", "sql/extract_customer_renewals.sql",
              "scripts/refresh_dashboard.sh", "README.md", "dags/customer_renewal_load.md",
              "pipelines/customer_renewal_load.yaml"})
            QVERIFY2(inTree(*tree, path), path);
        // Every python_module node's callable is defined in its module's file.
        auto def = f.core().definitions().get(f.local(), f.demoDefinitionId());
        for (const Node &node : def->definition->spec.nodes) {
            if (node.type != "python_module")
                continue;
            const std::string module = node.fields().value("module", std::string());
            std::string path = module;
            std::replace(path.begin(), path.end(), '.', '/');
            auto file = f.core().repositories().read(f.local(), f.demoDefinitionId(), path + ".py");
            if (!file)
                file = f.core().repositories().read(f.local(), f.demoDefinitionId(),
                                                    path + "/__init__.py");
            QVERIFY2(file, module.c_str());
            const std::string callable = node.fields().value("callable", std::string());
            QVERIFY2(file->content.find("def " + callable + "(") != std::string::npos,
                     callable.c_str());
        }
        QCOMPARE(git(dir, {QStringLiteral("fsck"), QStringLiteral("--strict")}).exitCode, 0);
    }

    void overlayMarksEveryState()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        QVERIFY(repos.save(f.local(), def, {"README.md", "# Changed\n", std::nullopt}));
        QVERIFY(repos.save(f.local(), def, {"docs/new.md", "new\n", std::nullopt}));
        QVERIFY(repos.remove(f.local(), def, "sql/extract_customer_renewals.sql", std::nullopt));
        auto tree = repos.tree(f.local(), def);
        QVERIFY(tree);
        QCOMPARE(statusOf(*tree, "README.md"), FileStatus::Modified);
        QCOMPARE(statusOf(*tree, "docs/new.md"), FileStatus::Added);
        QCOMPARE(statusOf(*tree, "sql/extract_customer_renewals.sql"), FileStatus::Deleted);
        QCOMPARE(statusOf(*tree, "pipelines/__init__.py"), FileStatus::Unchanged);
        QVERIFY(tree->base.has_value());
        QCOMPARE(*tree->base, *tree->head);
        // Reading a deleted file is not found; reset brings the repository's back.
        QCOMPARE(repos.read(f.local(), def, "sql/extract_customer_renewals.sql").error().code,
                 ErrorCode::NotFound);
        QVERIFY(repos.resetOverride(f.local(), def, "sql/extract_customer_renewals.sql"));
        QVERIFY(repos.read(f.local(), def, "sql/extract_customer_renewals.sql"));
        // Deleting an added file removes it; saving the repository's content drops the override.
        QVERIFY(repos.remove(f.local(), def, "docs/new.md", std::nullopt));
        auto original = git(repoDir(f), {QStringLiteral("show"), QStringLiteral("main:README.md")});
        QVERIFY(repos.save(f.local(), def,
                           {"README.md", original.out.toStdString() + "\n", std::nullopt}));
        tree = repos.tree(f.local(), def);
        QVERIFY(!inTree(*tree, "docs/new.md"));
        QCOMPARE(statusOf(*tree, "README.md"), FileStatus::Unchanged);
        QCOMPARE(overlayCount(f), 0);
        QVERIFY(!repos.tree(f.local(), def)->base.has_value());
    }

    void everyDraftWriteIsOneAuditedFileEvent()
    {
        Fixture f;
        QSignalSpy spy(&f.core().notifier(), &ChangeNotifier::changed);
        const std::string def = f.demoDefinitionId();
        QVERIFY(f.core().repositories().save(f.local(), def, {"a.txt", "a", std::nullopt}));
        QCOMPARE(spy.count(), 1);
        const auto event = spy.takeFirst().at(0).value<ChangeEvent>();
        QCOMPARE(event.kind, ChangeEvent::Kind::File);
        QCOMPARE(event.objectId, def);
        QCOMPARE(event.action, std::string("draft.file_saved"));
        // The same content again changes nothing and says nothing.
        QVERIFY(f.core().repositories().save(f.local(), def, {"a.txt", "a", std::nullopt}));
        QCOMPARE(spy.count(), 0);
        // A viewer cannot write a draft.
        const Actor viewer = f.actor(Role::Viewer, "vera");
        QCOMPARE(
            f.core().repositories().save(viewer, def, {"b.txt", "b", std::nullopt}).error().code,
            ErrorCode::Forbidden);
        QVERIFY(f.core().repositories().read(viewer, def, "a.txt"));
    }

    void staleBaseShaIsAConflictCarryingTheCurrentSha()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        auto readme = repos.read(f.local(), def, "README.md");
        QVERIFY(readme);
        QVERIFY(repos.save(f.local(), def, {"README.md", "one\n", readme->sha}));
        auto stale = repos.save(f.local(), def, {"README.md", "two\n", readme->sha});
        QVERIFY(!stale);
        QCOMPARE(stale.error().code, ErrorCode::Conflict);
        QCOMPARE(stale.error().details["current_sha"].get<std::string>(), blobId("one\n"));
        QCOMPARE(repos.read(f.local(), def, "README.md")->content, std::string("one\n"));
        // A base_sha for a file that does not exist is stale too.
        auto missing = repos.save(f.local(), def, {"nope.txt", "x", blobId("x")});
        QCOMPARE(missing.error().code, ErrorCode::Conflict);
        QVERIFY(missing.error().details["current_sha"].is_null());
    }

    void badPathsAreRefusedAndNothingIsWritten_data()
    {
        QTest::addColumn<QString>("path");
        QTest::newRow("dot-dot") << QStringLiteral("../outside.txt");
        QTest::newRow("dot-dot inside") << QStringLiteral("a/../../b");
        QTest::newRow("absolute") << QStringLiteral("/etc/passwd");
        QTest::newRow("backslash") << QStringLiteral("a\\..\\b");
        QTest::newRow("percent-encoded dot-dot") << QStringLiteral("%2e%2e/x");
        QTest::newRow("percent-encoded slash") << QStringLiteral("a%2Fb");
        QTest::newRow(".git") << QStringLiteral(".git/config");
        QTest::newRow(".git deep") << QStringLiteral("a/.git/hooks/pre-commit");
        QTest::newRow(".GIT any case") << QStringLiteral("a/.GiT");
        QTest::newRow("empty segment") << QStringLiteral("a//b");
        QTest::newRow("dot") << QStringLiteral("./a");
        QTest::newRow("control") << QStringLiteral("a\tb");
        QTest::newRow("segment over 255") << QString(256, QLatin1Char('s'));
        QString longPath;
        while (longPath.size() <= 4096)
            longPath += QStringLiteral("segment/");
        QTest::newRow("path over 4 KiB") << longPath + QStringLiteral("x");
        QTest::newRow("empty") << QString();
    }
    void badPathsAreRefusedAndNothingIsWritten()
    {
        QFETCH(QString, path);
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const QString dir = repoDir(f);
        const QString refsBefore = git(dir, {QStringLiteral("for-each-ref")}).out;
        const QStringList filesBefore = QDir(dir).entryList(QDir::AllEntries | QDir::Hidden);
        const std::string p = path.toStdString();
        QCOMPARE(repos.save(f.local(), def, {p, "x", std::nullopt}).error().code,
                 ErrorCode::Invalid);
        QCOMPARE(repos.upload(f.local(), def, {{p, "x", std::nullopt}}).error().code,
                 ErrorCode::Invalid);
        QCOMPARE(repos.rename(f.local(), def, {"README.md", p, std::nullopt}).error().code,
                 ErrorCode::Invalid);
        QCOMPARE(repos.remove(f.local(), def, p, std::nullopt).error().code, ErrorCode::Invalid);
        QCOMPARE(repos.read(f.local(), def, p).error().code, ErrorCode::Invalid);
        // The NUL byte: a path with one cannot come from a QString row.
        QCOMPARE(
            repos.save(f.local(), def, {std::string("a\0b", 3), "x", std::nullopt}).error().code,
            ErrorCode::Invalid);
        QCOMPARE(overlayCount(f), 0);
        QCOMPARE(git(dir, {QStringLiteral("for-each-ref")}).out, refsBefore);
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::Hidden), filesBefore);
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("../outside.txt"))));
    }

    void symlinksAreShownAndNeverFollowed()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        // A commit on main with a link pointing out of the repository.
        auto git = GitRepo::open(repoDir(f).toStdString());
        QVERIFY(git);
        auto head = (*git)->branchHead("main");
        QVERIFY(head && *head);
        QVERIFY(
            (*git)->commit("main", *head, true,
                           {TreeChange{"escape", std::string("/etc/passwd"), TreeFile::Mode::Link}},
                           "a link", Signature{"t", "t@x"}));
        auto tree = repos.tree(f.local(), def);
        const auto link = std::find_if(tree->entries.begin(), tree->entries.end(),
                                       [](const DraftEntry &e) { return e.path == "escape"; });
        QVERIFY(link != tree->entries.end());
        QCOMPARE(link->mode, TreeFile::Mode::Link);
        // Reading it gives the link's own text, not the file it names.
        auto read = repos.read(f.local(), def, "escape");
        QVERIFY(read);
        QCOMPARE(read->content, std::string("/etc/passwd"));
        QCOMPARE(read->mode, TreeFile::Mode::Link);
        // Writing through it is refused; it can still be deleted from the draft.
        QCOMPARE(repos.save(f.local(), def, {"escape", "x", std::nullopt}).error().code,
                 ErrorCode::Invalid);
        QVERIFY(repos.remove(f.local(), def, "escape", std::nullopt));
        // A search never reads what it names.
        SearchQuery q;
        q.text = "root:";
        QVERIFY(repos.search(f.local(), def, q)->hits.empty());
    }

    void renamedSymlinkStaysASymlink()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const QString dir = repoDir(f);
        auto repo = GitRepo::open(dir.toStdString());
        QVERIFY(repo);
        auto head = (*repo)->branchHead("main");
        QVERIFY(head && *head);
        QVERIFY((*repo)->commit(
            "main", *head, true,
            {TreeChange{"docs/current", std::string("../README.md"), TreeFile::Mode::Link}},
            "a link", Signature{"t", "t@x"}));
        // A rename once wrote the link's target text as a regular file.
        auto renamed = repos.rename(f.local(), def, {"docs/current", "docs/latest", std::nullopt});
        QVERIFY2(renamed, renamed ? "" : renamed.error().message.c_str());
        QCOMPARE(renamed->mode, TreeFile::Mode::Link);
        auto tree = repos.tree(f.local(), def);
        const auto entry =
            std::find_if(tree->entries.begin(), tree->entries.end(),
                         [](const DraftEntry &e) { return e.path == "docs/latest"; });
        QVERIFY(entry != tree->entries.end());
        QCOMPARE(entry->mode, TreeFile::Mode::Link);
        QCOMPARE(entry->status, FileStatus::Added);
        QCOMPARE(statusOf(*tree, "docs/current"), FileStatus::Deleted);
        auto read = repos.read(f.local(), def, "docs/latest");
        QCOMPARE(read->mode, TreeFile::Mode::Link);
        QCOMPARE(read->content, std::string("../README.md"));
        // Still not written through, in its new place either.
        QCOMPARE(repos.save(f.local(), def, {"docs/latest", "x", std::nullopt}).error().code,
                 ErrorCode::Invalid);
        // Nor moved to a name git reads through a link.
        QCOMPARE(
            repos.rename(f.local(), def, {"docs/latest", ".gitmodules", std::nullopt}).error().code,
            ErrorCode::Invalid);
        // An executable keeps its bit when it moves.
        auto script =
            repos.rename(f.local(), def, {"scripts/refresh_dashboard.sh", "bin/refresh.sh", {}});
        QVERIFY2(script, script ? "" : script.error().message.c_str());
        QCOMPARE(script->mode, TreeFile::Mode::Executable);
        // The commit holds a link (120000) and an executable (100755), as git sees them.
        QVERIFY(repos.commitDrafts(f.local(), def, CommitRequest{"moved", "Move", {}, {}}));
        const GitRun ls =
            git(dir, {QStringLiteral("ls-tree"), QStringLiteral("-r"), QStringLiteral("moved")});
        QVERIFY2(
            ls.out.contains(QRegularExpression(QStringLiteral("^120000 blob \\S+\\tdocs/latest$"),
                                               QRegularExpression::MultilineOption)),
            qPrintable(ls.out));
        QVERIFY2(ls.out.contains(
                     QRegularExpression(QStringLiteral("^100755 blob \\S+\\tbin/refresh.sh$"),
                                        QRegularExpression::MultilineOption)),
                 qPrintable(ls.out));
        QVERIFY(!ls.out.contains(QStringLiteral("docs/current")));
    }

    void draftQuotaHoldsUnderConcurrentUploads()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        // Four writers, five 4 MiB files each: 80 MiB asked, 64 MiB allowed. The quota is
        // counted inside each write, so exactly 15 fit whatever the interleaving (16 would pass
        // 64 MiB by their paths' bytes).
        const std::string content(4 * 1024 * 1024, 'c');
        std::atomic<int> stored = 0;
        std::atomic<int> tooLarge = 0;
        std::atomic<int> other = 0;
        auto writer = [&](int id) {
            for (int i = 0; i < 5; ++i) {
                auto saved = repos.save(
                    f.local(), def,
                    {"w" + std::to_string(id) + "/" + std::to_string(i), content, std::nullopt});
                if (saved)
                    ++stored;
                else if (saved.error().code == ErrorCode::TooLarge &&
                         saved.error().details["quota"] == "draft_bytes")
                    ++tooLarge;
                else
                    ++other;
            }
        };
        std::vector<std::unique_ptr<QThread>> threads;
        for (int id = 0; id < 4; ++id) {
            threads.emplace_back(QThread::create(writer, id));
            threads.back()->start();
        }
        for (auto &thread : threads)
            QVERIFY(thread->wait(120000));
        QCOMPARE(other.load(), 0);
        QCOMPARE(stored.load(), 15);
        QCOMPARE(tooLarge.load(), 5);
        const int64_t bytes = *f.core().store().read([&](Database &db) -> Result<int64_t> {
            auto q = db.cached("SELECT SUM(length(content)) FROM draft_files");
            q->step();
            return q->integer(0);
        });
        QCOMPARE(bytes, int64_t(15) * int64_t(content.size()));
    }

    void draftQuotaCountsFiles()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        std::vector<FileUpload> files;
        for (size_t i = 0; i < kMaxDraftEntries; ++i)
            files.push_back({"many/" + std::to_string(i) + ".txt", "x", std::nullopt});
        auto saved = repos.upload(f.local(), def, files);
        QVERIFY2(saved, saved ? "" : saved.error().message.c_str());
        // One more entry of any kind is refused: a file, or the deletion of a repository file.
        auto more = repos.save(f.local(), def, {"one-more.txt", "x", std::nullopt});
        QCOMPARE(more.error().code, ErrorCode::TooLarge);
        QCOMPARE(more.error().details["quota"], "draft_files");
        QCOMPARE(more.error().details["max_files"].get<size_t>(), kMaxDraftEntries);
        QCOMPARE(repos.remove(f.local(), def, "README.md", std::nullopt).error().code,
                 ErrorCode::TooLarge);
        // Changing a draft in place or dropping one is still possible.
        QVERIFY(repos.save(f.local(), def, {"many/0.txt", "y", std::nullopt}));
        QVERIFY(repos.resetOverride(f.local(), def, "many/1.txt"));
        QVERIFY(repos.save(f.local(), def, {"one-more.txt", "x", std::nullopt}));
        QCOMPARE(overlayCount(f), int(kMaxDraftEntries));
    }

    void changesAreNeverStale()
    {
        // Answers are kept by what they are made of; every input changing gives a new one.
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        auto diffOf = [&](const std::string &path) {
            auto changes = repos.changes(f.local(), def);
            for (const DraftChange &c : changes->changes) {
                if (c.path == path)
                    return c.diff;
            }
            return std::string("<none>");
        };
        QVERIFY(repos.save(f.local(), def, {"notes.txt", "one\n", std::nullopt}));
        QVERIFY(diffOf("notes.txt").ends_with("+one\n"));
        QVERIFY(diffOf("notes.txt").ends_with("+one\n")); // asked again: the same
        QVERIFY(repos.save(f.local(), def, {"notes.txt", "two\n", std::nullopt}));
        QVERIFY(diffOf("notes.txt").ends_with("+two\n"));
        // A new version of the definition changes the spec file a commit writes.
        const std::string specPath = "pipelines/customer_renewal_load.yaml";
        QCOMPARE(diffOf(specPath), std::string("<none>"));
        auto view = f.core().definitions().get(f.local(), def);
        DefinitionPatch patch;
        patch.description = "changed";
        Spec spec = view->definition->spec;
        spec.deployment["tags"] = nlohmann::json::array({"fresh"});
        patch.spec = std::move(spec);
        QVERIFY(f.core().definitions().update(f.local(), def, std::move(patch)));
        QVERIFY(diffOf(specPath).find("fresh") != std::string::npos);
        // The base branch moving under the overlay changes what it is compared with.
        QVERIFY(repos.save(f.local(), def, {"README.md", "mine\n", std::nullopt}));
        const std::string before = diffOf("README.md");
        auto repo = GitRepo::open(repoDir(f).toStdString());
        auto head = (*repo)->branchHead("main");
        QVERIFY((*repo)->commit(
            "main", *head, true,
            {TreeChange{"README.md", std::string("theirs\n"), TreeFile::Mode::File}}, "elsewhere",
            Signature{"t", "t@x"}));
        QCOMPARE(diffOf("README.md"), std::string("--- a/README.md\n+++ b/README.md\n@@ -1 +1 @@\n"
                                                  "-theirs\n+mine\n"));
        QVERIFY(before != diffOf("README.md"));
    }

    void oversizedFileIsTooLarge()
    {
        Fixture f;
        auto saved = f.core().repositories().save(
            f.local(), f.demoDefinitionId(),
            {"big.bin", std::string(kMaxDraftFileBytes + 1, 'x'), std::nullopt});
        QVERIFY(!saved);
        QCOMPARE(saved.error().code, ErrorCode::TooLarge);
        QVERIFY(f.core().repositories().save(
            f.local(), f.demoDefinitionId(),
            {"edge.bin", std::string(kMaxDraftFileBytes, 'x'), std::nullopt}));
    }

    void moveIsAllOrNothing()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        // The second move lands on an existing file: neither happens.
        auto refused = repos.move(
            f.local(), def,
            {{"README.md", "docs/README.md", std::nullopt},
             {"scripts/refresh_dashboard.sh", "sql/extract_customer_renewals.sql", std::nullopt}});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QCOMPARE(overlayCount(f), 0);
        // A file may not become a folder of another, nor the other way round.
        QCOMPARE(repos.rename(f.local(), def, {"README.md", "sql", std::nullopt}).error().code,
                 ErrorCode::Conflict);
        QCOMPARE(
            repos.rename(f.local(), def, {"README.md", "pipelines", std::nullopt}).error().code,
            ErrorCode::Conflict);
        QCOMPARE(repos.save(f.local(), def, {"README.md/x", "x", std::nullopt}).error().code,
                 ErrorCode::Conflict);
        // A stale base_sha in any move refuses all of them.
        QCOMPARE(repos
                     .move(f.local(), def,
                           {{"README.md", "docs/README.md", std::nullopt},
                            {"scripts/refresh_dashboard.sh", "bin/refresh.sh", blobId("old")}})
                     .error()
                     .code,
                 ErrorCode::Conflict);
        QCOMPARE(overlayCount(f), 0);
        // Two moves at once, one of them swapping in where the other left.
        auto moved = repos.move(f.local(), def,
                                {{"README.md", "docs/README.md", std::nullopt},
                                 {"dags/customer_renewal_load.md", "README.md", std::nullopt}});
        QVERIFY2(moved, moved ? "" : moved.error().message.c_str());
        auto tree = repos.tree(f.local(), def);
        QCOMPARE(statusOf(*tree, "docs/README.md"), FileStatus::Added);
        QCOMPARE(statusOf(*tree, "README.md"), FileStatus::Modified);
        QCOMPARE(statusOf(*tree, "dags/customer_renewal_load.md"), FileStatus::Deleted);
        QVERIFY(repos.read(f.local(), def, "README.md")
                    ->content.starts_with("# Customer renewal load"));
        QVERIFY(
            repos.read(f.local(), def, "docs/README.md")->content.starts_with("# Demo project"));
        // The executable bit travels with a repository file's override.
        QVERIFY(repos.save(f.local(), def,
                           {"scripts/refresh_dashboard.sh", "#!/bin/sh\necho\n", std::nullopt}));
        QCOMPARE(repos.read(f.local(), def, "scripts/refresh_dashboard.sh")->mode,
                 TreeFile::Mode::Executable);
    }

    void searchFindsPathsAndLines()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        QVERIFY(repos.save(
            f.local(), def,
            {"notes/Renewal.txt", "first\nthe Renewal_Date here\nrenewal\n", std::nullopt}));
        SearchQuery q;
        q.text = "renewal_date";
        auto found = repos.search(f.local(), def, q);
        QVERIFY(found);
        int inNotes = 0;
        for (const SearchHit &h : found->hits) {
            if (h.path == "notes/Renewal.txt") {
                ++inNotes;
                QCOMPARE(h.line, 2);
                QCOMPARE(h.column, 5);
                QCOMPARE(h.text, std::string("the Renewal_Date here"));
            }
        }
        QCOMPARE(inNotes, 1); // the overlay's content, not the repository's, is searched
        q.caseSensitive = true;
        found = repos.search(f.local(), def, q);
        QVERIFY(std::none_of(found->hits.begin(), found->hits.end(),
                             [](const SearchHit &h) { return h.path == "notes/Renewal.txt"; }));
        // Regular expressions, whole words, paths and the limit.
        SearchQuery re;
        re.text = "def (clean|join)_\\w+";
        re.regex = true;
        found = repos.search(f.local(), def, re);
        QCOMPARE(found->hits.size(), size_t(2));
        SearchQuery word;
        word.text = "renewal";
        word.wholeWord = true;
        word.paths = false;
        found = repos.search(f.local(), def, word);
        QVERIFY(std::any_of(found->hits.begin(), found->hits.end(), [](const SearchHit &h) {
            return h.path == "notes/Renewal.txt" && h.line == 3;
        }));
        QVERIFY(std::none_of(found->hits.begin(), found->hits.end(), [](const SearchHit &h) {
            return h.path == "notes/Renewal.txt" && h.line == 2;
        }));
        SearchQuery paths;
        paths.text = "quality";
        paths.contents = false;
        found = repos.search(f.local(), def, paths);
        QCOMPARE(found->hits.size(), size_t(1));
        QCOMPARE(found->hits[0].line, 0);
        SearchQuery limited;
        limited.text = "e";
        limited.limit = 3;
        found = repos.search(f.local(), def, limited);
        QCOMPARE(found->hits.size(), size_t(3));
        QVERIFY(found->truncated);
        SearchQuery bad;
        bad.text = "(";
        bad.regex = true;
        QCOMPARE(repos.search(f.local(), def, bad).error().code, ErrorCode::Invalid);
    }

    void commitDraftsMakeACommitGitReads()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const QString dir = repoDir(f);
        const QString mainBefore =
            git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out;
        QVERIFY(repos.save(f.local(), def, {"README.md", "# Committed\n", std::nullopt}));
        QVERIFY(repos.save(f.local(), def,
                           {"data/blob.bin", std::string("\0\1\2\3", 4), std::nullopt}));
        QVERIFY(repos.remove(f.local(), def, "pipelines/__init__.py", std::nullopt));
        // The spec changes too: the commit writes the current spec.
        DefinitionPatch patch;
        patch.description = "committed";
        auto view = f.core().definitions().get(f.local(), def);
        Spec spec = view->definition->spec;
        spec.nodes[0].label = "Extract renewals (committed)";
        patch.spec = spec;
        QVERIFY(f.core().definitions().update(f.local(), def, std::move(patch)));
        auto result =
            repos.commitDrafts(f.local(), def, {"feature/one", "Commit from a test", std::nullopt});
        QVERIFY2(result, result ? "" : result.error().message.c_str());
        QVERIFY(result->createdBranch);
        QCOMPARE(QString::fromStdString(*result->parent), mainBefore);
        QCOMPARE(git(dir, {QStringLiteral("rev-parse"), QStringLiteral("feature/one")}).out,
                 QString::fromStdString(result->commit));
        QCOMPARE(git(dir, {QStringLiteral("log"), QStringLiteral("-1"),
                           QStringLiteral("--format=%s|%an"), QStringLiteral("feature/one")})
                     .out,
                 QStringLiteral("Commit from a test|") +
                     QString::fromStdString(f.local().userName));
        QCOMPARE(git(dir, {QStringLiteral("show"), QStringLiteral("feature/one:README.md")}).out,
                 QStringLiteral("# Committed"));
        QVERIFY(git(dir, {QStringLiteral("show"),
                          QStringLiteral("feature/one:pipelines/customer_renewal_load.yaml")})
                    .out.contains(QStringLiteral("Extract renewals (committed)")));
        QVERIFY(git(dir, {QStringLiteral("cat-file"), QStringLiteral("-e"),
                          QStringLiteral("feature/one:pipelines/__init__.py")})
                    .exitCode != 0);
        QCOMPARE(git(dir, {QStringLiteral("cat-file"), QStringLiteral("-s"),
                           QStringLiteral("feature/one:data/blob.bin")})
                     .out,
                 QStringLiteral("4"));
        const GitRun fsck = git(dir, {QStringLiteral("fsck"), QStringLiteral("--strict")});
        QCOMPARE(fsck.exitCode, 0);
        QVERIFY2(!fsck.out.contains(QStringLiteral("dangling")), qPrintable(fsck.out));
        // main did not move, no working directory was written, and the overlay is empty.
        QCOMPARE(git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out, mainBefore);
        QVERIFY(!QFile::exists(QDir(dir).filePath(QStringLiteral("README.md"))));
        QCOMPARE(overlayCount(f), 0);
        // Nothing left to commit on the same branch.
        QCOMPARE(repos.commitDrafts(f.local(), def, {"feature/one", "", std::nullopt}).error().code,
                 ErrorCode::Conflict);
        QCOMPARE(repos.commitDrafts(f.local(), def, {"bad..name", "", std::nullopt}).error().code,
                 ErrorCode::Invalid);
    }

    void commitToABranchThatMovedIsAConflict()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const QString dir = repoDir(f);
        const std::string head =
            git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out.toStdString();
        // The drafts start over main's head; main then changes the same file.
        QVERIFY(repos.save(f.local(), def, {"README.md", "mine\n", std::nullopt}));
        QVERIFY(repos.save(f.local(), def, {"other.txt", "other\n", std::nullopt}));
        const GitRun blob = git(
            dir, {QStringLiteral("hash-object"), QStringLiteral("-w"), QStringLiteral("--stdin")},
            QByteArray("theirs\n"));
        const QString base =
            git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main^{tree}")}).out;
        const GitRun ls = git(dir, {QStringLiteral("ls-tree"), base});
        QString listing = ls.out;
        listing.replace(QRegularExpression(QStringLiteral("[0-9a-f]{40}\\tREADME.md")),
                        blob.out + QStringLiteral("\tREADME.md"));
        const GitRun newTree = git(dir, {QStringLiteral("mktree")}, listing.toUtf8() + "\n");
        const GitRun commit =
            git(dir, {QStringLiteral("-c"), QStringLiteral("user.name=other"), QStringLiteral("-c"),
                      QStringLiteral("user.email=o@x"), QStringLiteral("commit-tree"), newTree.out,
                      QStringLiteral("-p"), QString::fromStdString(head), QStringLiteral("-m"),
                      QStringLiteral("theirs")});
        QCOMPARE(
            git(dir, {QStringLiteral("update-ref"), QStringLiteral("refs/heads/main"), commit.out})
                .exitCode,
            0);
        auto refused = repos.commitDrafts(f.local(), def, {"main", "mine", std::nullopt});
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Conflict);
        QCOMPARE(refused.error().details["paths"], nlohmann::json::array({"README.md"}));
        QCOMPARE(git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out, commit.out);
        // A stale expected head is a conflict too.
        QCOMPARE(repos.commitDrafts(f.local(), def, {"main", "x", head}).error().code,
                 ErrorCode::Conflict);
        // Once the file is reset the rest commits on top of the moved branch.
        QVERIFY(repos.resetOverride(f.local(), def, "README.md"));
        auto done =
            repos.commitDrafts(f.local(), def, {"main", "other only", commit.out.toStdString()});
        QVERIFY2(done, done ? "" : done.error().message.c_str());
        QCOMPARE(QString::fromStdString(*done->parent), commit.out);
    }

    void mergeWithAndWithoutConflicts()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const std::string repo = f.demoRepositoryId();
        const QString dir = repoDir(f);
        QVERIFY(repos.createBranch(f.local(), repo, "left", ""));
        QVERIFY(repos.createBranch(f.local(), repo, "right", ""));
        QCOMPARE(repos.createBranch(f.local(), repo, "left", "").error().code, ErrorCode::Conflict);
        // left and right change README.md differently; main gets a change of its own elsewhere.
        QVERIFY(repos.save(f.local(), def, {"README.md", "left\n", std::nullopt}));
        QVERIFY(repos.commitDrafts(f.local(), def, {"left", "left", std::nullopt}));
        QVERIFY(repos.save(f.local(), def, {"README.md", "right\n", std::nullopt}));
        QVERIFY(repos.commitDrafts(f.local(), def, {"right", "right", std::nullopt}));
        QVERIFY(repos.save(f.local(), def, {"main-only.txt", "main\n", std::nullopt}));
        QVERIFY(repos.commitDrafts(f.local(), def, {"main", "main", std::nullopt}));

        auto merged = repos.merge(f.local(), repo, "left", "main", "");
        QVERIFY2(merged, merged ? "" : merged.error().message.c_str());
        QVERIFY(!merged->outcome.fastForward);
        QCOMPARE(git(dir, {QStringLiteral("rev-list"), QStringLiteral("--parents"),
                           QStringLiteral("-1"), QStringLiteral("main")})
                     .out.split(QLatin1Char(' '))
                     .size(),
                 3); // a merge commit: itself and two parents
        QCOMPARE(git(dir, {QStringLiteral("show"), QStringLiteral("main:README.md")}).out,
                 QStringLiteral("left"));
        const QString mainBefore =
            git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out;
        auto conflict = repos.merge(f.local(), repo, "right", "main", "");
        QVERIFY(!conflict);
        QCOMPARE(conflict.error().code, ErrorCode::Conflict);
        QCOMPARE(conflict.error().details["conflicts"], nlohmann::json::array({"README.md"}));
        QCOMPARE(git(dir, {QStringLiteral("rev-parse"), QStringLiteral("main")}).out, mainBefore);
        QCOMPARE(git(dir, {QStringLiteral("fsck"), QStringLiteral("--strict")}).exitCode, 0);
        // Viewers cannot merge.
        QCOMPARE(repos.merge(f.actor(Role::Viewer, "vic"), repo, "left", "main", "").error().code,
                 ErrorCode::Forbidden);
    }

    void mergingASpecChangeMakesTheNextVersion()
    {
        Fixture f;
        RepositoryService &repos = f.core().repositories();
        const std::string def = f.demoDefinitionId();
        const std::string repo = f.demoRepositoryId();
        const int before = f.core().definitions().get(f.local(), def)->definition->currentVersion;
        // A branch whose spec file renames a node's label.
        auto spec = repos.read(f.local(), def, "pipelines/customer_renewal_load.yaml");
        QVERIFY(spec);
        std::string text = spec->content;
        const size_t at = text.find("Extract renewals");
        QVERIFY(at != std::string::npos);
        text.replace(at, 16, "Extract merged renewals");
        QVERIFY(
            repos.save(f.local(), def, {"pipelines/customer_renewal_load.yaml", text, spec->sha}));
        QVERIFY(repos.commitDrafts(f.local(), def, {"spec-change", "label", std::nullopt}));
        auto merged = repos.merge(f.local(), repo, "spec-change", "", "");
        QVERIFY2(merged, merged ? "" : merged.error().message.c_str());
        QCOMPARE(merged->mergedVersions.size(), size_t(1));
        QCOMPARE(merged->mergedVersions[0].second, before + 1);
        auto after = f.core().definitions().get(f.local(), def);
        QCOMPARE(after->definition->currentVersion, before + 1);
        QCOMPARE(after->definition->spec.findNode("extract_customer_renewals")->label,
                 std::string("Extract merged renewals"));
    }

    void aMergeIsAllOrNothingAndBringsEveryDefinitionUpToDate()
    {
        Fixture f;
        const Actor admin = f.local();
        const Actor editor = f.actor(Role::Editor, "erin");
        const std::string visible = f.demoDefinitionId();
        // A definition on the same repository in a private workspace the editor cannot see.
        WorkspaceCreate privateWorkspace;
        privateWorkspace.name = "Private";
        privateWorkspace.visibility = Visibility::Private;
        DefinitionCreate create;
        create.meta.name = "Hidden";
        create.meta.workspaceId =
            test::expectOk(f.core().workspaces().create(admin, privateWorkspace), "ws")
                .workspace->id;
        create.meta.repositoryId = f.demoRepositoryId();
        create.spec = f.core().definitions().get(admin, visible)->definition->spec;
        create.spec.deployment["dag_id"] = "hidden_pipeline";
        const std::string hidden =
            test::expectOk(f.core().definitions().create(admin, std::move(create)), "create")
                .definition->id;
        QVERIFY(!f.core().definitions().get(editor, hidden));
        auto versionOf = [&](const std::string &id) {
            return f.core().definitions().get(admin, id)->definition->currentVersion;
        };
        const int visibleBefore = versionOf(visible);
        const int hiddenBefore = versionOf(hidden);

        // A branch that changes both definitions' spec files, made with git itself.
        QTemporaryDir work;
        QCOMPARE(git(work.path(), {QStringLiteral("clone"), QStringLiteral("-q"), repoDir(f),
                                   QStringLiteral("w")})
                     .exitCode,
                 0);
        const QString w = work.filePath(QStringLiteral("w"));
        auto specWithRetries = [&](const std::string &id, int retries) {
            Spec spec = f.core().definitions().get(admin, id)->definition->spec;
            spec.deployment["retries"] = retries;
            return RepositoryService::specFileText("x", spec);
        };
        auto commitFile = [&](const QString &path, const std::string &text, const char *branch) {
            QFile file(w + QLatin1Char('/') + path);
            QDir().mkpath(QFileInfo(file).path());
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray::fromStdString(text));
            file.close();
            QCOMPARE(git(w, {QStringLiteral("add"), path}).exitCode, 0);
            QCOMPARE(git(w, {QStringLiteral("-c"), QStringLiteral("user.name=t"),
                             QStringLiteral("-c"), QStringLiteral("user.email=t@x"),
                             QStringLiteral("commit"), QStringLiteral("-qm"), path})
                         .exitCode,
                     0);
            QCOMPARE(
                git(w, {QStringLiteral("push"), QStringLiteral("-qf"), QStringLiteral("origin"),
                        QStringLiteral("HEAD:") + QString::fromLatin1(branch)})
                    .exitCode,
                0);
        };
        const QString visiblePath = QStringLiteral("pipelines/customer_renewal_load.yaml");
        const QString hiddenPath = QStringLiteral("pipelines/hidden_pipeline.yaml");
        QCOMPARE(
            git(w, {QStringLiteral("checkout"), QStringLiteral("-qb"), QStringLiteral("broken")})
                .exitCode,
            0);
        commitFile(hiddenPath, specWithRetries(hidden, 3), "broken");
        // An invalid spec for the visible one: a dependency on a node that does not exist.
        commitFile(visiblePath,
                   "nodes: [{id: a, type: empty}]\nedges: [{upstream: a, downstream: ghost}]\n",
                   "broken");
        auto mainHead = [&] {
            const auto branches =
                f.core().repositories().branches(admin, f.demoRepositoryId(), false).value();
            for (const GitRepo::Branch &b : branches)
                if (b.name == "main")
                    return b.head;
            return ObjectId();
        };
        const ObjectId mainBefore = mainHead();
        auto refused =
            f.core().repositories().merge(editor, f.demoRepositoryId(), "broken", "", "");
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unprocessable);
        // Nothing moved, nothing changed.
        QCOMPARE(mainHead(), mainBefore);
        QCOMPARE(versionOf(visible), visibleBefore);
        QCOMPARE(versionOf(hidden), hiddenBefore);

        // A valid branch: both follow, the hidden one by the system, and the editor learns only
        // of the one it sees.
        QCOMPARE(git(w, {QStringLiteral("checkout"), QStringLiteral("-qB"), QStringLiteral("good"),
                         QStringLiteral("origin/main")})
                     .exitCode,
                 0);
        commitFile(hiddenPath, specWithRetries(hidden, 4), "good");
        commitFile(visiblePath, specWithRetries(visible, 5), "good");
        auto merged = f.core().repositories().merge(editor, f.demoRepositoryId(), "good", "", "");
        QVERIFY2(merged, merged ? "" : merged.error().message.c_str());
        QCOMPARE(merged->mergedVersions.size(), size_t(1));
        QCOMPARE(merged->mergedVersions[0].first, visible);
        QCOMPARE(versionOf(visible), visibleBefore + 1);
        QCOMPARE(versionOf(hidden), hiddenBefore + 1);
        QCOMPARE(f.core().definitions().get(admin, hidden)->definition->spec.deployment["retries"],
                 nlohmann::json(4));
        QCOMPARE(f.core().definitions().get(admin, visible)->definition->spec.deployment["retries"],
                 nlohmann::json(5));
    }

    void cloneOfAFileRemote()
    {
        Fixture f(false, Fixture::localRemotes());
        QTemporaryDir remote;
        const QString src = remote.filePath(QStringLiteral("src"));
        QDir().mkpath(src);
        QCOMPARE(git(src, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
                           QStringLiteral("trunk")})
                     .exitCode,
                 0);
        QFile file(src + QStringLiteral("/hello.py"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("print('hi')\n");
        file.close();
        git(src, {QStringLiteral("add"), QStringLiteral(".")});
        QCOMPARE(
            git(src, {QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                      QStringLiteral("user.email=t@x"), QStringLiteral("commit"),
                      QStringLiteral("-qm"), QStringLiteral("first")})
                .exitCode,
            0);
        const QString bare = remote.filePath(QStringLiteral("remote.git"));
        QCOMPARE(git(remote.path(), {QStringLiteral("clone"), QStringLiteral("-q"),
                                     QStringLiteral("--bare"), src, bare})
                     .exitCode,
                 0);

        RepositoryConnect input;
        input.remoteUrl = "file://" + bare.toStdString();
        input.defaultBranch = "";
        input.webhookSecret = SecretValue(std::string("hook-secret"));
        auto info = f.core().repositories().connect(f.local(), input);
        QVERIFY2(info, info ? "" : info.error().message.c_str());
        QCOMPARE(info->repository.state, std::string("cloning"));
        QVERIFY(info->jobId);
        QCOMPARE(info->repository.name, std::string("remote"));
        QTRY_VERIFY_WITH_TIMEOUT(
            f.core().registry().repository(f.local().spaceId, info->repository.id)->value().state ==
                "ready",
            20000);
        // The base branch is the remote's HEAD; its files are in the clone.
        const Repository cloned =
            f.core().registry().repository(f.local().spaceId, info->repository.id)->value();
        QCOMPARE(cloned.defaultBranch, std::string("trunk"));
        auto branches = f.core().repositories().branches(f.local(), cloned.id, false);
        QVERIFY(branches);
        QCOMPARE(branches->size(), size_t(1));
        QCOMPARE(branches->front().name, std::string("trunk"));
        auto log = f.core().repositories().log(f.local(), cloned.id, "", 10);
        QCOMPARE(log->front().summary, std::string("first"));
        // The secret is stored apart and never part of what the service lists.
        auto listed = f.core().repositories().repositories(f.local());
        for (const RepositoryInfo &r : *listed) {
            if (r.repository.id == cloned.id)
                QVERIFY(r.credentials.webhookSecretSet);
        }
        // A clone that cannot reach its remote fails with a reason, and leaves no folder.
        RepositoryConnect broken;
        broken.remoteUrl = "file://" + remote.filePath(QStringLiteral("missing.git")).toStdString();
        auto failed = f.core().repositories().connect(f.local(), broken);
        QVERIFY(failed);
        QTRY_VERIFY_WITH_TIMEOUT(f.core().registry()
                                         .repository(f.local().spaceId, failed->repository.id)
                                         ->value()
                                         .state == "failed",
                                 20000);
        QVERIFY(!QDir(QString::fromStdString(failed->repository.localPath)).exists());
        // Only admins connect repositories.
        QCOMPARE(f.core().repositories().connect(f.actor(Role::Editor, "ed"), input).error().code,
                 ErrorCode::Forbidden);
    }
};

QTEST_GUILESS_MAIN(tst_Repository)
#include "tst_repository.moc"
