#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../spec/nodecatalog.h"
#include "../spec/problem.h"
#include "../spec/spec.h"
#include "../spec/specdiff.h"
#include "../spec/specio.h"
#include "../store/store.h"
#include "../util/page.h"
#include "graphedit.h"

namespace pw::core {

class WorkspaceService;

bool isValidTarget(std::string_view target);

// What a version snapshots besides the spec.
struct DefinitionMetadata
{
    std::string name;
    std::string description;
    std::string target = "airflow"; // airflow | dagster
    std::string workspaceId;
    std::optional<std::string> repositoryId;

    bool operator==(const DefinitionMetadata &) const = default;
    nlohmann::json toJson() const;
    static DefinitionMetadata fromJson(const nlohmann::json &json);
};

// One definition as stored now. Immutable once built: a mutation makes a new one.
struct Definition
{
    std::string id;
    std::string spaceId;
    DefinitionMetadata meta;
    std::string status = "draft";
    int currentVersion = 0;
    std::optional<std::string> archivedAt;
    std::string createdBy;
    std::string updatedBy;
    std::string createdAt;
    std::string updatedAt;
    Spec spec;            // with positions
    std::string specJson; // canonical compact JSON of `spec`, positions included
    std::vector<std::shared_ptr<const std::string>> nodeTexts; // per node, for the next edit
};
using DefinitionPtr = std::shared_ptr<const Definition>;

struct DefinitionView
{
    DefinitionPtr definition;
    WorkspacePermissions permissions;
};

struct DefinitionSummary
{
    std::string id;
    DefinitionMetadata meta;
    std::string status;
    int currentVersion = 0;
    int nodeCount = 0;
    std::optional<std::string> archivedAt;
    std::string createdBy;
    std::string updatedBy;
    std::string createdAt;
    std::string updatedAt;
    WorkspacePermissions permissions;
};

struct VersionInfo
{
    std::string id;
    std::string definitionId;
    int number = 0;
    DefinitionMetadata meta;
    std::string changeSummary;
    std::string authorUserId;
    std::string authorName;
    std::string createdAt;
};

struct VersionDetail
{
    VersionInfo info;
    Spec spec; // never has positions
};

struct DefinitionQuery
{
    std::optional<std::string> workspaceId;
    std::string text;
    bool includeArchived = false;
    PageRequest page;
};

struct DefinitionCreate
{
    DefinitionMetadata meta;
    Spec spec;
    std::string changeSummary;
};

struct DefinitionPatch
{
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::string> target;
    std::optional<std::string> workspaceId;
    std::optional<std::optional<std::string>> repositoryId;
    std::optional<Spec> spec;
    std::string changeSummary;
};

// A graph edit's outcome: the definition after it, and the edit that undoes it.
struct GraphEditResult : DefinitionView
{
    GraphEdit inverse;
};

struct MetadataChange
{
    std::string field;
    nlohmann::json from;
    nlohmann::json to;
};

struct Comparison
{
    VersionInfo from;
    std::optional<VersionInfo> to; // empty: the current definition
    int toNumber = 0;
    SpecComparison spec;
    std::vector<MetadataChange> metadata;
    std::string fromText; // canonical pretty JSON without positions
    std::string toText;
    std::string unifiedDiff;
    // Either text is over kMaxCompareTextBytes: both texts and the diff are left empty.
    bool textOmitted = false;
    // The diff is over kMaxTextDiffBytes and was cut at a line end.
    bool textDiffTruncated = false;
};

// Definitions, their append-only versions and every change to a graph. Each mutation checks
// permission, validates the whole resulting spec, and writes the change, exactly one new
// version (when content changed) and one audit event in one transaction; then it emits a
// change event. Nothing is written when a step fails.
class DefinitionService
{
public:
    DefinitionService(Store &store, WorkspaceService &workspaces, const NodeCatalog &catalog);

    Result<Page<DefinitionSummary>> list(const Actor &actor, const DefinitionQuery &query);
    Result<DefinitionView> get(const Actor &actor, const std::string &id);
    // The definition when `actor` may change it: visible, manage access, not archived (the rule
    // every change to a definition or its draft files passes).
    Result<DefinitionView> manageable(const Actor &actor, const std::string &id);
    Result<DefinitionView> create(const Actor &actor, DefinitionCreate input);
    // Takes the patch by value: a replaced spec is moved into the new version, not copied.
    Result<DefinitionView> update(const Actor &actor, const std::string &id, DefinitionPatch patch);
    Result<DefinitionView> archive(const Actor &actor, const std::string &id);
    // Marks a definition published (status, no new version), with what was published.
    Result<DefinitionView> markPublished(const Actor &actor, const std::string &id,
                                         nlohmann::json details);
    // Deletes a definition with its versions, draft files and runs (manage access; archived
    // ones too). Callers with more to refuse first (a run still going) ask RunService.
    Status remove(const Actor &actor, const std::string &id);

