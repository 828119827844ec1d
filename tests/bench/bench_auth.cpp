// What authenticating a request costs in core (AccessService::authenticate): a token the
// process has cached (every request after a client's first), one it has not (the first), and
// a last-use record when its minute has passed. Prints JSON lines; asserts nothing.
#include <QCoreApplication>
#include <QTemporaryDir>

#include "benchutil.h"
#include "core/app/core.h"

using namespace pw;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir dir;
    auto opened = core::Core::open(dir.path().toStdString());
    if (!opened) {
        std::fprintf(stderr, "cannot open a data directory: %s\n", opened.error().message.c_str());
        return 1;
    }
    core::AccessService &access = (*opened)->access();
    auto created = access.createToken("default", "bench", core::Role::Admin, "bench");
    if (!created || !access.authenticate(created->token)) {
        std::fprintf(stderr, "cannot create a token\n");
        return 1;
    }

    // Cached: the path of every request but a client's first.
    const int calls = 200'000;
    std::vector<double> perCallUs;
    for (int round = 0; round < 7; ++round) {
        const auto t = bench::Clock::now();
        for (int i = 0; i < calls; ++i) {
            if (!access.authenticate(created->token))
                return 1;
        }
        perCallUs.push_back(bench::msSince(t) * 1000.0 / calls);
    }
    bench::report("authenticate_cached",
                  {{"calls", calls}, {"us_per_call", bench::median(perCallUs)}});

    // Uncached: the first request of a token the process has not seen.
    std::vector<std::string> secrets;
    for (int i = 0; i < 2000; ++i)
        secrets.push_back(access.issueToken(created->userId, "bench " + std::to_string(i))->token);
    auto t = bench::Clock::now();
    for (const std::string &secret : secrets) {
        if (!access.authenticate(secret))
            return 1;
    }
    bench::report(
        "authenticate_first_use",
        {{"calls", secrets.size()},
         {"us_per_call", bench::msSince(t) * 1000.0 / static_cast<double>(secrets.size())}});

    // A last use to record: once a minute per token (the clock is moved on between calls).
    auto clock =
        std::make_shared<std::chrono::system_clock::time_point>(std::chrono::system_clock::now());
    access.setClockForTest([clock] { return *clock; });
    std::vector<double> touchUs;
    for (int i = 0; i < 300; ++i) {
        *clock += std::chrono::seconds(61);
        const auto start = bench::Clock::now();
        if (!access.authenticate(created->token))
            return 1;
        touchUs.push_back(bench::msSince(start) * 1000.0);
    }
    bench::report("authenticate_recording_last_use",
                  {{"calls", touchUs.size()}, {"us_per_call_median", bench::median(touchUs)}});
    return 0;
}
