// Bounds on untrusted input, measured: a YAML alias bomb ("billion laughs", 350 bytes) refused
// by the converter and through the DataFlow routes (a viewer's: 403 before parsing; an
// editor's: 413 before expanding), with the process's peak memory before and after; a
// 5,000-node spec as YAML converted, for scale; and GET …/changes on a draft filled to its
// quota (64 MiB) with edits scattered through repository files, over HTTP and in core; how long
// a reader's request waits while thirty 4 MiB bodies arrive at once. The server runs in this
// process (a Fixture), so the peak memory is the server's and the client's. Prints JSON lines;
// asserts nothing.
#include <QCoreApplication>
#include <QFile>

#include <atomic>
#include <cstring>
#include <memory>
#include <thread>

#include "benchutil.h"
#include "core/spec/specio.h"
#include "core/spec/yamljson.h"
#include "support/fixtures.h"
#include "support/hostileinput.h"
#include "support/httpclient.h"
#include "support/serverthread.h"

using namespace pw;
using nlohmann::json;
using pw::test::aliasBomb;

namespace {

// A field of /proc/self/status in kB (VmHWM: the peak resident memory so far).
int64_t statusKb(const char *field)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(static_cast<qsizetype>(std::strlen(field)))
                .trimmed()
                .split(' ')
                .front()
                .toLongLong();
    }
    return 0;
}

