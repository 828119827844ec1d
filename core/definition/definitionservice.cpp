#include "definitionservice.h"

#include <cctype>
#include <unordered_set>

#include "../layout/placement.h"
#include "../registry/registry.h"
#include "../spec/specio.h"
#include "../spec/specvalidator.h"
#include "../util/ids.h"
#include "../util/jsonread.h"
#include "../util/text.h"
#include "../util/textdiff.h"
#include "../workspace/workspaceservice.h"
#include "changesummary.h"

namespace pw::core {

namespace {

constexpr size_t kCacheLimit = 256;
constexpr size_t kMaxDescription = 10000;
constexpr size_t kMaxSummary = 2000;

Error definitionNotFound(const std::string &id)
{
    return Error::notFound("definition '" + id + "' was not found");
}

Status checkMetadata(const DefinitionMetadata &meta)
{
    if (!isValidName(meta.name))
        return fail(Error::invalid("the name must be 1 to 200 characters and not blank", "name"));
    if (meta.description.size() > kMaxDescription)
        return fail(
            Error::invalid("the description is longer than 10000 characters", "description"));
    if (!isValidTarget(meta.target))
        return fail(Error::invalid("target must be 'airflow' or 'dagster'", "target"));
    return {};
}

Status checkSummary(const std::string &summary)
{
    if (summary.size() > kMaxSummary)
        return fail(
            Error::invalid("change_summary is longer than 2000 characters", "change_summary"));
    return {};
}

// A spec over kMaxSpecBytes is refused, so repeated edits cannot grow a definition without
// bound (a request body alone is capped by the transport).
Status checkSpecSize(const SpecTexts &texts)
{
    const size_t size = texts.withoutPositions.size();
    if (size <= kMaxSpecBytes)
        return {};
    Error e = Error::unprocessable("the resulting spec is " + std::to_string(size) +
                                   " bytes; a definition stores at most " +
                                   std::to_string(kMaxSpecBytes) + " bytes of spec");
    e.details["bytes"] = size;
    e.details["max_bytes"] = kMaxSpecBytes;
    return fail(std::move(e));
}

// Gives every node without a position one (core/layout/placement), so the API, the window and
// every other face see a new node in the same place. Returns the nodes it placed.
std::vector<Node *> placeMissing(Spec &spec)
{
    std::vector<Node *> placed;
    const auto positions = placeUnpositioned(spec);
    if (positions.empty())
        return placed;
    // Only nodes without a position are placed, and they are few next to the graph.
    std::unordered_map<std::string_view, Position> at(positions.begin(), positions.end());
    for (Node &n : spec.nodes) {
        if (n.position)
            continue;
        if (auto it = at.find(n.id); it != at.end()) {
            n.position = it->second;
            placed.push_back(&n);
        }
    }
    return placed;
}

Error invalidSpec(const Problems &problems)
{
    size_t errors = 0;
    for (const Problem &p : problems)
        errors += p.isError() ? 1 : 0;
    const Problem *first = nullptr;
    for (const Problem &p : problems) {
        if (p.isError()) {
            first = &p;
            break;
        }
    }
    std::string message = "the resulting spec is not valid";
    if (first)
        message += ": " + first->message +
                   (errors > 1 ? " (and " + std::to_string(errors - 1) + " more)" : "");
    return Error::unprocessable(std::move(message), {{"problems", problemsToJson(problems)}});
}

nlohmann::json optionalJson(const std::optional<std::string> &value)
{
    return value ? nlohmann::json(*value) : nlohmann::json();
}

std::string describeEdit(const GraphEdit &edit)
{
    using Kind = SummaryPart::Kind;
    std::vector<SummaryPart> parts;
    auto count = [](size_t n) { return std::vector<std::string>{std::to_string(n)}; };
    if (edit.addNodes.size() == 1)
        parts.push_back({Kind::AddNode, {edit.addNodes.front().id}});
    else if (!edit.addNodes.empty())
        parts.push_back({Kind::AddNodes, count(edit.addNodes.size())});
    if (edit.removeNodes.size() == 1)
        parts.push_back({Kind::RemoveNode, {edit.removeNodes.front()}});
    else if (!edit.removeNodes.empty())
        parts.push_back({Kind::RemoveNodes, count(edit.removeNodes.size())});
    if (edit.updateNodes.size() == 1)
        parts.push_back({Kind::UpdateNode, {edit.updateNodes.front().nodeId}});
    else if (!edit.updateNodes.empty())
        parts.push_back({Kind::UpdateNodes, count(edit.updateNodes.size())});
    if (edit.addEdges.size() == 1 && edit.addNodes.empty())
        parts.push_back({Kind::AddDependency,
                         {edit.addEdges.front().upstream, edit.addEdges.front().downstream}});
    else if (!edit.addEdges.empty())
        parts.push_back({Kind::AddDependencies, count(edit.addEdges.size())});
    if (edit.removeEdges.size() == 1)
        parts.push_back({Kind::RemoveDependency,
                         {edit.removeEdges.front().upstream, edit.removeEdges.front().downstream}});
    else if (!edit.removeEdges.empty())
        parts.push_back({Kind::RemoveDependencies, count(edit.removeEdges.size())});
    if (edit.replaceEdges)
        parts.push_back({Kind::ReplaceDependencies, {}});
    return changeSummaryText(parts);
}

} // namespace

bool isValidTarget(std::string_view target)
{
    return target == "airflow" || target == "dagster";
}

nlohmann::json DefinitionMetadata::toJson() const
{
    return {{"name", name},
            {"description", description},
            {"target", target},
            {"workspace_id", workspaceId},
            {"repository_id", optionalJson(repositoryId)}};
}

DefinitionMetadata DefinitionMetadata::fromJson(const nlohmann::json &json)
{
    DefinitionMetadata meta;
    meta.name = stringMember(json, "name");
    meta.description = stringMember(json, "description");
    meta.target = stringMember(json, "target", "airflow");
    meta.workspaceId = stringMember(json, "workspace_id");
    if (json.is_object()) {
        if (const auto it = json.find("repository_id"); it != json.end() && it->is_string())
            meta.repositoryId = it->get<std::string>();
    }
    return meta;
}

DefinitionService::DefinitionService(Store &store, WorkspaceService &workspaces,
                                     const NodeCatalog &catalog)
    : m_store(store), m_workspaces(workspaces), m_catalog(catalog)
{
}

Problems DefinitionService::validate(const Spec &spec) const
{
    return validateSpec(spec, m_catalog);
}

void DefinitionService::clearCache()
{
    std::lock_guard lock(m_cacheMutex);
    ++m_generation;
    m_cache.clear();
}

void DefinitionService::record(WriteTx &tx, const DefinitionPtr &definition,
                               const AuditEvent &event)
{
    // Under the write lock, after COMMIT: no other write's cache update can come between.
    tx.afterCommit([this, definition] { remember(definition); });
    tx.record(event, definition->currentVersion);
}

void DefinitionService::remember(const DefinitionPtr &definition)
{
    std::lock_guard lock(m_cacheMutex);
    ++m_generation;
    if (m_cache.size() >= kCacheLimit && !m_cache.contains(definition->id))
        m_cache.clear();
    m_cache[definition->id] = definition;
}

Result<DefinitionPtr> DefinitionService::loadFrom(Database &db, const std::string &id)
{
    auto def = std::make_shared<Definition>();
    {
        auto q = db.cached(
            "SELECT d.id, d.space_id, d.workspace_id, d.repository_id, d.name, d.description, "
            "d.target, d.status, d.current_version, d.archived_at, d.created_by, d.updated_by, "
            "d.created_at, d.updated_at, v.spec FROM definitions d JOIN definition_versions v "
            "ON v.definition_id = d.id AND v.number = d.current_version WHERE d.id = ?");
        q->bind(1, id);
        if (!q->step())
            return fail(definitionNotFound(id));
        def->id = q->text(0);
        def->spaceId = q->text(1);
        def->meta.workspaceId = q->text(2);
        def->meta.repositoryId = q->optionalText(3);
        def->meta.name = q->text(4);
        def->meta.description = q->text(5);
        def->meta.target = q->text(6);
        def->status = q->text(7);
        def->currentVersion = static_cast<int>(q->integer(8));
        def->archivedAt = q->optionalText(9);
        def->createdBy = q->text(10);
        def->updatedBy = q->text(11);
        def->createdAt = q->text(12);
        def->updatedAt = q->text(13);
        const auto parsed = nlohmann::json::parse(q->textView(14), nullptr, false);
        if (parsed.is_discarded())
            return fail(
                Error::internal("the stored spec of definition " + id + " is not valid JSON"));
        def->spec = readSpec(parsed).spec;
    }
    std::unordered_map<std::string_view, Node *> byId;
    byId.reserve(def->spec.nodes.size() * 2);
    for (Node &n : def->spec.nodes)
        byId.emplace(n.id, &n);
    auto q = db.cached("SELECT node_id, x, y FROM node_positions WHERE definition_id = ?");
    q->bind(1, id);
    while (q->step()) {
        if (auto it = byId.find(q->textView(0)); it != byId.end())
            it->second->position = Position{q->real(1), q->real(2)};
    }
    // Nodes stored without a position by an older version are placed the same way on every
    // read (the placement is deterministic) until someone moves them.
    placeMissing(def->spec);
    SpecTexts texts = specTexts(def->spec);
    def->specJson = std::move(texts.withPositions);
    def->nodeTexts = std::move(texts.nodeTexts);
    return DefinitionPtr(std::move(def));
}

Result<DefinitionPtr> DefinitionService::load(const std::string &id)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_cacheMutex);
        if (auto it = m_cache.find(id); it != m_cache.end())
            return it->second;
        generation = m_generation;
    }
    auto loaded = m_store.read([&](Database &db) { return loadFrom(db, id); });
    if (!loaded)
        return loaded;
    std::lock_guard lock(m_cacheMutex);
    // Only fill the cache when no writer stored a newer definition meanwhile.
    if (generation == m_generation) {
        if (m_cache.size() >= kCacheLimit)
            m_cache.clear();
        m_cache.try_emplace(id, *loaded);
    }
    return loaded;
}

