#include "authoringjson.h"

#include "core/spec/specio.h"

namespace pw::server {

namespace {

nlohmann::json optional(const std::optional<std::string> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

void metadataFields(nlohmann::json &out, const core::DefinitionMetadata &meta)
{
    out["workspace_id"] = meta.workspaceId;
    out["repository_id"] = optional(meta.repositoryId);
    out["name"] = meta.name;
    out["description"] = meta.description;
    out["target"] = meta.target;
}

} // namespace

nlohmann::json permissionsJson(const core::WorkspacePermissions &p)
{
    return {{"view", p.view}, {"manage", p.manage}, {"administer", p.administer}};
}

nlohmann::json workspaceJson(const core::WorkspaceView &view, const std::string &spaceSlug)
{
    const core::Workspace &w = *view.workspace;
    return {{"id", w.id},
            {"space_slug", spaceSlug},
            {"name", w.name},
            {"description", w.description},
            {"default_repository_id", optional(w.defaultRepositoryId)},
            {"owner_user_id", w.ownerUserId},
            {"visibility", std::string(core::visibilityName(w.visibility))},
            {"authoring_query_connector_ids", w.queryConnectorIds},
            {"customization", w.customization},
            {"archived_at", optional(w.archivedAt)},
            {"created_at", w.createdAt},
            {"updated_at", w.updatedAt},
            {"effective_permissions", permissionsJson(view.permissions)}};
}

nlohmann::json workspaceAccessJson(const core::WorkspaceView &view)
{
    const core::Workspace &w = *view.workspace;
    nlohmann::json grants = nlohmann::json::array();
    for (const auto &[userId, access] : w.grants)
        grants.push_back(
            {{"user_id", userId}, {"access", std::string(core::grantAccessName(access))}});
    return {{"workspace_id", w.id},
            {"visibility", std::string(core::visibilityName(w.visibility))},
            {"owner_user_id", w.ownerUserId},
            {"grants", std::move(grants)},
            {"effective_permissions", permissionsJson(view.permissions)}};
}

nlohmann::json settingsJson(const core::UserSettings &settings)
{
    return {{"default_repository_id", optional(settings.defaultRepositoryId)},
            {"updated_at",
             settings.updatedAt.empty() ? nlohmann::json() : nlohmann::json(settings.updatedAt)}};
}

std::string definitionText(const core::DefinitionView &view, const std::string &spaceSlug)
{
    const core::Definition &d = *view.definition;
    nlohmann::json head = {{"id", d.id}, {"space_slug", spaceSlug}};
    metadataFields(head, d.meta);
    head["status"] = d.status;
    head["current_version"] = d.currentVersion;
    head["version_count"] = d.currentVersion; // versions are numbered 1..n without gaps
    head["node_count"] = d.spec.nodes.size();
    head["edge_count"] = d.spec.edges.size();
    head["archived_at"] = optional(d.archivedAt);
    head["created_by"] = d.createdBy;
    head["updated_by"] = d.updatedBy;
    head["created_at"] = d.createdAt;
    head["updated_at"] = d.updatedAt;
    head["effective_permissions"] = permissionsJson(view.permissions);
    std::string out = head.dump();
    out.pop_back(); // reopen the object to append the cached spec text
    out.append(",\"spec\":");
    out.append(d.specJson);
    out.push_back('}');
    return out;
}

nlohmann::json definitionSummaryJson(const core::DefinitionSummary &s, const std::string &spaceSlug)
{
    nlohmann::json out = {{"id", s.id}, {"space_slug", spaceSlug}};
    metadataFields(out, s.meta);
    out["status"] = s.status;
    out["current_version"] = s.currentVersion;
    out["version_count"] = s.currentVersion;
    out["node_count"] = s.nodeCount;
    out["archived_at"] = optional(s.archivedAt);
    out["created_by"] = s.createdBy;
    out["updated_by"] = s.updatedBy;
    out["created_at"] = s.createdAt;
    out["updated_at"] = s.updatedAt;
    out["effective_permissions"] = permissionsJson(s.permissions);
    return out;
}

nlohmann::json versionJson(const core::VersionInfo &v)
{
    nlohmann::json out = {{"id", v.id}, {"definition_id", v.definitionId}, {"number", v.number}};
    metadataFields(out, v.meta);
    out["change_summary"] = v.changeSummary;
    out["author_user_id"] = v.authorUserId;
    out["author_name"] = v.authorName;
    out["created_at"] = v.createdAt;
    return out;
}

nlohmann::json edgeJson(const core::Edge &edge)
{
    return {{"id", edge.id()}, {"upstream", edge.upstream}, {"downstream", edge.downstream}};
}

nlohmann::json comparisonJson(const core::Comparison &c)
{
    auto changes = [](const std::vector<core::ValueChange> &list) {
        nlohmann::json out = nlohmann::json::array();
        for (const core::ValueChange &v : list)
            out.push_back({{"key", v.key}, {"from", v.from}, {"to", v.to}});
        return out;
    };
    nlohmann::json changed = nlohmann::json::array();
    for (const core::NodeChange &n : c.spec.nodesChanged)
        changed.push_back({{"id", n.id}, {"fields", n.fields}});
    nlohmann::json added = nlohmann::json::array();
    for (const core::Edge &e : c.spec.edgesAdded)
        added.push_back(edgeJson(e));
    nlohmann::json removed = nlohmann::json::array();
    for (const core::Edge &e : c.spec.edgesRemoved)
        removed.push_back(edgeJson(e));
    nlohmann::json metadata = nlohmann::json::array();
    for (const core::MetadataChange &m : c.metadata)
        metadata.push_back({{"field", m.field}, {"from", m.from}, {"to", m.to}});
    return {{"definition_id", c.from.definitionId},
            {"from_version", {{"id", c.from.id}, {"number", c.from.number}}},
            {"to_version",
             c.to ? nlohmann::json{{"id", c.to->id}, {"number", c.to->number}}
                  : nlohmann::json{{"id", nullptr}, {"number", c.toNumber}, {"current", true}}},
            {"has_changes", !c.spec.empty() || !c.metadata.empty()},
            {"nodes",
             {{"added", c.spec.nodesAdded},
              {"removed", c.spec.nodesRemoved},
              {"changed", std::move(changed)}}},
            {"dependencies", {{"added", std::move(added)}, {"removed", std::move(removed)}}},
            {"deployment", changes(c.spec.deployment)},
            {"params", changes(c.spec.params)},
            {"other", changes(c.spec.other)},
            {"metadata", std::move(metadata)},
            {"text_diff", c.unifiedDiff},
            {"text_diff_truncated", c.textOmitted || c.textDiffTruncated}};
}

nlohmann::json nodeListItemJson(const core::Node &node, int upstreamCount, int downstreamCount)
{
    nlohmann::json out = core::nodeToJson(node);
    out["upstream_count"] = upstreamCount;
    out["downstream_count"] = downstreamCount;
    return out;
}

std::string wrapDefinition(const std::string &definitionText, const char *key,
                           const nlohmann::json &value)
{
    std::string out = "{\"definition\":";
    out.append(definitionText);
    if (key) {
        out.append(",\"");
        out.append(key);
        out.append("\":");
        out.append(value.dump());
    }
    out.push_back('}');
    return out;
}

} // namespace pw::server
