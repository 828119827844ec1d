#pragma once

#include <nlohmann/json.hpp>

#include "../spec/nodecatalog.h"
#include "../spec/problem.h"
#include "../spec/spec.h"
#include "codegen.h"

namespace pw::core {

struct ValidationReport
{
    bool valid = true;
    Problems problems;
    nlohmann::json toJson() const;
};

// The node catalog, spec validation and code generation (Airflow, Dagster) as pure functions of
// a spec.
class CompilerService
{
public:
    explicit CompilerService(const NodeCatalog &catalog) : m_catalog(catalog) {}

    const NodeCatalog &catalog() const { return m_catalog; }
    ValidationReport validate(const nlohmann::json &spec) const;
    ValidationReport validate(const Spec &spec) const;
    // Generated code for `target` (airflow | dagster): the spec is validated first, and a spec
    // with errors gives its problems and no files.
    // `definitionId` names the code's files when the spec has no dag_id (dagIdOf).
    CompileResult compile(const Spec &spec, const std::string &target,
                          const std::string &definitionName,
                          std::string_view definitionId = {}) const;

private:
    const NodeCatalog &m_catalog;
};

} // namespace pw::core