Result<DefinitionView> DefinitionService::visible(const Actor &actor, const std::string &id)
{
    auto def = load(id);
    if (!def) {
        if (def.error().code == ErrorCode::NotFound)
            return fail(definitionNotFound(id));
        return fail(def.error());
    }
    if ((*def)->spaceId != actor.spaceId)
        return fail(definitionNotFound(id));
    auto workspace = m_workspaces.requireVisible(actor, (*def)->meta.workspaceId);
    if (!workspace) {
        if (workspace.error().code == ErrorCode::NotFound)
            return fail(definitionNotFound(id));
        return fail(workspace.error());
    }
    return DefinitionView{*def, workspace->permissions};
}

Result<DefinitionView> DefinitionService::manageable(const Actor &actor, const std::string &id)
{
    auto view = visible(actor, id);
    if (!view)
        return view;
    if (!view->permissions.manage)
        return fail(
            Error::forbidden("you cannot change definition '" + view->definition->meta.name + "'"));
    if (view->definition->archivedAt)
        return fail(
            Error::conflict("definition '" + view->definition->meta.name + "' is archived"));
    auto workspace = m_workspaces.requireManaged(actor, view->definition->meta.workspaceId);
    if (!workspace)
        return fail(workspace.error());
    return view;
}

Result<DefinitionView> DefinitionService::get(const Actor &actor, const std::string &id)
{
    return visible(actor, id);
}

