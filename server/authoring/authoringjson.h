#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/definition/definitionservice.h"
#include "core/workspace/workspaceservice.h"

namespace pw::server {

// The Qarion Pipeline Authoring face's JSON (snake_case), built from core types.
nlohmann::json permissionsJson(const core::WorkspacePermissions &permissions);
nlohmann::json workspaceJson(const core::WorkspaceView &view, const std::string &spaceSlug);
nlohmann::json workspaceAccessJson(const core::WorkspaceView &view);
nlohmann::json settingsJson(const core::UserSettings &settings);
// The definition as serialized text: the cached canonical spec is spliced in, not re-encoded.
std::string definitionText(const core::DefinitionView &view, const std::string &spaceSlug);
nlohmann::json definitionSummaryJson(const core::DefinitionSummary &summary,
                                     const std::string &spaceSlug);
nlohmann::json versionJson(const core::VersionInfo &version);
nlohmann::json comparisonJson(const core::Comparison &comparison);
nlohmann::json edgeJson(const core::Edge &edge);
nlohmann::json nodeListItemJson(const core::Node &node, int upstreamCount, int downstreamCount);

// {"definition": <definition>, "<key>": <value>} without re-encoding the definition.
std::string wrapDefinition(const std::string &definitionText, const char *key,
                           const nlohmann::json &value);

} // namespace pw::server
