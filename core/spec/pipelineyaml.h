#pragma once

#include <string_view>

#include "../util/error.h"
#include "spec.h"

namespace pw::core {

// A DataFlow pipeline's `yamlDefinition` as a spec. Two shapes are read:
//   - the canonical spec (nodes, edges, deployment, params), as Pipewright writes it;
//   - DataFlow's own: `version: 1`, `source: {connection, ...}`, optional `transforms: [...]`
//     and `filter: {...}`, `target: {connection, ...}` — data-flow steps chained in that order
//     (ids source, transform_1.., filter, target), each step's settings its `config`.
// Anything else is an `invalid` error naming the field.
Result<Spec> specFromPipelineYaml(std::string_view yaml);

} // namespace pw::core