Result<Page<DefinitionSummary>> DefinitionService::list(const Actor &actor,
                                                        const DefinitionQuery &query)
{
    auto ids = m_workspaces.visibleIds(actor, true);
    if (!ids)
        return fail(ids.error());
    std::unordered_map<std::string, WorkspacePermissions> perms;
    for (const std::string &wid : *ids) {
        if (auto view = m_workspaces.requireVisible(actor, wid))
            perms[wid] = view->permissions;
    }
    if (query.workspaceId && !perms.contains(*query.workspaceId))
        return fail(Error::notFound("workspace '" + *query.workspaceId + "' was not found"));
    nlohmann::json visibleIds = nlohmann::json::array();
    for (const auto &[wid, p] : perms) {
        if (!query.workspaceId || *query.workspaceId == wid)
            visibleIds.push_back(wid);
    }
    const std::string text(trimmed(query.text));
    if (auto ok = checkSearchText(text); !ok)
        return fail(ok.error());
    return m_store.read([&](Database &db) -> Result<Page<DefinitionSummary>> {
        // The visibility rule lives in WorkspaceService; SQL only filters by its answer.
        constexpr const char *where =
            " FROM definitions WHERE space_id = ?1 AND workspace_id IN (SELECT value FROM "
            "json_each(?2))"
            " AND (?3 OR archived_at IS NULL)"
            " AND (?4 = '' OR name LIKE ?5 ESCAPE '\\' OR description LIKE ?5 ESCAPE '\\')";
        Page<DefinitionSummary> page;
        const std::string idList = visibleIds.dump();
        const std::string pattern = likePattern(text);
        {
            static const std::string sql = std::string("SELECT COUNT(*)") + where;
            auto q = db.cached(sql.c_str());
            q->bind(1, actor.spaceId)
                .bind(2, idList)
                .bind(3, query.includeArchived ? 1 : 0)
                .bind(4, text)
                .bind(5, pattern);
            page.total = q->step() ? q->integer(0) : 0;
        }
        static const std::string sql =
            std::string("SELECT id, workspace_id, repository_id, name, description, target, "
                        "status, current_version, "
                        "node_count, archived_at, created_by, updated_by, created_at, updated_at") +
            where + " ORDER BY updated_at DESC, id LIMIT ?6 OFFSET ?7";
        auto q = db.cached(sql.c_str());
        q->bind(1, actor.spaceId)
            .bind(2, idList)
            .bind(3, query.includeArchived ? 1 : 0)
            .bind(4, text)
            .bind(5, pattern);
        q->bind(6, query.page.limit).bind(7, query.page.offset);
        while (q->step()) {
            DefinitionSummary s;
            s.id = q->text(0);
            s.meta.workspaceId = q->text(1);
            s.meta.repositoryId = q->optionalText(2);
            s.meta.name = q->text(3);
            s.meta.description = q->text(4);
            s.meta.target = q->text(5);
            s.status = q->text(6);
            s.currentVersion = static_cast<int>(q->integer(7));
            s.nodeCount = static_cast<int>(q->integer(8));
            s.archivedAt = q->optionalText(9);
            s.createdBy = q->text(10);
            s.updatedBy = q->text(11);
            s.createdAt = q->text(12);
            s.updatedAt = q->text(13);
            s.permissions = perms[s.meta.workspaceId];
            page.items.push_back(std::move(s));
        }
        return page;
    });
}

