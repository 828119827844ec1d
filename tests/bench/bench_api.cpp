// HTTP API figures against a real `pipewright serve` child process: add a node to a 5,000-node
// definition, replace its whole spec, GET it, server RSS, and wrk throughput on a small
// definition. Prints JSON lines; asserts nothing.
#include <QCoreApplication>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "benchutil.h"
#include "core/app/core.h"
#include "support/httpclient.h"
#include "support/serverprocess.h"

using namespace pw;
using nlohmann::json;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int nodes = 5000;
    QTemporaryDir dir;
    std::string token;
    {
        auto core = core::Core::open(dir.path().toStdString());
        token = core ? (*core)
                           ->access()
                           .createToken("default", "bench", core::Role::Admin, "bench")
                           ->token
                     : "";
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
    const auto port = static_cast<uint16_t>(match.captured(1).toUInt());
    test::HttpClient http(port, token);
    const std::string base = "/api/v1.0/spaces/default/pipeline-authoring";
    const std::string workspace = http.get(base + "/workspaces").json()[0]["id"].get<std::string>();

    json spec = bench::randomDagSpec(nodes, nodes * 3 / 2);
    auto t = bench::Clock::now();
    test::HttpResult created = http.post(
        base + "/definitions", json{{"name", "Big"}, {"workspace_id", workspace}, {"spec", spec}});
    const double createMs = bench::msSince(t);
    if (created.status != 201) {
        std::fprintf(stderr, "create failed: %d %s\n", created.status,
                     created.body.substr(0, 300).c_str());
        return 1;
    }
    const std::string big = base + "/definitions/" + created.json()["id"].get<std::string>();
    bench::report("api_create_5000_node_definition",
                  {{"ms", createMs}, {"request_bytes", spec.dump().size()}});

    std::vector<double> gets;
    size_t getBytes = 0;
    for (int i = 0; i < 110; ++i) {
        t = bench::Clock::now();
        const test::HttpResult r = http.get(big);
        if (i >= 10)
            gets.push_back(bench::msSince(t));
        getBytes = r.body.size();
    }
    bench::report(
        "api_get_5000_node_definition",
        {{"median_ms", bench::median(gets)}, {"runs", gets.size()}, {"response_bytes", getBytes}});

    std::vector<double> adds;
    for (int i = 0; i < 100; ++i) {
        const json body = {{"node", {{"id", "added_" + std::to_string(i)}, {"type", "empty"}}},
                           {"upstream", {"task_0"}}};
        t = bench::Clock::now();
        const test::HttpResult r = http.post(big + "/nodes", body);
        adds.push_back(bench::msSince(t));
        if (r.status != 201) {
            std::fprintf(stderr, "add failed: %d %s\n", r.status, r.body.substr(0, 300).c_str());
            return 1;
        }
    }
    bench::report(
        "api_add_node_to_5000_node_definition",
        {{"median_ms", bench::median(adds)}, {"runs", adds.size()}, {"versions_each", 1}});

    json alternate = spec;
    for (auto &n : alternate["nodes"])
        n["label"] = n["label"].get<std::string>() + " (b)";
    std::vector<double> replaces;
    for (int i = 0; i < 30; ++i) {
        const std::string body = json{{"spec", i % 2 ? spec : alternate}}.dump();
        t = bench::Clock::now();
        const test::HttpResult r = http.request("PATCH", big, body);
        replaces.push_back(bench::msSince(t));
        if (r.status != 200) {
            std::fprintf(stderr, "replace failed: %d %s\n", r.status,
                         r.body.substr(0, 300).c_str());
            return 1;
        }
    }
    bench::report("api_replace_5000_node_spec",
                  {{"median_ms", bench::median(replaces)}, {"runs", replaces.size()}});
    bench::report(
        "server_rss_after",
        {{"rss_mib", test::processStatusKiB(server.processId(), "VmRSS:") / 1024.0},
         {"peak_rss_mib", test::processStatusKiB(server.processId(), "VmHWM:") / 1024.0}});

    // A small definition with a few connections, hammered by wrk with 4 connections.
    const json small =
        json::parse(R"({"nodes": [{"id": "a", "type": "empty"}, {"id": "b", "type": "empty"},
        {"id": "c", "type": "empty"}, {"id": "d", "type": "empty"}],
        "edges": [{"upstream": "a", "downstream": "b"}, {"upstream": "b", "downstream": "c"},
                  {"upstream": "a", "downstream": "c"}, {"upstream": "c", "downstream": "d"}]})");
    const test::HttpResult smallDef =
        http.post(base + "/definitions",
                  json{{"name", "Small"}, {"workspace_id", workspace}, {"spec", small}});
    const std::string smallPath = base + "/definitions/" + smallDef.json()["id"].get<std::string>();
    std::vector<double> smallGets;
    for (int i = 0; i < 1000; ++i) {
        t = bench::Clock::now();
        http.get(smallPath);
        smallGets.push_back(bench::msSince(t));
    }
    bench::report("api_get_small_definition_one_client",
                  {{"median_ms", bench::median(smallGets)}, {"runs", smallGets.size()}});
    const QString wrk = QStandardPaths::findExecutable(QStringLiteral("wrk"));
    if (wrk.isEmpty()) {
        bench::report("api_get_small_definition_wrk",
                      {{"skipped", "wrk is not installed (installers/install-deps.sh --bench)"}});
    } else {
        const QString seconds = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral("10");
        QProcess load;
        load.start(wrk,
                   {QStringLiteral("-t2"), QStringLiteral("-c4"),
                    QStringLiteral("-d%1s").arg(seconds), QStringLiteral("-H"),
                    QStringLiteral("Authorization: Bearer %1").arg(QString::fromStdString(token)),
                    QStringLiteral("http://127.0.0.1:%1%2")
                        .arg(port)
                        .arg(QString::fromStdString(smallPath))});
        load.waitForFinished(120000);
        const QString output = QString::fromUtf8(load.readAllStandardOutput());
        const auto rps =
            QRegularExpression(QStringLiteral("Requests/sec:\\s+([0-9.]+)")).match(output);
        const auto non2xx =
            QRegularExpression(QStringLiteral("Non-2xx or 3xx responses: (\\d+)")).match(output);
        bench::report("api_get_small_definition_wrk",
                      {{"requests_per_sec", rps.hasMatch() ? rps.captured(1).toDouble() : -1},
                       {"connections", 4},
                       {"threads", 2},
                       {"seconds", seconds.toInt()},
                       {"non_2xx", non2xx.hasMatch() ? non2xx.captured(1).toInt() : 0}});
    }
    server.terminate();
    server.waitForFinished(10000);
    return 0;
}
