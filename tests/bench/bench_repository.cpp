// Draft-file figures on a generated repository of 20,000 files (about 2 KiB each, three
// folders deep) with 200 overlay entries, through HTTP against a real `pipewright serve`:
// the draft tree, reading and saving one file, a content search for a rare word, and a commit
// of 200 changed files to a branch. Anchors: the git command line on the same repository
// (`git ls-tree -r`, `git grep`). Prints JSON lines; asserts nothing.
#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <random>

#include "benchutil.h"
#include "core/app/core.h"
#include "support/httpclient.h"

using namespace pw;
using nlohmann::json;

namespace {

constexpr int kFiles = 20000;
constexpr int kOverlay = 200;
const std::string kRareWord = "zanzibarquux";

std::string pathOf(int i)
{
    return "pkg" + std::to_string(i % 20) + "/mod" + std::to_string((i / 20) % 10) + "/file" +
           std::to_string(i) + ".py";
}

// About 2 KiB of Python-looking text; three files hold the rare word.
std::string contentOf(int i, std::mt19937 &rng)
{
    static const char *words[] = {"data",   "frame",  "load",   "value",  "record",
                                  "batch",  "stage",  "config", "result", "source",
                                  "target", "window", "event"};
    std::string out = "\"\"\"Module " + std::to_string(i) + ".\"\"\"\n\n";
    int line = 0;
    while (out.size() < 2000) {
        out += "def " + std::string(words[rng() % 13]) + "_" + std::to_string(line++) + "(" +
               words[rng() % 13] + "):\n    return " + words[rng() % 13] + " + " +
               std::to_string(rng() % 1000) + "\n\n";
    }
    if (i == 1234 || i == 9876 || i == 17001)
        out += "# " + kRareWord + " lives here\n";
    return out;
}

double runMs(const QString &program, const QStringList &args, QByteArray *out = nullptr)
{
    QProcess p;
    const auto t = bench::Clock::now();
    p.start(program, args);
    p.waitForFinished(120000);
    const double ms = bench::msSince(t);
    if (out)
        *out = p.readAllStandardOutput();
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    std::string token, definitionId, repoPath;
    {
        auto opened = core::Core::open(dir.path().toStdString());
        if (!opened) {
            std::fprintf(stderr, "cannot open: %s\n", opened.error().message.c_str());
            return 1;
        }
        core::Core &c = **opened;
        auto actor = c.localActor();
        token = c.access().createToken("default", "bench", core::Role::Admin, "bench")->token;
        core::RepositoryConnect connect;
        connect.name = "big";
        auto repo = c.repositories().connect(*actor, connect);
        repoPath = repo->repository.localPath;

        // 20,000 files in one commit through git fast-import (packed, as real repositories are).
        std::mt19937 rng(7);
        std::string stream;
        stream.reserve(kFiles * 2200);
        for (int i = 0; i < kFiles; ++i) {
            const std::string content = contentOf(i, rng);
            stream += "blob\nmark :" + std::to_string(i + 1) + "\ndata " +
                      std::to_string(content.size()) + "\n" + content + "\n";
        }
        stream += "commit refs/heads/main\ncommitter Bench <bench@example.com> 1700000000 +0000\n"
                  "data 7\ninitial\n";
        for (int i = 0; i < kFiles; ++i)
            stream += "M 100644 :" + std::to_string(i + 1) + " " + pathOf(i) + "\n";
        stream += "done\n";
        QProcess import;
        import.start(QStringLiteral("git"),
                     {QStringLiteral("--git-dir=") + QString::fromStdString(repoPath),
                      QStringLiteral("fast-import"), QStringLiteral("--quiet"),
                      QStringLiteral("--done")});
        import.write(QByteArray::fromStdString(stream));
        import.closeWriteChannel();
        import.waitForFinished(300000);
        if (import.exitCode() != 0) {
            std::fprintf(stderr, "fast-import failed: %s\n",
                         import.readAllStandardError().constData());
            return 1;
        }
        // fast-import's own pack chains deltas in import order (reading every blob of it costs
        // libgit2 ~16x what it costs on a packed clone); repack as gc and clones leave a
        // repository.
        QProcess repack;
        repack.start(QStringLiteral("git"),
                     {QStringLiteral("--git-dir=") + QString::fromStdString(repoPath),
                      QStringLiteral("repack"), QStringLiteral("-adfq")});
        repack.waitForFinished(300000);

        auto list = c.workspaces().list(*actor, {});
        core::DefinitionCreate input;
        input.meta.name = "Big repository";
        input.meta.workspaceId = list->items.front().workspace->id;
        input.meta.repositoryId = repo->repository.id;
        input.spec = core::readSpec(bench::randomDagSpec(20, 25)).spec;
        input.spec.deployment["dag_id"] = "big_repository";
        auto created = c.definitions().create(*actor, std::move(input));
        definitionId = created->definition->id;
        // 200 overlay entries: 150 modified files, 50 added.
        for (int i = 0; i < kOverlay; ++i) {
            const std::string path =
                i < 150 ? pathOf(i * 97 % kFiles) : "new/added" + std::to_string(i) + ".py";
            c.repositories().save(*actor, definitionId,
                                  {path, "# draft " + std::to_string(i) + "\n", std::nullopt});
        }
    }

    QProcess server;
    server.setProgram(QStringLiteral(PIPEWRIGHT_BIN));
    server.setArguments({QStringLiteral("serve"), QStringLiteral("--data"), dir.path(),
                         QStringLiteral("--port"), QStringLiteral("0")});
    server.start();
    QByteArray banner;
    while (!banner.contains('\n') && server.waitForReadyRead(10000))
        banner += server.readAllStandardOutput();
    const auto match =
        QRegularExpression(QStringLiteral(":(\\d+)/api")).match(QString::fromUtf8(banner));
    if (!match.hasMatch()) {
        std::fprintf(stderr, "server did not start: %s\n", banner.constData());
        return 1;
    }
    test::HttpClient http(static_cast<uint16_t>(match.captured(1).toUInt()), token);
    const std::string d = "/api/v1.0/spaces/default/pipeline-authoring/definitions/" + definitionId;
    const QString gitDir = QStringLiteral("--git-dir=") + QString::fromStdString(repoPath);

    // Draft tree: the first (the listing read from git) and the warm ones (cached by commit).
    auto t = bench::Clock::now();
    test::HttpResult tree = http.get(d + "/tree");
    const double firstTree = bench::msSince(t);
    std::vector<double> trees;
    size_t treeBytes = tree.body.size();
    for (int i = 0; i < 15; ++i) {
        t = bench::Clock::now();
        tree = http.get(d + "/tree");
        trees.push_back(bench::msSince(t));
    }
    std::vector<double> lsTree;
    for (int i = 0; i < 5; ++i)
        lsTree.push_back(
            runMs(QStringLiteral("git"), {gitDir, QStringLiteral("ls-tree"), QStringLiteral("-r"),
                                          QStringLiteral("main")}));
    bench::report("draft_tree", {{"files", kFiles},
                                 {"overlay", kOverlay},
                                 {"status", tree.status},
                                 {"entries", tree.json()["entries"].size()},
                                 {"bytes", treeBytes},
                                 {"first_ms", firstTree},
                                 {"median_ms", bench::median(trees)},
                                 {"git_ls_tree_ms", bench::median(lsTree)}});

    std::vector<double> reads;
    for (int i = 0; i < 50; ++i) {
        t = bench::Clock::now();
        test::HttpResult r = http.get(d + "/files?path=" + pathOf(5000 + i));
        reads.push_back(bench::msSince(t));
        if (r.status != 200)
            std::fprintf(stderr, "read failed: %d\n", r.status);
    }
    bench::report("read_file", {{"median_ms", bench::median(reads)}});

    std::vector<double> saves;
    for (int i = 0; i < 50; ++i) {
        t = bench::Clock::now();
        test::HttpResult r =
            http.put(d + "/files", {{"path", pathOf(7000 + i)},
                                    {"content", "# saved " + std::to_string(i) + "\n"}});
        saves.push_back(bench::msSince(t));
        if (r.status != 200)
            std::fprintf(stderr, "save failed: %d\n", r.status);
    }
    // Back to 200 entries for the commit below: the 50 saves go.
    for (int i = 0; i < 50; ++i)
        http.post(d + "/files/reset-override", {{"path", pathOf(7000 + i)}});
    bench::report("save_file", {{"median_ms", bench::median(saves)}});

    std::vector<double> searches, greps;
    size_t hits = 0;
    t = bench::Clock::now();
    http.get(d + "/files/search?q=" + kRareWord + "&in=contents");
    const double firstSearch = bench::msSince(t);
    for (int i = 0; i < 5; ++i) {
        t = bench::Clock::now();
        test::HttpResult r = http.get(d + "/files/search?q=" + kRareWord + "&in=contents");
        searches.push_back(bench::msSince(t));
        hits = r.json()["results"].size();
        QByteArray out;
        greps.push_back(runMs(QStringLiteral("git"),
                              {gitDir, QStringLiteral("grep"), QStringLiteral("-F"),
                               QString::fromStdString(kRareWord), QStringLiteral("main")},
                              &out));
    }
    bench::report("search_rare_word", {{"hits", hits},
                                       {"first_ms", firstSearch},
                                       {"median_ms", bench::median(searches)},
                                       {"git_grep_ms", bench::median(greps)},
                                       {"ratio", bench::median(searches) / bench::median(greps)}});

    // Commit 200 changed files to a new branch, three times (the overlay is made again, untimed).
    std::vector<double> commits;
    for (int round = 0; round < 3; ++round) {
        if (round > 0) {
            for (int i = 0; i < kOverlay; ++i) {
                const std::string path =
                    i < 150 ? pathOf((i * 97 + round) % kFiles)
                            : "new/r" + std::to_string(round) + "_" + std::to_string(i) + ".py";
                http.put(d + "/files",
                         {{"path", path}, {"content", "# round " + std::to_string(round) + "\n"}});
            }
        }
        t = bench::Clock::now();
        test::HttpResult r =
            http.post(d + "/commits", {{"branch", "bench/round" + std::to_string(round)},
                                       {"message", "Bench commit"}});
        commits.push_back(bench::msSince(t));
        if (r.status != 201)
            std::fprintf(stderr, "commit failed: %d %s\n", r.status, r.body.substr(0, 200).c_str());
    }
    bench::report("commit_200_files", {{"median_ms", bench::median(commits)}, {"runs", commits}});
    server.terminate();
    server.waitForFinished(10000);
    return 0;
}