Result<DefinitionView> DefinitionService::create(const Actor &actor, DefinitionCreate input)
{
    input.meta.name = std::string(trimmed(input.meta.name));
    if (auto ok = checkMetadata(input.meta); !ok)
        return fail(ok.error());
    if (auto ok = checkSummary(input.changeSummary); !ok)
        return fail(ok.error());
    auto workspace = m_workspaces.requireManaged(actor, input.meta.workspaceId);
    if (!workspace) {
        Error e = workspace.error();
        e.details["field"] = "workspace_id";
        return fail(std::move(e));
    }
    // A definition created without a repository goes to its workspace's default repository.
    if (!input.meta.repositoryId)
        input.meta.repositoryId = workspace->workspace->defaultRepositoryId;
    const Problems problems = validate(input.spec);
    if (hasErrors(problems))
        return fail(invalidSpec(problems));

    auto def = std::make_shared<Definition>();
    def->id = newUuid();
    def->spaceId = actor.spaceId;
    def->meta = input.meta;
    def->currentVersion = 1;
    def->createdBy = def->updatedBy = actor.userId;
    def->createdAt = def->updatedAt = nowUtc();
    def->spec = std::move(input.spec);
    placeMissing(def->spec);
    SpecTexts texts = specTexts(def->spec);
    if (auto ok = checkSpecSize(texts); !ok)
        return fail(ok.error());
    def->specJson = std::move(texts.withPositions);
    def->nodeTexts = std::move(texts.nodeTexts);
    const std::string versionText = std::move(texts.withoutPositions);

    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        if (def->meta.repositoryId) {
            if (auto ok = Registry::requireRepository(db, actor.spaceId, *def->meta.repositoryId,
                                                      "repository_id");
                !ok)
                return ok;
        }
        {
            auto q = db.cached(
                "INSERT INTO definitions (id, space_id, workspace_id, repository_id, name, "
                "description, "
                "target, status, current_version, node_count, created_by, updated_by, created_at, "
                "updated_at) VALUES (?,?,?,?,?,?,?,?,1,?,?,?,?,?)");
            q->bind(1, def->id)
                .bind(2, def->spaceId)
                .bind(3, def->meta.workspaceId)
                .bind(4, def->meta.repositoryId);
            q->bind(5, def->meta.name)
                .bind(6, def->meta.description)
                .bind(7, def->meta.target)
                .bind(8, def->status);
            q->bind(9, static_cast<int64_t>(def->spec.nodes.size()))
                .bind(10, actor.userId)
                .bind(11, actor.userId);
            q->bind(12, def->createdAt).bind(13, def->updatedAt).run();
        }
        insertVersion(db, *def, versionText,
                      input.changeSummary.empty()
                          ? changeSummaryText({{SummaryPart::Kind::CreateDefinition, {}}})
                          : input.changeSummary,
                      actor.userId, def->createdAt);
        std::vector<const Node *> placed;
        for (const Node &n : def->spec.nodes) {
            if (n.position)
                placed.push_back(&n);
        }
        savePositions(db, def->id, placed);
        record(tx, def,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "definition.created",
                          "definition",
                          def->id,
                          def->id,
                          {{"name", def->meta.name}, {"version", 1}},
                          def->createdAt});
        return {};
    });
    if (!written)
        return fail(written.error());
    return DefinitionView{def, workspace->permissions};
}

// The nodes of the current spec, found for a node of the next one: by index first (an edit
// mostly keeps them in place), by id for the ones that moved in the list.
class DefinitionService::PreviousNodes
{
public:
    explicit PreviousNodes(const std::vector<Node> &nodes) : m_nodes(nodes) {}
    const Node *find(const Node &n, size_t index)
    {
        if (index < m_nodes.size() && m_nodes[index].id == n.id)
            return &m_nodes[index];
        if (m_byId.empty()) {
            m_byId.reserve(m_nodes.size() * 2);
            for (const Node &o : m_nodes)
                m_byId.emplace(o.id, &o);
        }
        const auto it = m_byId.find(n.id);
        return it == m_byId.end() ? nullptr : it->second;
    }
    size_t indexOf(const Node *old) const { return static_cast<size_t>(old - m_nodes.data()); }

private:
    const std::vector<Node> &m_nodes;
    std::unordered_map<std::string_view, const Node *> m_byId;
};

Result<DefinitionPtr> DefinitionService::currentForWrite(Database &db, const std::string &id,
                                                         const DefinitionPtr &cached)
{
    // The cache is kept by the only writer under this lock; the row check costs one indexed
    // read and catches a definition changed behind the cache's back.
    auto q =
        db.cached("SELECT current_version, archived_at IS NOT NULL FROM definitions WHERE id = ?");
    q->bind(1, id);
    if (!q->step())
        return fail(definitionNotFound(id));
    if (q->integer(1))
        return fail(Error::conflict("definition '" + cached->meta.name + "' is archived"));
    if (q->integer(0) == cached->currentVersion)
        return cached;
    return loadFrom(db, id);
}

Result<std::vector<const Node *>>
DefinitionService::settlePositions(Database &db, const std::string &id, PreviousNodes &previous,
                                   Spec &next,
                                   const std::vector<std::pair<std::string, Position>> &moves)
{
    // Explicit moves first; then a node that arrived without a position keeps the one it had
    // (or, restored or re-added, the one stored for its id); the rest are placed by core.
    if (!moves.empty()) {
        std::unordered_map<std::string_view, Node *> byId;
        for (Node &n : next.nodes)
            byId.emplace(n.id, &n);
        for (const auto &[nodeId, position] : moves) {
            const auto it = byId.find(nodeId);
            if (it == byId.end())
                return fail(Error::notFound("node '" + nodeId + "' was not found"));
            it->second->position = position;
        }
    }
    std::vector<const Node *> moved;
    for (size_t i = 0; i < next.nodes.size(); ++i) {
        Node &n = next.nodes[i];
        const Node *old = previous.find(n, i);
        const std::optional<Position> oldPosition = old ? old->position : std::nullopt;
        if (n.position) {
            if (n.position != oldPosition)
                moved.push_back(&n);
        } else if (oldPosition) {
            n.position = oldPosition;
        } else if (!old) {
            auto q = db.cached(
                "SELECT x, y FROM node_positions WHERE definition_id = ? AND node_id = ?");
            q->bind(1, id).bind(2, n.id);
            if (q->step())
                n.position = Position{q->real(0), q->real(1)};
        }
    }
    for (Node *placed : placeMissing(next))
        moved.push_back(placed);
    return moved;
}

SpecTexts DefinitionService::textsFor(const Definition &current, PreviousNodes &previous,
                                      const Spec &next)
{
    // Unchanged nodes keep their serialized text: an edit re-serializes only what it touched.
    const bool reusable = current.nodeTexts.size() == current.spec.nodes.size();
    return specTexts(next, [&](size_t i) -> std::shared_ptr<const std::string> {
        const Node &n = next.nodes[i];
        const Node *old = previous.find(n, i);
        if (!reusable || !old || !old->sharesFieldsWith(n) || old->type != n.type ||
            old->label != n.label)
            return nullptr;
        return current.nodeTexts[previous.indexOf(old)];
    });
}