template <class F> json timed(int runs, F &&work)
{
    std::vector<double> ms;
    const int64_t peakBefore = statusKb("VmHWM:");
    for (int i = 0; i < runs; ++i) {
        const auto t = bench::Clock::now();
        work();
        ms.push_back(bench::msSince(t));
    }
    return {{"runs", runs},
            {"median_ms", bench::median(ms)},
            {"max_ms", *std::max_element(ms.begin(), ms.end())},
            {"peak_rss_growth_kb", statusKb("VmHWM:") - peakBefore}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const std::string bomb = aliasBomb();
    const std::string wideBomb = [] {
        const std::string text = aliasBomb("\"" + std::string(1000, 'x') + "\"");
        return text.substr(0, text.find("f: &f"));
    }();

    json line = timed(200, [&] {
        if (core::yamlToJson(bomb).error().code != core::ErrorCode::TooLarge)
            std::abort();
    });
    line["yaml_bytes"] = bomb.size();
    line["expands_to_values"] = 387420489;
    bench::report("yaml_alias_bomb_refused", line);

    line = timed(200, [&] {
        if (core::yamlToJson(wideBomb).error().code != core::ErrorCode::TooLarge)
            std::abort();
    });
    line["yaml_bytes"] = wideBomb.size();
    line["expands_to_bytes"] = 59049ull * 1002;
    bench::report("yaml_long_string_bomb_refused", line);

    const std::string specYaml =
        core::specToYaml(core::readSpec(bench::randomDagSpec(5000, 7500)).spec);
    line = timed(10, [&] {
        if (!core::yamlToJson(specYaml))
            std::abort();
    });
    line["yaml_bytes"] = specYaml.size();
    bench::report("yaml_5000_node_spec_converted", line);

    test::Fixture f(true);
    test::HttpClient editor(f.port(), f.token(core::Role::Editor, "erin"));
    test::HttpClient viewer(f.port(), f.token(core::Role::Viewer, "vic"));
    const std::string pipeline =
        editor
            .post("/api/v1/pipelines",
                  {{"name", "bench"}, {"yamlDefinition", "nodes:\n  - id: a\n    type: empty\n"}})
            .json()["id"]
            .get<std::string>();
    const json bombBody = {{"yamlDefinition", bomb}};
    line = timed(50, [&] {
        if (viewer.post("/api/v1/pipelines/" + pipeline + "/run", bombBody).status != 403)
            std::abort();
    });
    bench::report("http_viewer_bomb_run_403", line);
    line = timed(50, [&] {
        if (editor.put("/api/v1/pipelines/" + pipeline, bombBody).status != 413)
            std::abort();
    });
    bench::report("http_editor_bomb_update_413", line);

    // A draft at its quota: 14 repository files of 4.5 MiB, each edited on every 50th line.
    test::HttpClient admin(f.port(), f.token(core::Role::Admin, "ada"));
    const std::string d = test::Fixture::base() + "/definitions/" + f.demoDefinitionId();
    std::string original;
    for (int i = 0; original.size() < 4 * 1024 * 1024 + 512 * 1024; ++i)
        original += "row " + std::to_string(i) + " of a large generated data file, text\n";
    for (int file = 0; file < 14; ++file) {
        if (admin
                .put(d + "/files",
                     {{"path", "data/f" + std::to_string(file) + ".txt"}, {"content", original}})
                .status != 200)
            std::abort();
    }
    if (admin.post(d + "/commits", {{"branch", "main"}}).status != 201)
        std::abort();
    std::string edited;
    for (size_t at = 0, i = 0; at < original.size(); ++i) {
        const size_t end = original.find('\n', at) + 1;
        edited += (i % 50 == 0 ? "edited " : "") + original.substr(at, end - at);
        at = end;
    }
    edited.resize(original.size()); // stays under the quota
    for (int file = 0; file < 14; ++file) {
        const auto r = admin.put(d + "/files", {{"path", "data/f" + std::to_string(file) + ".txt"},
                                                {"content", edited}});
        if (r.status != 200)
            std::fprintf(stderr, "save %d: %d %s\n", file, r.status, r.body.c_str());
    }
    std::string answer;
    line = timed(3, [&] {
        const auto r = admin.get(d + "/changes");
        if (r.status != 200)
            std::abort();
        answer = r.body;
    });
    line["answer_bytes"] = answer.size();
    line["truncated"] = json::parse(answer)["truncated"].get<bool>();
    line["draft_files"] = 14;
    line["draft_bytes"] = 14 * original.size();
    bench::report("http_changes_at_draft_quota", line);
    // The same in core, without HTTP and JSON: reads, hashes and diffs.
    const core::Actor actor = f.actor(core::Role::Admin, "ada");
    line = timed(3, [&] {
        if (!f.core().repositories().changes(actor, f.demoDefinitionId()))
            std::abort();
    });
    bench::report("core_changes_at_draft_quota", line);
    // Thirty 4 MiB JSON bodies from three editors at once, with a reader asking for
    // /api/health meanwhile: how long the reader waits, with bodies over 256 KiB handled on job
    // threads (the default) and with every body handled on the server thread (as before). A
    // fresh data directory: the draft above is at its quota.
    test::Fixture fresh;
    const std::string files =
        test::Fixture::base() + "/definitions/" + fresh.demoDefinitionId() + "/files";
    std::vector<std::string> writers;
    for (const char *name : {"wes", "wil", "wyn"})
        writers.push_back(fresh.token(core::Role::Editor, name));
    std::string bigContent;
    while (bigContent.size() < 4 * 1024 * 1024)
        bigContent += "a line of a large file that a tool saves in one request\n";
    auto healthDuringBodies = [&](qsizetype maxInlineBodyBytes) {
        server::HttpLimits limits;
        limits.maxInlineBodyBytes = maxInlineBodyBytes;
        test::ServerThread server(fresh.core(), limits);
        std::atomic<bool> done = false;
        std::atomic<bool> sent = false;
        int saved = 0;
        double allMs = 0;
        std::thread sender([&] {
            std::vector<std::unique_ptr<test::RawConnection>> connections;
            // Every body but its last byte first, then the last bytes together: thirty bodies
            // complete at once, as when many clients send at the same moment.
            for (int i = 0; i < 30; ++i) {
                const std::string body = json{
                    {"path", "data/big-" + std::to_string(i % 3) + ".txt"},
                    {"content", bigContent}}.dump();
                connections.push_back(std::make_unique<test::RawConnection>(server.port()));
                connections.back()->send(
                    "PUT " + files + " HTTP/1.1\r\nHost: b\r\nAuthorization: Bearer " +
                    writers[static_cast<size_t>(i % 3)] +
                    "\r\nContent-Type: application/json\r\nContent-Length: " +
                    std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, body.size() - 1));
            }
            const auto start = bench::Clock::now();
            sent = true;
            for (auto &c : connections)
                c->send("}");
            for (auto &c : connections) {
                const test::HttpResult r = c->readResponse(120000);
                saved += r.status == 200 ? 1 : 0;
                if (r.status != 200)
                    std::fprintf(stderr, "save: %d %s\n", r.status, r.body.c_str());
            }
            allMs = bench::msSince(start);
            done = true;
        });
        test::HttpClient reader(server.port(), writers.front());
        std::vector<double> ms;
        while (!sent)
            std::this_thread::yield();
        while (!done) {
            const auto t = bench::Clock::now();
            if (reader.get("/api/health").status != 200)
                std::abort();
            ms.push_back(bench::msSince(t));
        }
        sender.join();
        // From the moment the last bytes are sent.
        return json{{"bodies", 30},
                    {"body_bytes", bigContent.size()},
                    {"saved", saved},
                    {"all_answered_ms", allMs},
                    {"health_requests", ms.size()},
                    {"health_median_ms", bench::median(ms)},
                    {"health_max_ms", ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end())}};
    };
    bench::report("http_health_during_large_bodies_on_jobs",
                  healthDuringBodies(server::HttpLimits{}.maxInlineBodyBytes));
    bench::report("http_health_during_large_bodies_inline",
                  healthDuringBodies(server::HttpLimits{}.maxBodyBytes));
    return 0;
}