    // One version. The result carries the edit that undoes it, computed inside the write from
    // the spec the edit applied to.
    Result<GraphEditResult> editGraph(const Actor &actor, const std::string &id,
                                      const GraphEdit &edit, std::string changeSummary);
    // Moves nodes. Layout only: no version, never a change in a diff.
    Result<DefinitionView>
    setPositions(const Actor &actor, const std::string &id,
                 const std::vector<std::pair<std::string, Position>> &positions);

    Result<Page<VersionInfo>> versions(const Actor &actor, const std::string &id, PageRequest page);
    Result<VersionDetail> version(const Actor &actor, const std::string &id,
                                  const std::string &versionId);
    Result<VersionDetail> versionByNumber(const Actor &actor, const std::string &id, int number);
    // Compares a saved version with another saved version, or with the current definition. The
    // texts (and the unified diff) are canonical pretty JSON, or YAML as the window shows
    // specs; either way nodes and edges are in one order, so order alone is never a change.
    enum class CompareText
    {
        Json,
        Yaml
    };
    Result<Comparison> compare(const Actor &actor, const std::string &id,
                               const std::string &versionId,
                               const std::optional<std::string> &otherVersionId,
                               CompareText format = CompareText::Json);
    // Appends a version equal in spec, name, description and target to `versionId`.
    Result<DefinitionView> restore(const Actor &actor, const std::string &id,
                                   const std::string &versionId, std::string changeSummary);

    // Validation problems of a spec against this service's catalog.
    Problems validate(const Spec &spec) const;
    const NodeCatalog &catalog() const { return m_catalog; }

    // Drops cached definitions (tests and benchmarks use it to measure cold reads).
    void clearCache();

private:
    struct Change
    {
        std::optional<Spec> spec;
        std::optional<DefinitionMetadata> meta;
        std::vector<std::pair<std::string, Position>> positions;
        nlohmann::json auditDetails = nlohmann::json::object();
    };
    using ChangeBuilder = std::function<Result<Change>(const Definition &current)>;

    Result<DefinitionView> mutate(const Actor &actor, const std::string &id, const char *action,
                                  std::string changeSummary, const ChangeBuilder &build);
    Result<DefinitionPtr> load(const std::string &id);
    Result<DefinitionPtr> loadFrom(Database &db, const std::string &id);
    Result<DefinitionView> visible(const Actor &actor, const std::string &id);
    Result<VersionDetail> loadVersion(Database &db, const std::string &definitionId,
                                      const std::string *versionId, int number);
    void remember(const DefinitionPtr &definition);
    // The named steps of mutate.
    class PreviousNodes;
    Result<DefinitionPtr> currentForWrite(Database &db, const std::string &id,
                                          const DefinitionPtr &cached);
    Result<std::vector<const Node *>>
    settlePositions(Database &db, const std::string &id, PreviousNodes &previous, Spec &next,
                    const std::vector<std::pair<std::string, Position>> &moves);
    static SpecTexts textsFor(const Definition &current, PreviousNodes &previous, const Spec &next);
    static void insertVersion(Database &db, const Definition &definition,
                              const std::string &specText, const std::string &changeSummary,
                              const std::string &authorId, const std::string &at);
    static void savePositions(Database &db, const std::string &id,
                              const std::vector<const Node *> &nodes);
    static VersionInfo versionInfoFrom(const Statement &q, const std::string &definitionId);
    // Ends every definition write: its audit event, the new definition cached after commit (under
    // the write lock), its change event.
    void record(WriteTx &tx, const DefinitionPtr &definition, const AuditEvent &event);

    Store &m_store;
    WorkspaceService &m_workspaces;
    const NodeCatalog &m_catalog;

    std::mutex m_cacheMutex;
    std::unordered_map<std::string, DefinitionPtr> m_cache;
    uint64_t m_generation = 0;
};

} // namespace pw::core