void DefinitionService::insertVersion(Database &db, const Definition &definition,
                                      const std::string &specText, const std::string &changeSummary,
                                      const std::string &authorId, const std::string &at)
{
    auto q =
        db.cached("INSERT INTO definition_versions (id, definition_id, number, spec, metadata, "
                  "change_summary, author_user_id, created_at) VALUES (?,?,?,?,?,?,?,?)");
    q->bind(1, newUuid())
        .bind(2, definition.id)
        .bind(3, definition.currentVersion)
        .bind(4, specText);
    q->bind(5, definition.meta.toJson().dump())
        .bind(6, changeSummary)
        .bind(7, authorId)
        .bind(8, at)
        .run();
}

void DefinitionService::savePositions(Database &db, const std::string &id,
                                      const std::vector<const Node *> &nodes)
{
    for (const Node *n : nodes) {
        auto q = db.cached(
            "INSERT INTO node_positions (definition_id, node_id, x, y) VALUES (?,?,?,?) "
            "ON CONFLICT (definition_id, node_id) DO UPDATE SET x = excluded.x, y = excluded.y");
        q->bind(1, id).bind(2, n->id).bind(3, n->position->x).bind(4, n->position->y).run();
    }
}

// Every change to an existing definition: apply it to a copy, settle positions, validate the
// whole result, write (one version when content changed, positions as layout), cache, notify.
Result<DefinitionView> DefinitionService::mutate(const Actor &actor, const std::string &id,
                                                 const char *action, std::string changeSummary,
                                                 const ChangeBuilder &build)
{
    if (auto ok = checkSummary(changeSummary); !ok)
        return fail(ok.error());
    auto view = manageable(actor, id);
    if (!view)
        return view;
    DefinitionPtr next;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto loaded = currentForWrite(db, id, view->definition);
        if (!loaded)
            return fail(loaded.error());
        const DefinitionPtr current = *loaded;
        auto change = build(*current);
        if (!change)
            return fail(change.error());

        const bool specGiven = change->spec.has_value();
        Spec nextSpec = specGiven ? std::move(*change->spec) : current->spec;
        const DefinitionMetadata nextMeta = change->meta ? *change->meta : current->meta;
        const bool specChanged = specGiven && !nextSpec.sameContent(current->spec);
        const bool versioned = specChanged || nextMeta != current->meta;
        PreviousNodes previous(current->spec.nodes);
        auto moved = settlePositions(db, id, previous, nextSpec, change->positions);
        if (!moved)
            return fail(moved.error());
        if (!versioned && moved->empty()) {
            next = current; // nothing changed: nothing written
            return {};
        }
        if (specChanged) {
            const Problems problems = validate(nextSpec);
            if (hasErrors(problems))
                return fail(invalidSpec(problems));
        }
        SpecTexts texts = textsFor(*current, previous, nextSpec);
        if (auto ok = checkSpecSize(texts); !ok)
            return ok;

        const std::string now = nowUtc();
        // The new definition: the current one's identity and history, the new content (the
        // spec and its texts are moved in below, never copied).
        auto def = std::make_shared<Definition>();
        def->id = current->id;
        def->spaceId = current->spaceId;
        def->status = current->status;
        def->currentVersion = current->currentVersion;
        def->archivedAt = current->archivedAt;
        def->createdBy = current->createdBy;
        def->createdAt = current->createdAt;
        def->updatedBy = current->updatedBy;
        def->updatedAt = current->updatedAt;
        def->meta = nextMeta;
        if (versioned) {
            def->currentVersion = current->currentVersion + 1;
            def->updatedBy = actor.userId;
            def->updatedAt = now;
            if (nextMeta.repositoryId && nextMeta.repositoryId != current->meta.repositoryId) {
                if (auto ok = Registry::requireRepository(db, actor.spaceId, *nextMeta.repositoryId,
                                                          "repository_id");
                    !ok)
                    return ok;
            }
            insertVersion(db, *def, texts.withoutPositions, changeSummary, actor.userId, now);
            auto u =
                db.cached("UPDATE definitions SET workspace_id = ?, repository_id = ?, name = ?, "
                          "description = ?, target = ?, current_version = ?, node_count = ?, "
                          "updated_by = ?, updated_at = ? WHERE id = ?");
            u->bind(1, nextMeta.workspaceId).bind(2, nextMeta.repositoryId).bind(3, nextMeta.name);
            u->bind(4, nextMeta.description).bind(5, nextMeta.target).bind(6, def->currentVersion);
            u->bind(7, static_cast<int64_t>(nextSpec.nodes.size()))
                .bind(8, actor.userId)
                .bind(9, now)
                .bind(10, id)
                .run();
        }
        savePositions(db, id, *moved);
        nlohmann::json details = change->auditDetails;
        if (versioned) {
            details["version"] = def->currentVersion;
            if (!changeSummary.empty())
                details["change_summary"] = changeSummary;
        } else {
            details["moved_nodes"] = moved->size();
        }
        def->spec = std::move(nextSpec);
        def->specJson = std::move(texts.withPositions);
        def->nodeTexts = std::move(texts.nodeTexts);
        next = std::move(def);
        record(tx, next,
               AuditEvent{0, actor.spaceId, actor.userId,
                          versioned ? action : "definition.layout_changed", "definition", id, id,
                          std::move(details), now});
        return {};
    });
    if (!written)
        return fail(written.error());
    WorkspacePermissions permissions = view->permissions;
    if (next->meta.workspaceId != view->definition->meta.workspaceId) {
        if (auto ws = m_workspaces.requireVisible(actor, next->meta.workspaceId))
            permissions = ws->permissions;
    }
    return DefinitionView{next, permissions};
}

