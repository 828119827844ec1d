// A bounded, seeded mutation fuzzer over valid bodies of every body-taking route, against a
// real `pipewright serve` child process: whatever the body, the answer is never a 5xx, the
// connection never fails, every error is a JSON error object, and the process lives on.
// PW_FUZZ_SEED and PW_FUZZ_ITERATIONS override the seed and the length of a run.
#include <QTest>

#include <random>
#include <set>

#include "core/app/core.h"
#include "server/http/apiserver.h"
#include "support/fixtures.h"
#include "support/httpclient.h"
#include "support/samplebodies.h"
#include "support/serverprocess.h"

using nlohmann::json;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::SampleRequest;
using pw::test::ServerProcess;

namespace {

class Mutator
{
public:
    explicit Mutator(uint32_t seed) : m_random(seed) {}

    std::string mutate(const json &valid)
    {
        const int kind = pick(10);
        if (kind < 5)
            return structural(valid, 1 + pick(3)).dump();
        std::string text = kind < 8 ? valid.dump() : structural(valid, 1).dump();
        for (int i = 1 + pick(3); i > 0; --i)
            bytes(text);
        return text;
    }

private:
    int pick(int n) { return static_cast<int>(m_random() % static_cast<uint32_t>(n)); }

    json oddValue()
    {
        switch (pick(22)) {
        case 0:
            return nullptr;
        case 1:
            return true;
        case 2:
            return 0;
        case 3:
            return -1;
        case 4:
            return 1.5;
        case 5:
            return 1e308;
        case 6:
            return -1e308;
        case 7:
            return std::numeric_limits<int64_t>::max();
        case 8:
            return std::numeric_limits<int64_t>::min();
        case 9:
            return std::numeric_limits<uint64_t>::max();
        case 10:
            return "";
        case 11:
            return std::string(20000, 'x');
        case 12:
            return std::string("nul\0inside", 10);
        case 13:
            return "ünïcödé ✓ 😀";
        case 14:
            return "../../etc/passwd";
        case 15:
            return json::array();
        case 16:
            return json::object();
        case 17:
            return json::array({1, "two", nullptr, json::object()});
        case 18: {
            json deep = 1;
            for (int i = 0; i < 100 + pick(200); ++i)
                deep = json::array({std::move(deep)});
            return deep;
        }
        case 19: {
            json wide = json::array();
            for (int i = 0; i < 2000; ++i)
                wide.push_back(i);
            return wide;
        }
        case 20:
            return "a->b";
        default:
            return json{{"id", "n" + std::to_string(pick(1000))},
                        {"type", pick(2) ? "empty" : "bash"}};
        }
    }

    // A random value inside `root` (possibly the root).
    json *randomSlot(json &root)
    {
        json *at = &root;
        while (at->is_structured() && !at->empty() && pick(3) != 0) {
            auto it = at->begin();
            std::advance(it, pick(static_cast<int>(at->size())));
            at = &*it;
        }
        return at;
    }

    json structural(json value, int times)
    {
        for (int i = 0; i < times; ++i) {
            json *slot = randomSlot(value);
            switch (pick(5)) {
            case 0:
            case 1:
                *slot = oddValue();
                break;
            case 2:
                if (slot->is_object() && !slot->empty()) {
                    auto it = slot->begin();
                    std::advance(it, pick(static_cast<int>(slot->size())));
                    slot->erase(it);
                } else {
                    *slot = oddValue();
                }
                break;
            case 3:
                if (slot->is_object())
                    (*slot)["unexpected_" + std::to_string(pick(100))] = oddValue();
                else if (slot->is_array())
                    slot->push_back(oddValue());
                else
                    *slot = json::array({*slot});
                break;
            default:
                *slot = json{{"wrapped", *slot}};
                break;
            }
        }
        return value;
    }

    void bytes(std::string &text)
    {
        if (text.empty()) {
            text = "{";
            return;
        }
        const size_t at = static_cast<size_t>(pick(static_cast<int>(text.size())));
        static const char *const inserts[] = {
            "1e999", "-1e999", "[[[[[[[[", "}}}",  "\\ud800", "\"",  "\\",       ",",
            ":",     "null",   "\xff\xfe", "\xc3", "0x10",    "NaN", "Infinity", "/*c*/"};
        switch (pick(7)) {
        case 0:
            text[at] = static_cast<char>(m_random());
            break;
        case 1:
            text.insert(at, 1, static_cast<char>(m_random()));
            break;
        case 2:
            text.erase(at, static_cast<size_t>(1 + pick(16)));
            break;
        case 3:
            text.resize(at);
            break;
        case 4:
            text.insert(at, text.substr(at, static_cast<size_t>(pick(64))));
            break;
        case 5:
            text.insert(at, std::string(1, '\0'));
            break;
        default:
            text.insert(at, inserts[pick(static_cast<int>(std::size(inserts)))]);
            break;
        }
    }

