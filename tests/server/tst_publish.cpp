#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <mutex>

#include "core/publish/publishgates.h"
#include "core/spec/specio.h"
#include "support/fakeforge.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::expectOk;
using pw::test::FakeForge;
using pw::test::Fixture;
using pw::test::git;
using pw::test::GitRun;
using pw::test::HttpClient;

class tst_Publish : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    QTemporaryDir remotes;

    // A repository of the space cloned from a bare remote of the demo's main (with a forge when
    // given), and a copy of the demo definition on it.
    std::pair<std::string, QString> definitionOnRemote(std::optional<Forge> forge)
    {
        return pw::test::definitionOnRemote(*f, remotes.path(), ++m_remotes, std::move(forge));
    }

    int m_remotes = 0;

    // The demo repository's git directory (bare).
    QString demoRepositoryPath()
    {
        return QString::fromStdString(f->core()
                                          .registry()
                                          .repository(f->local().spaceId, f->demoRepositoryId())
                                          ->value()
                                          .localPath);
    }

private slots:
    void init() { f = std::make_unique<Fixture>(true, Fixture::localRemotes()); }
    void cleanup() { f.reset(); }

    void withoutAForgeTheMergeRequestIsKeptAndTheMergeRouteClosesIt()
    {
        // A draft edit goes with the generated code in one commit.
        expectOk(f->core().repositories().save(f->local(), f->demoDefinitionId(),
                                               {"scripts/extra.sh", "echo extra\n", std::nullopt}),
                 "draft");
        HttpClient http(f->port(), f->token(Role::Editor, "erin"));
        auto r = http.post(Fixture::base() + "/definitions/" + f->demoDefinitionId() + "/publish",
                           {{"title", "Publish renewals"},
                            {"body", "Reviewed by Ada."},
                            {"sandbox_policy", "enforce"},
                            {"reviewed_version", 1}});
        QCOMPARE(r.status, 200);
        const json out = r.json();
        QCOMPARE(out["definition"]["status"], json("published"));
        QCOMPARE(out["source_branch"], json("pipewright/customer_renewal_load-v1"));
        QCOMPARE(out["target_branch"], json("main"));
        QCOMPARE(out["pushed"], json(false));
        QCOMPARE(out["merge_request"]["provider"], json("local"));
        QCOMPARE(out["merge_request"]["state"], json("open"));
        QCOMPARE(out["validation_report"]["passed"], json(true));
        QCOMPARE(out["validation_report"]["gates"].size(), size_t(4));
        QCOMPARE(out["generated_files"][0]["path"], json("dags/customer_renewal_load.py"));
        // The commit, as git sees it: the draft file and the generated DAG, by the publisher.
        const QString repo = demoRepositoryPath();
        const GitRun files = git({QStringLiteral("--git-dir=") + repo, QStringLiteral("show"),
                                  QStringLiteral("--name-only"), QStringLiteral("--format=%an|%s"),
                                  QString::fromStdString(out["commit"].get<std::string>())});
        QVERIFY2(files.out.startsWith(QStringLiteral("erin|Publish renewals")),
                 qPrintable(files.out));
        QVERIFY(files.out.contains(QStringLiteral("dags/customer_renewal_load.py")));
        QVERIFY(files.out.contains(QStringLiteral("scripts/extra.sh")));
        // Merging the branch through the Git route merges the local merge request.
        HttpClient admin(f->port(), f->token(Role::Admin, "ada"));
        QCOMPARE(admin
                     .post("/api/v1/git/merge",
                           {{"sourceBranch", "pipewright/customer_renewal_load-v1"}})
                     .status,
                 200);
        const MergeRequestInfo mr =
            expectOk(f->core().repositories().mergeRequest(
                         f->local(), out["merge_request"]["id"].get<std::string>()),
                     "merge request");
        QCOMPARE(mr.state, std::string("merged"));
        QVERIFY(mr.mergedAt);
    }

    void aPublishGoesToANewReviewBranchOnly()
    {
        // Never the base branch (in any spelling), a ref, a tag, or a name git misreads: each is
        // a 400 naming the field, and nothing is committed or pushed.
        const QString repo = demoRepositoryPath();
        QCOMPARE(git({QStringLiteral("--git-dir=") + repo, QStringLiteral("tag"),
                      QStringLiteral("v1"), QStringLiteral("main")})
                     .exitCode,
                 0);
        const QString before =
            git({QStringLiteral("--git-dir=") + repo, QStringLiteral("for-each-ref")}).out;
        HttpClient http(f->port(), f->token(Role::Editor, "erin"));
        const std::string def = Fixture::base() + "/definitions/" + f->demoDefinitionId();
        for (const char *branch : {"main",
                                   "MAIN",
                                   "refs/heads/main",
                                   "heads/main",
                                   "refs/tags/v1",
                                   "tags/v1",
                                   "v1",
                                   "HEAD",
                                   "@",
                                   "a/@",
                                   "@/x",
                                   "origin",
                                   "origin/main",
                                   "ORIGIN/main",
                                   "remotes/origin/main",
                                   "FETCH_HEAD",
                                   "ORIG_HEAD",
                                   "a..b",
                                   "x.lock",
                                   ""}) {
            auto r = http.post(def + "/publish", {{"branch", branch}});
            QVERIFY2(r.status == 400, (std::string(branch) + ": " + r.body).c_str());
            QCOMPARE(r.json()["error"]["details"]["field"], json("branch"));
        }
        QCOMPARE(git({QStringLiteral("--git-dir=") + repo, QStringLiteral("for-each-ref")}).out,
                 before);
        QCOMPARE(f->core().definitions().get(f->local(), f->demoDefinitionId())->definition->status,
                 std::string("draft"));
    }

    void aStaleReviewIsRefused()
    {
        HttpClient http(f->port(), f->token(Role::Editor, "erin"));
        const std::string def = Fixture::base() + "/definitions/" + f->demoDefinitionId();
        QCOMPARE(http.patch(def, {{"description", "changed after the review"}}).status, 200);
        auto r = http.post(def + "/publish", {{"reviewed_version", 1}});
        QCOMPARE(r.status, 409);
        QVERIFY(r.json()["error"]["message"].get<std::string>().starts_with("stale review"));
        QCOMPARE(r.json()["error"]["details"]["current_version"], json(2));
        // Nothing was committed or opened.
        auto branches = f->core().repositories().branches(f->local(), f->demoRepositoryId(), false);
        QCOMPARE(branches->size(), size_t(1));
        QCOMPARE(http.post(def + "/publish", {{"sandbox_policy", "loose"}}).status, 400);
        HttpClient viewer(f->port(), f->token(Role::Viewer, "vic"));
        QCOMPARE(viewer.post(def + "/publish", json::object()).status, 403);
    }

    void progressIsReportedAndACancelBeforeTheCommitChangesNothing()
    {
        // Cancelled at the second gate: nothing committed, the definition still a draft.
        std::vector<std::string> steps;
        PublishRequest cancelled;
        cancelled.observer = [&](const PublishProgress &p) {
            steps.push_back(p.step);
            return p.step != "compiles";
        };
        auto stopped = f->core().publisher().publish(f->local(), f->demoDefinitionId(), cancelled);
        QVERIFY(!stopped);
        QCOMPARE(stopped.error().code, ErrorCode::Conflict);
        QVERIFY(stopped.error().message.find("cancelled") != std::string::npos);
        QCOMPARE(steps, (std::vector<std::string>{"review_current", "spec_valid", "compiles"}));
        QCOMPARE(
            f->core().repositories().branches(f->local(), f->demoRepositoryId(), false)->size(),
            size_t(1));
        QCOMPARE(f->core().definitions().get(f->local(), f->demoDefinitionId())->definition->status,
                 std::string("draft"));
        // Run through: every gate with its result, then the steps that change things.
        steps.clear();
        std::vector<bool> passed;
        PublishRequest request;
        request.observer = [&](const PublishProgress &p) {
            steps.push_back(p.step);
            if (p.gate)
                passed.push_back(p.gate->passed);
            return true;
        };
        auto published = f->core().publisher().publish(f->local(), f->demoDefinitionId(), request);
        QVERIFY2(published, published ? "" : published.error().message.c_str());
        QCOMPARE(steps, (std::vector<std::string>{"review_current", "spec_valid", "compiles",
                                                  "python_parses", "commit", "merge_request"}));
        QCOMPARE(passed, (std::vector<bool>{true, true, true, true}));
    }

    void aFailedGateStopsAnEnforcedPublishAndIsReportedOtherwise()
    {
        // python3 cannot be found: the generated code cannot be checked.
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        auto enforced =
            f->core().publisher().publish(f->local(), f->demoDefinitionId(), PublishRequest{});
        qputenv("PATH", path);
        QVERIFY(!enforced);
        QCOMPARE(enforced.error().code, ErrorCode::Unprocessable);
        const json report = enforced.error().details["validation_report"];
        QCOMPARE(report["passed"], json(false));
        QCOMPARE(report["gates"][3]["name"], json("python_parses"));
        QCOMPARE(report["gates"][3]["passed"], json(false));
        QCOMPARE(
            f->core().repositories().branches(f->local(), f->demoRepositoryId(), false)->size(),
            size_t(1));
        QCOMPARE(f->core().definitions().get(f->local(), f->demoDefinitionId())->definition->status,
                 std::string("draft"));
        qputenv("PATH", "/nonexistent");
        PublishRequest warn;
        warn.sandboxPolicy = "warn";
        auto warned = f->core().publisher().publish(f->local(), f->demoDefinitionId(), warn);
        qputenv("PATH", path);
        QVERIFY2(warned, warned ? "" : warned.error().message.c_str());
        QVERIFY(!warned->report.passed());
    }

    void gatesReportEachFailure()
    {
        const CompilerService compiler(NodeCatalog::builtin());
        Spec cyclic =
            readSpec(json{{"nodes",
                           {{{"id", "a"}, {"type", "empty"}}, {{"id", "b"}, {"type", "empty"}}}},
                          {"edges",
                           {{{"upstream", "a"}, {"downstream", "b"}},
                            {{"upstream", "b"}, {"downstream", "a"}}}}})
                .spec;
        const PublishReport report = runPublishGates(compiler, cyclic, "airflow", "Cyclic", {});
        QCOMPARE(report.gates.size(), size_t(3));
        QVERIFY(!report.gates[0].passed); // spec_valid
        QCOMPARE(report.gates[0].details["problems"][0]["code"], json("cycle"));
        QVERIFY(!report.gates[1].passed); // compiles
        QVERIFY(!report.gates[2].passed); // python_parses: nothing to check
        QVERIFY(!report.passed());
        auto errors =
            pythonSyntaxErrors({GeneratedFile{"dags/ok.py", "x = 1\n", "python"},
                                GeneratedFile{"dags/broken.py", "def f(:\n    pass\n", "python"}});
        QVERIFY(errors);
        QCOMPARE(errors->size(), size_t(1));
        QVERIFY2(errors->front().starts_with("dags/broken.py:1:"), errors->front().c_str());
    }

    void pushesToTheRemoteAndOpensAGitHubPullRequest()
    {
        FakeForge forge;
        forge.answerWith(201,
                         {{"number", 7}, {"html_url", "https://forge.test/acme/pipes/pull/7"}});
        const auto [id, bare] = definitionOnRemote(Forge{"github", forge.url(), "acme/pipes"});
        PublishRequest request;
        request.title = "Add the renewal pipeline";
        request.body = "Generated and validated in Pipewright.";
        auto published = f->core().publisher().publish(f->local(), id, request);
        QVERIFY2(published, published ? "" : published.error().message.c_str());
        QVERIFY(published->pushed);
        // The remote has the branch at the commit.
        const GitRun head = git({QStringLiteral("--git-dir=") + bare, QStringLiteral("rev-parse"),
                                 QString::fromStdString("refs/heads/" + published->sourceBranch)});
        QCOMPARE(head.out.toStdString(), published->commit.commit);
        // The forge got one pull request, with the token and the branches.
        const std::vector<FakeForge::Request> requests = forge.requests();
        QCOMPARE(requests.size(), size_t(1));
        const FakeForge::Request &r = requests.front();
        QCOMPARE(r.method, QByteArray("POST"));
        QCOMPARE(r.path, QByteArray("/repos/acme/pipes/pulls"));
        QCOMPARE(r.header("Authorization"), QByteArray("Bearer tok-123"));
        QCOMPARE(r.body["head"], json(published->sourceBranch));
        QCOMPARE(r.body["base"], json("main"));
        QCOMPARE(r.body["title"], json("Add the renewal pipeline"));
        QCOMPARE(r.body["body"], json("Generated and validated in Pipewright."));
        QCOMPARE(published->mergeRequest.provider, std::string("github"));
        QCOMPARE(published->mergeRequest.number, std::optional<int64_t>(7));
        QCOMPARE(published->mergeRequest.url,
                 std::optional<std::string>("https://forge.test/acme/pipes/pull/7"));
    }

    void opensAGitLabMergeRequestAndReportsARefusedToken()
    {
        FakeForge forge;
        forge.answerWith(
            201, {{"iid", 3}, {"web_url", "https://gitlab.test/acme/pipes/-/merge_requests/3"}});
        const auto [id, bare] =
            definitionOnRemote(Forge{"gitlab", forge.url() + "/api/v4", "acme/pipes"});
        PublishRequest request;
        request.branch = "publish/first";
        auto published = f->core().publisher().publish(f->local(), id, request);
        QVERIFY2(published, published ? "" : published.error().message.c_str());
        const FakeForge::Request r = forge.requests().front();
        QCOMPARE(r.path, QByteArray("/api/v4/projects/acme%2Fpipes/merge_requests"));
        QCOMPARE(r.header("PRIVATE-TOKEN"), QByteArray("tok-123"));
        QCOMPARE(r.body["source_branch"], json("publish/first"));
        QCOMPARE(r.body["target_branch"], json("main"));
        QCOMPARE(published->mergeRequest.number, std::optional<int64_t>(3));
        // A forge refusing the token is unavailable, and says which forge.
        forge.answerWith(401, {{"message", "401 Unauthorized"}});
        expectOk(
            f->core().repositories().save(f->local(), id, {"notes.txt", "second\n", std::nullopt}),
            "draft");
        request.branch = "publish/second";
        auto refused = f->core().publisher().publish(f->local(), id, request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unavailable);
        QVERIFY(refused.error().message.find("GitLab refused") != std::string::npos);
    }

    void aRefusedPushIsAnErrorNotASuccess()
    {
        const auto [id, bare] = definitionOnRemote(std::nullopt);
        // The remote already has the branch, at a commit this repository does not have.
        const QString other = remotes.filePath(QStringLiteral("other"));
        QCOMPARE(git({QStringLiteral("clone"), QStringLiteral("-q"), bare, other}).exitCode, 0);
        QCOMPARE(git({QStringLiteral("-C"), other, QStringLiteral("checkout"),
                      QStringLiteral("-qb"), QStringLiteral("pipewright/customer_renewal_load-v1")})
                     .exitCode,
                 0);
        QCOMPARE(
            git({QStringLiteral("-C"), other, QStringLiteral("-c"), QStringLiteral("user.name=t"),
                 QStringLiteral("-c"), QStringLiteral("user.email=t@x"), QStringLiteral("commit"),
                 QStringLiteral("-q"), QStringLiteral("--allow-empty"), QStringLiteral("-m"),
                 QStringLiteral("someone else's")})
                .exitCode,
            0);
        QCOMPARE(git({QStringLiteral("-C"), other, QStringLiteral("push"), QStringLiteral("-q"),
                      QStringLiteral("origin"), QStringLiteral("HEAD")})
                     .exitCode,
                 0);
        auto published = f->core().publisher().publish(f->local(), id, PublishRequest{});
        QVERIFY(!published);
        QCOMPARE(published.error().code, ErrorCode::Conflict);
        QVERIFY2(published.error().message.find("but") != std::string::npos,
                 published.error().message.c_str());
        QVERIFY(published.error().details.contains("commit"));
        QCOMPARE(f->core().definitions().get(f->local(), id)->definition->status,
                 std::string("draft"));
    }
};

QTEST_GUILESS_MAIN(tst_Publish)
#include "tst_publish.moc"