Result<DefinitionView> DefinitionService::update(const Actor &actor, const std::string &id,
                                                 DefinitionPatch patch)
{
    std::string summary = patch.changeSummary;
    if (summary.empty()) {
        SummaryPart update{SummaryPart::Kind::UpdateFields, {}};
        if (patch.name)
            update.args.push_back("name");
        if (patch.description)
            update.args.push_back("description");
        if (patch.target)
            update.args.push_back("target");
        if (patch.workspaceId)
            update.args.push_back("workspace");
        if (patch.repositoryId)
            update.args.push_back("repository");
        if (patch.spec)
            update.args.push_back("spec");
        if (!update.args.empty())
            summary = changeSummaryText({update});
    }
    return mutate(
        actor, id, "definition.updated", summary, [&](const Definition &current) -> Result<Change> {
            Change change;
            DefinitionMetadata meta = current.meta;
            if (patch.name)
                meta.name = std::string(trimmed(*patch.name));
            if (patch.description)
                meta.description = *patch.description;
            if (patch.target)
                meta.target = *patch.target;
            if (patch.repositoryId)
                meta.repositoryId = *patch.repositoryId;
            if (patch.workspaceId && *patch.workspaceId != current.meta.workspaceId) {
                auto target = m_workspaces.requireManaged(actor, *patch.workspaceId);
                if (!target) {
                    Error e = target.error();
                    e.details["field"] = "workspace_id";
                    return fail(std::move(e));
                }
                meta.workspaceId = *patch.workspaceId;
            }
            if (auto ok = checkMetadata(meta); !ok)
                return fail(ok.error());
            change.meta = std::move(meta);
            if (patch.spec)
                change.spec = std::move(*patch.spec); // the builder runs once
            nlohmann::json fields = nlohmann::json::array();
            for (const char *f :
                 {"name", "description", "target", "workspace_id", "repository_id", "spec"}) {
                const std::string_view key = f;
                if ((key == "name" && patch.name) || (key == "description" && patch.description) ||
                    (key == "target" && patch.target) ||
                    (key == "workspace_id" && patch.workspaceId) ||
                    (key == "repository_id" && patch.repositoryId) || (key == "spec" && patch.spec))
                    fields.push_back(f);
            }
            change.auditDetails["fields"] = std::move(fields);
            return change;
        });
}

Result<GraphEditResult> DefinitionService::editGraph(const Actor &actor, const std::string &id,
                                                     const GraphEdit &edit,
                                                     std::string changeSummary)
{
    if (edit.empty())
        return fail(Error::invalid("the graph edit is empty"));
    if (changeSummary.empty())
        changeSummary = describeEdit(edit);
    GraphEdit inverse;
    auto edited = mutate(actor, id, "definition.graph_edited", std::move(changeSummary),
                         [&](const Definition &current) -> Result<Change> {
                             Change change;
                             Spec spec = current.spec;
                             if (auto ok = applyGraphEdit(spec, edit); !ok)
                                 return fail(ok.error());
                             // Against the spec the edit applies to, inside its transaction: undo
                             // never restores content from a copy that another face has since
                             // changed.
                             inverse = inverseOf(current.spec, edit);
                             change.spec = std::move(spec);
                             nlohmann::json summary = nlohmann::json::object();
                             if (!edit.addNodes.empty()) {
                                 nlohmann::json ids = nlohmann::json::array();
                                 for (const Node &n : edit.addNodes)
                                     ids.push_back(n.id);
                                 summary["nodes_added"] = std::move(ids);
                             }
                             if (!edit.removeNodes.empty())
                                 summary["nodes_removed"] = edit.removeNodes;
                             if (!edit.updateNodes.empty()) {
                                 nlohmann::json ids = nlohmann::json::array();
                                 for (const NodePatch &p : edit.updateNodes)
                                     ids.push_back(p.nodeId);
                                 summary["nodes_updated"] = std::move(ids);
                             }
                             if (!edit.addEdges.empty())
                                 summary["dependencies_added"] = edit.addEdges.size();
                             if (!edit.removeEdges.empty())
                                 summary["dependencies_removed"] = edit.removeEdges.size();
                             if (edit.replaceEdges)
                                 summary["dependencies_replaced"] = edit.replaceEdges->size();
                             change.auditDetails = std::move(summary);
                             return change;
                         });
    if (!edited)
        return fail(edited.error());
    return GraphEditResult{std::move(*edited), std::move(inverse)};
}

Result<DefinitionView>
DefinitionService::setPositions(const Actor &actor, const std::string &id,
                                const std::vector<std::pair<std::string, Position>> &positions)
{
    if (positions.empty())
        return get(actor, id);
    return mutate(actor, id, "definition.layout_changed", {},
                  [&](const Definition &) -> Result<Change> {
                      Change change;
                      change.positions = positions;
                      return change;
                  });
}

