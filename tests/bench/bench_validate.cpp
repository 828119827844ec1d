// Validation speed of a 10,000-node / 15,000-edge spec. Prints JSON lines; asserts nothing.
#include <QCoreApplication>

#include "benchutil.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/specio.h"
#include "core/spec/specvalidator.h"

using namespace pw;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const int nodes = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int edges = argc > 2 ? std::atoi(argv[2]) : 15000;
    const int runs = 50;
    const nlohmann::json source = bench::randomDagSpec(nodes, edges);
    const std::string text = source.dump();
    const core::NodeCatalog &catalog = core::NodeCatalog::builtin();
    const core::Spec spec = core::readSpec(source).spec;
    if (core::hasErrors(core::validateSpec(spec, catalog))) {
        std::fprintf(stderr, "the generated spec does not validate\n");
        return 1;
    }

    std::vector<double> validate, readValidate, parseReadValidate, serialize;
    for (int i = 0; i < runs; ++i) {
        auto t = bench::Clock::now();
        const core::Problems p = core::validateSpec(spec, catalog);
        validate.push_back(bench::msSince(t));

        t = bench::Clock::now();
        const core::Problems q = core::validateSpecJson(source, catalog);
        readValidate.push_back(bench::msSince(t));

        t = bench::Clock::now();
        const core::Problems r = core::validateSpecJson(nlohmann::json::parse(text), catalog);
        parseReadValidate.push_back(bench::msSince(t));

        t = bench::Clock::now();
        const std::string out = core::specToText(spec);
        serialize.push_back(bench::msSince(t));
        if (p.size() + q.size() + r.size() + out.size() == 0)
            return 2; // keeps the work observable
    }
    const nlohmann::json shape = {
        {"nodes", nodes}, {"edges", edges}, {"runs", runs}, {"spec_bytes", text.size()}};
    auto line = [&](const char *name, const std::vector<double> &v) {
        nlohmann::json f = shape;
        f["median_ms"] = bench::median(v);
        f["min_ms"] = *std::min_element(v.begin(), v.end());
        bench::report(name, f);
    };
    line("validate_spec_model", validate);
    line("validate_spec_json_read_and_validate", readValidate);
    line("validate_spec_text_parse_read_validate", parseReadValidate);
    line("spec_canonical_serialize", serialize);
    return 0;
}
