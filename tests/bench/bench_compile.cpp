// Code generation speed: a 5,000-node / 7,500-edge spec compiled for Airflow and for Dagster
// (validation included, as the compile route does it). Prints JSON lines; asserts nothing.
#include <QCoreApplication>

#include "benchutil.h"
#include "core/compiler/compilerservice.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/specio.h"

using namespace pw;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int nodes = argc > 1 ? std::atoi(argv[1]) : 5000;
    const core::Spec spec = core::readSpec(bench::randomDagSpec(nodes, nodes * 3 / 2)).spec;
    core::CompilerService compiler(core::NodeCatalog::builtin());
    for (const char *target : {"airflow", "dagster"}) {
        std::vector<double> runs;
        size_t bytes = 0;
        for (int i = 0; i < 15; ++i) {
            const auto t = bench::Clock::now();
            const core::CompileResult result = compiler.compile(spec, target, "Bench");
            runs.push_back(bench::msSince(t));
            if (result.files.empty()) {
                std::fprintf(stderr, "compile failed\n");
                return 1;
            }
            bytes = result.files.front().content.size();
        }
        bench::report(std::string("compile_") + target,
                      {{"nodes", nodes}, {"bytes", bytes}, {"median_ms", bench::median(runs)}});
    }
    return 0;
}