Result<DefinitionView> DefinitionService::archive(const Actor &actor, const std::string &id)
{
    auto view = manageable(actor, id);
    if (!view)
        return view;
    const std::string now = nowUtc();
    auto def = std::make_shared<Definition>(*view->definition);
    def->archivedAt = now;
    def->updatedAt = now;
    def->updatedBy = actor.userId;
    DefinitionPtr archived;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto q = db.cached("UPDATE definitions SET archived_at = ?, updated_at = ?, updated_by = ? "
                           "WHERE id = ? AND archived_at IS NULL");
        q->bind(1, now).bind(2, now).bind(3, actor.userId).bind(4, id).run();
        if (db.changes() == 0)
            return fail(Error::conflict("definition '" + def->meta.name + "' is already archived"));
        // Read back inside the transaction so the cached copy is exactly the committed row
        // (another version may have landed since this call looked).
        auto fresh = loadFrom(db, id);
        if (!fresh)
            return fail(fresh.error());
        archived = *fresh;
        record(tx, archived,
               AuditEvent{0, actor.spaceId, actor.userId, "definition.archived", "definition", id,
                          id, nlohmann::json::object(), now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return DefinitionView{archived, view->permissions};
}

Result<DefinitionView> DefinitionService::markPublished(const Actor &actor, const std::string &id,
                                                        nlohmann::json details)
{
    auto view = manageable(actor, id);
    if (!view)
        return view;
    const std::string now = nowUtc();
    DefinitionPtr published;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        db.cached("UPDATE definitions SET status = 'published', updated_at = ?, updated_by = ? "
                  "WHERE id = ?")
            ->bindAll(now, actor.userId, id)
            .run();
        auto fresh = loadFrom(db, id);
        if (!fresh)
            return fail(fresh.error());
        published = *fresh;
        details["version"] = published->currentVersion;
        record(tx, published,
               AuditEvent{0, actor.spaceId, actor.userId, "definition.published", "definition", id,
                          id, std::move(details), now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return DefinitionView{published, view->permissions};
}

Status DefinitionService::remove(const Actor &actor, const std::string &id)
{
    auto view = get(actor, id);
    if (!view)
        return fail(view.error());
    if (!view->permissions.manage)
        return fail(Error::forbidden("deleting a definition needs manage access to its workspace"));
    const std::string now = nowUtc();
    return m_store.write([&](WriteTx &tx) -> Status {
        // Versions, positions, draft files and runs go with it (ON DELETE CASCADE).
        tx.db()
            .cached("DELETE FROM definitions WHERE id = ? AND space_id = ?")
            ->bindAll(id, actor.spaceId)
            .run();
        if (tx.db().changes() == 0)
            return fail(Error::notFound("definition '" + id + "' was not found"));
        tx.afterCommit([this, id] {
            std::lock_guard lock(m_cacheMutex);
            ++m_generation;
            m_cache.erase(id);
        });
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "definition.deleted",
                             "definition",
                             id,
                             id,
                             {{"name", view->definition->meta.name}},
                             now});
        return {};
    });
}

// The one mapping of a version row (the columns of kVersionColumns) to VersionInfo.
constexpr const char *kVersionColumns =
    "SELECT v.id, v.number, v.metadata, v.change_summary, v.author_user_id, "
    "u.name, v.created_at, v.spec FROM definition_versions v "
    "JOIN users u ON u.id = v.author_user_id ";

VersionInfo DefinitionService::versionInfoFrom(const Statement &q, const std::string &definitionId)
{
    VersionInfo v;
    v.id = q.text(0);
    v.definitionId = definitionId;
    v.number = static_cast<int>(q.integer(1));
    v.meta = DefinitionMetadata::fromJson(nlohmann::json::parse(q.textView(2), nullptr, false));
    v.changeSummary = q.text(3);
    v.authorUserId = q.text(4);
    v.authorName = q.text(5);
    v.createdAt = q.text(6);
    return v;
}

Result<VersionDetail> DefinitionService::loadVersion(Database &db, const std::string &definitionId,
                                                     const std::string *versionId, int number)
{
    static const std::string byId =
        std::string(kVersionColumns) + "WHERE v.definition_id = ? AND v.id = ?";
    static const std::string byNumber =
        std::string(kVersionColumns) + "WHERE v.definition_id = ? AND v.number = ?";
    auto q = db.cached(versionId ? byId.c_str() : byNumber.c_str());
    q->bind(1, definitionId);
    if (versionId)
        q->bind(2, *versionId);
    else
        q->bind(2, number);
    if (!q->step())
        return fail(Error::notFound("version '" +
                                    (versionId ? *versionId : std::to_string(number)) +
                                    "' of this definition was not found"));
    VersionDetail out;
    out.info = versionInfoFrom(*q, definitionId);
    out.spec = readSpec(nlohmann::json::parse(q->textView(7), nullptr, false)).spec;
    return out;
}

Result<Page<VersionInfo>> DefinitionService::versions(const Actor &actor, const std::string &id,
                                                      PageRequest page)
{
    auto view = visible(actor, id);
    if (!view)
        return fail(view.error());
    return m_store.read([&](Database &db) -> Result<Page<VersionInfo>> {
        Page<VersionInfo> out;
        {
            auto q = db.cached("SELECT COUNT(*) FROM definition_versions WHERE definition_id = ?");
            q->bind(1, id);
            out.total = q->step() ? q->integer(0) : 0;
        }
        static const std::string sql =
            std::string(kVersionColumns) +
            "WHERE v.definition_id = ? ORDER BY v.number DESC LIMIT ? OFFSET ?";
        auto q = db.cached(sql.c_str());
        q->bind(1, id).bind(2, page.limit).bind(3, page.offset);
        while (q->step())
            out.items.push_back(versionInfoFrom(*q, id));
        return out;
    });
}

Result<VersionDetail> DefinitionService::version(const Actor &actor, const std::string &id,
                                                 const std::string &versionId)
{
    auto view = visible(actor, id);
    if (!view)
        return fail(view.error());
    return m_store.read([&](Database &db) { return loadVersion(db, id, &versionId, 0); });
}

Result<VersionDetail> DefinitionService::versionByNumber(const Actor &actor, const std::string &id,
                                                         int number)
{
    auto view = visible(actor, id);
    if (!view)
        return fail(view.error());
    return m_store.read([&](Database &db) { return loadVersion(db, id, nullptr, number); });
}

// Nodes by id, edges by their ends: the order texts are compared in.
static Spec inDiffOrder(const Spec &spec)
{
    Spec sorted = spec;
    std::stable_sort(sorted.nodes.begin(), sorted.nodes.end(),
                     [](const Node &a, const Node &b) { return a.id < b.id; });
    std::stable_sort(sorted.edges.begin(), sorted.edges.end(), [](const Edge &a, const Edge &b) {
        return a.upstream != b.upstream ? a.upstream < b.upstream : a.downstream < b.downstream;
    });
    return sorted;
}

Result<Comparison> DefinitionService::compare(const Actor &actor, const std::string &id,
                                              const std::string &versionId,
                                              const std::optional<std::string> &otherVersionId,
                                              CompareText format)
{
    auto view = visible(actor, id);
    if (!view)
        return fail(view.error());
    auto loaded = m_store.read(
        [&](Database &db) -> Result<std::pair<VersionDetail, std::optional<VersionDetail>>> {
            auto from = loadVersion(db, id, &versionId, 0);
            if (!from)
                return fail(from.error());
            std::optional<VersionDetail> to;
            if (otherVersionId) {
                auto other = loadVersion(db, id, &*otherVersionId, 0);
                if (!other)
                    return fail(other.error());
                to = std::move(*other);
            }
            return std::make_pair(std::move(*from), std::move(to));
        });
    if (!loaded)
        return fail(loaded.error());
    auto &[from, to] = *loaded;
    const Definition &current = *view->definition;
    const Spec &toSpec = to ? to->spec : current.spec;
    const DefinitionMetadata &toMeta = to ? to->info.meta : current.meta;

    Comparison out;
    out.from = from.info;
    if (to)
        out.to = to->info;
    out.toNumber = to ? to->info.number : current.currentVersion;
    out.spec = compareSpecs(from.spec, toSpec);
    const nlohmann::json a = from.info.meta.toJson();
    const nlohmann::json b = toMeta.toJson();
    for (const ValueChange &c : compareObjects(a, b))
        out.metadata.push_back({c.key, c.from, c.to});
    // The texts are bounded: pretty text of deeply nested values can be hundreds of times the
    // stored size, and a diff of unrelated texts as long as both.
    // Order alone is never a change: the texts list nodes and edges in one order (by id), so an
    // undo that put a node back at the end does not show it as removed and added.
    const Spec fromSorted = inDiffOrder(from.spec);
    const Spec toSorted = inDiffOrder(toSpec);
    const SpecTextOptions text{
        .pretty = true, .positions = false, .maxBytes = kMaxCompareTextBytes};
    out.fromText = specToText(fromSorted, text);
    out.toText = specToText(toSorted, text);
    if (out.fromText.size() > kMaxCompareTextBytes || out.toText.size() > kMaxCompareTextBytes) {
        out.fromText.clear();
        out.toText.clear();
        out.textOmitted = true;
        return out;
    }
    if (format == CompareText::Yaml) {
        // The window shows the diff as it shows the source: YAML (bounded by the JSON check above).
        out.fromText = specToYaml(fromSorted);
        out.toText = specToYaml(toSorted);
    }
    const std::string fromName = "version " + std::to_string(from.info.number);
    const std::string toName =
        to ? "version " + std::to_string(to->info.number)
           : "current (version " + std::to_string(current.currentVersion) + ")";
    out.unifiedDiff = unifiedDiff(out.fromText, out.toText, fromName, toName);
    if (out.unifiedDiff.size() > kMaxTextDiffBytes) {
        const size_t cut = out.unifiedDiff.rfind('\n', kMaxTextDiffBytes);
        out.unifiedDiff.resize(cut == std::string::npos ? 0 : cut + 1);
        out.textDiffTruncated = true;
    }
    return out;
}

Result<DefinitionView> DefinitionService::restore(const Actor &actor, const std::string &id,
                                                  const std::string &versionId,
                                                  std::string changeSummary)
{
    if (changeSummary.empty()) {
        auto v = version(actor, id, versionId);
        if (!v)
            return fail(v.error());
        changeSummary = changeSummaryText(
            {{SummaryPart::Kind::RestoreVersion, {std::to_string(v->info.number)}}});
    }
    return mutate(actor, id, "definition.restored", std::move(changeSummary),
                  [&](const Definition &current) -> Result<Change> {
                      auto version = m_store.read(
                          [&](Database &db) { return loadVersion(db, id, &versionId, 0); });
                      if (!version)
                          return fail(version.error());
                      Change change;
                      change.spec = std::move(version->spec);
                      DefinitionMetadata meta = current.meta;
                      meta.name = version->info.meta.name;
                      meta.description = version->info.meta.description;
                      meta.target = version->info.meta.target;
                      change.meta = std::move(meta);
                      change.auditDetails["restored_version"] = version->info.number;
                      return change;
                  });
}

} // namespace pw::core
