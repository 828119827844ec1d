// What reading a stored credential costs: the SecretStore's read (one SQLite row, then
// XChaCha20-Poly1305 opening it) and the registry's read of a repository's secrets, as a clone,
// fetch, push or webhook check does; also sealing one (a write through the pipeline).
#include <QCoreApplication>
#include <QTemporaryDir>

#include "benchutil.h"
#include "core/app/core.h"

using namespace pw::core;
using pw::bench::Clock;
using pw::bench::median;
using pw::bench::msSince;
using pw::bench::report;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv); // the job threads run event loops
    QTemporaryDir data;
    QTemporaryDir keys;
    Core::Options options;
    options.keys = std::make_shared<FileKeySource>(keys.path().toStdString());
    auto opened = Core::open(data.path().toStdString(), std::move(options));
    if (!opened || !(*opened)->secrets().ready()) {
        std::fprintf(stderr, "cannot open a data directory with a key\n");
        return 1;
    }
    Core &core = **opened;
    const Actor admin = *core.localActor();
    // Many repositories with credentials, so a read finds its row among others.
    std::vector<std::string> ids;
    std::vector<double> connects;
    for (int i = 0; i < 200; ++i) {
        RepositoryConnect input;
        input.name = "repo-" + std::to_string(i);
        input.credentialType = "TOKEN";
        input.credential = SecretValue("ghp_" + std::string(36, char('a' + i % 26)));
        input.webhookSecret = SecretValue(std::string(32, 'w'));
        const auto start = Clock::now();
        auto info = core.repositories().connect(admin, std::move(input));
        connects.push_back(msSince(start));
        if (!info) {
            std::fprintf(stderr, "%s\n", info.error().message.c_str());
            return 1;
        }
        ids.push_back(info->repository.id);
    }
    report("secrets.store", {{"what", "connect a repository with a token and a webhook secret "
                                      "(two values sealed, one write)"},
                             {"median_ms", median(connects)},
                             {"runs", connects.size()}});
    for (int round = 0; round < 3; ++round) {
        std::vector<double> reads;
        std::vector<double> repositoryReads;
        for (const std::string &id : ids) {
            auto start = Clock::now();
            auto value = core.secrets().get("repository/" + id + "/credential");
            reads.push_back(msSince(start));
            if (!value || !*value)
                return 1;
            start = Clock::now();
            auto secrets = core.registry().repositorySecrets(id);
            repositoryReads.push_back(msSince(start));
            if (!secrets || !secrets->credential)
                return 1;
        }
        std::sort(reads.begin(), reads.end());
        report("secrets.read", {{"what", "SecretStore::get: one row, then open it"},
                                {"round", round},
                                {"median_ms", median(reads)},
                                {"p99_ms", reads[reads.size() * 99 / 100]},
                                {"runs", reads.size()}});
        report("secrets.repository",
               {{"what", "Registry::repositorySecrets: the credential type, reference and value"},
                {"round", round},
                {"median_ms", median(repositoryReads)},
                {"runs", repositoryReads.size()}});
    }
    return 0;
}
