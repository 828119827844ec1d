#pragma once

#include <nlohmann/json.hpp>

#include "nodecatalog.h"
#include "problem.h"
#include "spec.h"

namespace pw::core {

// Total validation of a PipelineAuthoringSpec: every input gives a list of problems (empty when
// valid) and never fails. Linear in nodes + edges.
Problems validateSpec(const Spec &spec, const NodeCatalog &catalog);
// deployment.dag_id's rule: 1 to 250 letters, digits, '_', '-' or '.'.
bool isValidDagId(std::string_view id);

// Reads then validates a JSON spec; the read spec is stored in `out` when given.
Problems validateSpecJson(const nlohmann::json &source, const NodeCatalog &catalog,
                          Spec *out = nullptr);

} // namespace pw::core
