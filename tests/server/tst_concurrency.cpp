#include <QTest>

#include <barrier>
#include <set>
#include <thread>

#include "support/fixtures.h"

using namespace pw::core;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using nlohmann::json;

class tst_Concurrency : public QObject
{
    Q_OBJECT

private slots:
    void fiftyClientsAddDistinctNodes()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Editor, "erin");
        const std::string def = f.demoDefinitionId();
        const std::string path = Fixture::base() + "/definitions/" + def + "/nodes";
        constexpr int kClients = 50;
        std::vector<int> statuses(kClients, 0);
        std::vector<int> versions(kClients, 0);
        std::barrier start(kClients);
        std::vector<std::thread> clients;
        for (int i = 0; i < kClients; ++i) {
            clients.emplace_back([&, i] {
                HttpClient http(f.port(), token);
                // Connect first so every request is already on its own socket at the barrier.
                http.get(Fixture::base() + "/node-catalog");
                start.arrive_and_wait();
                const HttpResult r = http.post(path, json{{"node", {{"id", "client_" + std::to_string(i)}, {"type", "empty"}}},
                                                          {"upstream", {"notify_team"}}});
                statuses[static_cast<size_t>(i)] = r.status;
                if (r.status == 201)
                    versions[static_cast<size_t>(i)] = r.json()["definition"]["current_version"].get<int>();
            });
        }
        for (auto &c : clients)
            c.join();
        for (int i = 0; i < kClients; ++i)
            QCOMPARE(statuses[static_cast<size_t>(i)], 201);
        // Each response saw its own new version: 2..51, no duplicates.
        const std::set<int> seen(versions.begin(), versions.end());
        QCOMPARE(seen.size(), size_t(kClients));
        QCOMPARE(*seen.begin(), 2);
        QCOMPARE(*seen.rbegin(), 51);

        HttpClient http(f.port(), token);
        const json list = http.get(Fixture::base() + "/definitions/" + def + "/versions?page_size=1000").json();
        QCOMPARE(list.size(), size_t(51));
        for (size_t i = 0; i < list.size(); ++i)
            QCOMPARE(list[i]["number"].get<int>(), 51 - static_cast<int>(i));
        const json definition = http.get(Fixture::base() + "/definitions/" + def).json();
        QCOMPARE(definition["current_version"], json(51));
        std::set<std::string> ids;
        for (const json &n : definition["spec"]["nodes"])
            ids.insert(n["id"].get<std::string>());
        for (int i = 0; i < kClients; ++i)
            QVERIFY(ids.contains("client_" + std::to_string(i)));
        QCOMPARE(definition["spec"]["edges"].size(), size_t(7 + kClients));
        // And the database agrees once the cache is gone.
        f.core().definitions().clearCache();
        QCOMPARE(f.core().definitions().get(f.local(), def)->definition->spec.nodes.size(), size_t(8 + kClients));
    }

    void readersDuringWritesSeeWholeVersions()
    {
        Fixture f(true);
        const std::string token = f.token(Role::Editor, "erin");
        const std::string def = f.demoDefinitionId();
        std::atomic<bool> done = false;
        std::atomic<int> torn = 0;
        std::thread reader([&] {
            HttpClient http(f.port(), token);
            while (!done) {
                const json d = http.get(Fixture::base() + "/definitions/" + def).json();
                // A version's node count is fixed: 8 plus one per version after the first.
                if (d["node_count"].get<int>() != 7 + d["current_version"].get<int>())
                    ++torn;
            }
        });
        HttpClient http(f.port(), token);
        for (int i = 0; i < 40; ++i)
            QCOMPARE(http.post(Fixture::base() + "/definitions/" + def + "/nodes",
                               json{{"node", {{"id", "n" + std::to_string(i)}, {"type", "empty"}}}}).status, 201);
        done = true;
        reader.join();
        QCOMPARE(torn.load(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Concurrency)
#include "tst_concurrency.moc"
