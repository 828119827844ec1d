#include "compilerservice.h"

#include "../spec/specvalidator.h"

namespace pw::core {

nlohmann::json ValidationReport::toJson() const
{
    int errors = 0;
    int warnings = 0;
    for (const Problem &p : problems)
        (p.isError() ? errors : warnings)++;
    return {{"valid", valid},
            {"error_count", errors},
            {"warning_count", warnings},
            {"problems", problemsToJson(problems)}};
}

ValidationReport CompilerService::validate(const nlohmann::json &spec) const
{
    ValidationReport report;
    report.problems = validateSpecJson(spec, m_catalog);
    report.valid = !hasErrors(report.problems);
    return report;
}

ValidationReport CompilerService::validate(const Spec &spec) const
{
    ValidationReport report;
    report.problems = validateSpec(spec, m_catalog);
    report.valid = !hasErrors(report.problems);
    return report;
}

CompileResult CompilerService::compile(const Spec &spec, const std::string &target,
                                       const std::string &definitionName,
                                       std::string_view definitionId) const
{
    CompileResult result;
    result.problems = validateSpec(spec, m_catalog);
    if (hasErrors(result.problems))
        return result;
    Problems problems = std::move(result.problems);
    result = target == "dagster" ? compileDagster(spec, definitionName, definitionId)
                                 : compileAirflow(spec, definitionName, definitionId);
    result.problems = std::move(problems);
    return result;
}

} // namespace pw::core
