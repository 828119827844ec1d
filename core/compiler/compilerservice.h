#pragma once

#include <nlohmann/json.hpp>

#include "../spec/nodecatalog.h"
#include "../spec/problem.h"
#include "../spec/spec.h"

namespace pw::core {

struct ValidationReport
{
    bool valid = true;
    Problems problems;
    nlohmann::json toJson() const;
};

// The node catalog and spec validation for callers that hold a spec outside any definition
// (compile, Airflow / Dagster code generation and jobs come with later work).
class CompilerService
{
public:
    explicit CompilerService(const NodeCatalog &catalog) : m_catalog(catalog) {}

    const NodeCatalog &catalog() const { return m_catalog; }
    ValidationReport validate(const nlohmann::json &spec) const;
    ValidationReport validate(const Spec &spec) const;

private:
    const NodeCatalog &m_catalog;
};

} // namespace pw::core