    std::mt19937 m_random;
};

} // namespace

class tst_FuzzBodies : public QObject
{
    Q_OBJECT

private slots:
    void samplesCoverEveryBodyTakingRoute()
    {
        // The fuzzer must start from every route that reads a body; a new one without a sample
        // fails here.
        pw::test::Fixture f;
        pw::server::ApiServer server(f.core());
        std::set<std::string> withBody;
        for (const pw::server::Route &route : server.router().routes()) {
            if (route.body != pw::server::BodyUse::None)
                withBody.insert(route.operationId);
        }
        std::set<std::string> sampled;
        for (const SampleRequest &s : pw::test::sampleRequests("w", "d", "v"))
            sampled.insert(s.operationId);
        QCOMPARE(sampled, withBody);
    }

    void mutatedBodiesNeverBreakTheServer()
    {
        ServerProcess server;
        QVERIFY2(server.started(), server.errors().constData());
        const uint32_t seed = qEnvironmentVariableIsSet("PW_FUZZ_SEED")
                                  ? qEnvironmentVariable("PW_FUZZ_SEED").toUInt()
                                  : 20261129u;
        const int iterations = qEnvironmentVariableIsSet("PW_FUZZ_ITERATIONS")
                                   ? qEnvironmentVariableIntValue("PW_FUZZ_ITERATIONS")
                                   : 15000;
        qInfo("fuzz seed %u, %d iterations (PW_FUZZ_SEED, PW_FUZZ_ITERATIONS)", seed, iterations);
        HttpClient admin(server.port(), server.adminToken());
        HttpClient viewer(server.port(), server.viewerToken());
        const std::string def = ServerProcess::base() + "/definitions/" + server.definitionId();
        const json versions = admin.get(def + "/versions").json();
        const std::vector<SampleRequest> samples = pw::test::sampleRequests(
            server.workspaceId(), server.definitionId(), versions.back()["id"].get<std::string>());

        Mutator mutator(seed);
        std::mt19937 choose(seed ^ 0x9e3779b9u);
        std::map<int, int> statuses;
        for (int i = 0; i < iterations; ++i) {
            const SampleRequest &sample = samples[choose() % samples.size()];
            const std::string body = mutator.mutate(sample.body);
            HttpClient &client = choose() % 4 == 0 ? viewer : admin;
            const HttpResult r = client.request(sample.method, sample.path, body);
            ++statuses[r.status];
            const std::string where = "iteration " + std::to_string(i) + " (seed " +
                                      std::to_string(seed) + "), " + sample.operationId + ": " +
                                      std::to_string(r.status) + " " + r.body.substr(0, 200) +
                                      "\nbody: " + body.substr(0, 300);
            QVERIFY2(r.status != 0, where.c_str());
            QVERIFY2(r.status < 500, where.c_str());
            QVERIFY2(r.header("content-type") == "application/json", where.c_str());
            const json answer = r.json();
            QVERIFY2(!answer.is_discarded(), where.c_str());
            if (r.status >= 400) {
                QVERIFY2(answer.is_object() && answer.contains("error") &&
                             answer["error"]["code"].is_string() &&
                             answer["error"]["message"].is_string() &&
                             answer["error"]["details"].is_object(),
                         where.c_str());
            }
        }
        std::string summary;
        for (const auto &[status, count] : statuses)
            summary += std::to_string(status) + ": " + std::to_string(count) + "  ";
        qInfo("answers by status: %s", summary.c_str());
        // The run reached past the parser: some mutations were valid requests.
        QVERIFY(statuses[200] + statuses[201] > 0);
        QVERIFY(server.alive());
        QCOMPARE(admin.get(ServerProcess::base() + "/workspaces").status, 200);
    }
};

QTEST_GUILESS_MAIN(tst_FuzzBodies)
#include "tst_fuzzbodies.moc"
