#include "repositoryservice.h"

#include <algorithm>

#include <QDir>
#include <QElapsedTimer>

#include <atomic>

#include "../definition/definitionservice.h"
#include "../jobs/jobservice.h"
#include "../util/ids.h"
#include "../util/limits.h"
#include "../util/repopath.h"
#include "../util/text.h"
#include "../util/textdiff.h"
#include "draftsearch.h"
#include "repositoryinternal.h"

namespace pw::core {

namespace {

constexpr size_t kMaxCachedListings = 16;

Status checkPath(const std::string &path, std::string_view field = "path")
{
    if (auto problem = repoPathProblem(path)) {
        Error e = Error::invalid(
            "'" + std::string(field) + "' is not a safe repository path: " + *problem, field);
        e.details["reason"] = *problem;
        return fail(e);
    }
    return {};
}

Status checkSize(const std::string &path, size_t bytes)
{
    if (bytes <= kMaxDraftFileBytes)
        return {};
    Error e = Error::tooLarge("'" + path + "' is " + std::to_string(bytes) +
                              " bytes; a draft file may be at most 5 MiB (5,242,880 bytes)");
    e.details["path"] = path;
    e.details["bytes"] = bytes;
    e.details["max_bytes"] = kMaxDraftFileBytes;
    return fail(e);
}

Status checkBaseSha(const std::optional<ObjectId> &sha, std::string_view field = "base_sha")
{
    if (!sha)
        return {};
    const bool hex = sha->size() == 40 && std::all_of(sha->begin(), sha->end(), [](char c) {
                         return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
                     });
    if (!hex)
        return fail(Error::invalid(
            "'" + std::string(field) + "' must be a git blob id: 40 lowercase hex digits", field));
    return {};
}

// The overlay rows of a definition without their content, by path.
struct OverlayRow
{
    std::string path;
    std::optional<ObjectId> sha; // none: deletion marker
    TreeFile::Mode mode = TreeFile::Mode::File;
};

std::vector<OverlayRow> overlayRows(Database &db, const std::string &definitionId)
{
    auto q = db.cached("SELECT path, sha, executable, symlink FROM draft_files WHERE "
                       "definition_id = ? ORDER BY path");
    q->bind(1, definitionId);
    std::vector<OverlayRow> out;
    while (q->step())
        out.push_back(OverlayRow{q->text(0), q->optionalText(1),
                                 overlayMode(q->integer(2) != 0, q->integer(3) != 0)});
    return out;
}

std::optional<ObjectId> draftBase(Database &db, const std::string &definitionId)
{
    auto q = db.cached("SELECT base_commit FROM draft_bases WHERE definition_id = ?");
    q->bind(1, definitionId);
    if (!q->step())
        return std::nullopt;
    return q->text(0);
}

Signature signatureOfActor(Store &store, const Actor &actor)
{
    auto name = store.read([&](Database &db) -> Result<std::string> {
        auto q = db.cached("SELECT name FROM users WHERE id = ?");
        q->bind(1, actor.userId);
        return q->step() ? q->text(0) : std::string("pipewright");
    });
    const std::string who = name ? *name : std::string("pipewright");
    return Signature{who, who + "@pipewright.local"};
}

// What a definition's overlay holds, as its quota counts it.
struct DraftUsage
{
    int64_t entries = 0;
    int64_t bytes = 0; // contents and paths
};

DraftUsage draftUsage(Database &db, const std::string &definitionId)
{
    // length() of a blob reads its size, not its content.
    auto q = db.cached("SELECT COUNT(*), COALESCE(SUM(COALESCE(length(content), 0) + "
                       "length(CAST(path AS BLOB))), 0) FROM draft_files WHERE definition_id = ?");
    q->bind(1, definitionId);
    q->step();
    return DraftUsage{q->integer(0), q->integer(1)};
}

// The quota a write may not pass, or nothing. A write that leaves the overlay no larger than it
// found it passes, so an overlay over the quota can always shrink.
std::optional<Error> quotaProblem(const DraftUsage &before, const DraftUsage &after,
                                  const std::string &definitionName)
{
    const auto mib = [](size_t bytes) { return std::to_string(bytes >> 20) + " MiB"; };
    if (after.bytes > static_cast<int64_t>(kMaxDraftBytes) && after.bytes > before.bytes) {
        Error e = Error::tooLarge(
            "the drafts of '" + definitionName + "' would hold " + std::to_string(after.bytes) +
            " bytes; a definition's drafts may hold at most " + mib(kMaxDraftBytes) + " (" +
            std::to_string(kMaxDraftBytes) + " bytes): commit or reset drafts to make room");
        e.details["quota"] = "draft_bytes";
        e.details["bytes"] = after.bytes;
        e.details["max_bytes"] = kMaxDraftBytes;
        return e;
    }
    if (after.entries > static_cast<int64_t>(kMaxDraftEntries) && after.entries > before.entries) {
        Error e = Error::tooLarge(
            "the drafts of '" + definitionName + "' would hold " + std::to_string(after.entries) +
            " files; a definition's drafts may hold at most " + std::to_string(kMaxDraftEntries) +
            " files (deletions included): commit or reset drafts to make "
            "room");
        e.details["quota"] = "draft_files";
        e.details["files"] = after.entries;
        e.details["max_files"] = kMaxDraftEntries;
        return e;
    }
    return std::nullopt;
}

Error conflictAt(std::string message, const std::string &path,
                 const std::optional<ObjectId> &current)
{
    Error e = Error::conflict(std::move(message));
    e.details["path"] = path;
    e.details["current_sha"] = current ? nlohmann::json(*current) : nlohmann::json();
    return e;
}

} // namespace

void settleDraftBase(Database &db, const std::string &definitionId,
                     const std::optional<ObjectId> &startAt, const std::optional<ObjectId> &moveTo)
{
    auto count = db.cached("SELECT COUNT(*) FROM draft_files WHERE definition_id = ?");
    count->bind(1, definitionId);
    count->step();
    if (count->integer(0) == 0) {
        auto drop = db.cached("DELETE FROM draft_bases WHERE definition_id = ?");
        drop->bind(1, definitionId).run();
    } else if (moveTo) {
        auto move = db.cached(
            "INSERT INTO draft_bases (definition_id, base_commit) VALUES (?,?) "
            "ON CONFLICT (definition_id) DO UPDATE SET base_commit = excluded.base_commit");
        move->bind(1, definitionId).bind(2, *moveTo).run();
    } else if (startAt) {
        auto base = db.cached(
            "INSERT OR IGNORE INTO draft_bases (definition_id, base_commit) VALUES (?,?)");
        base->bind(1, definitionId).bind(2, *startAt).run();
    }
}

Status checkRepoPath(const std::string &path, std::string_view field)
{
    return checkPath(path, field);
}

Signature signatureOf(Store &store, const Actor &actor)
{
    return signatureOfActor(store, actor);
}

std::string_view fileStatusName(FileStatus status)
{
    switch (status) {
    case FileStatus::Unchanged:
        return "unchanged";
    case FileStatus::Modified:
        return "modified";
    case FileStatus::Added:
        return "added";
    case FileStatus::Deleted:
        return "deleted";
    }
    return "unchanged";
}

std::string languageOfPath(std::string_view path)
{
    const size_t slash = path.rfind('/');
    std::string name(path.substr(slash == std::string_view::npos ? 0 : slash + 1));
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const size_t dot = name.rfind('.');
    const std::string ext = dot == std::string::npos ? std::string() : name.substr(dot + 1);
    if (ext == "py" || ext == "pyi")
        return "python";
    if (ext == "yaml" || ext == "yml")
        return "yaml";
    if (ext == "sql")
        return "sql";
    if (ext == "json")
        return "json";
    if (ext == "md" || ext == "markdown")
        return "markdown";
    if (ext == "sh" || ext == "bash")
        return "bash";
    if (ext == "diff" || ext == "patch")
        return "diff";
    return "text";
}

bool isBinaryContent(std::string_view content)
{
    if (content.substr(0, 8000).find('\0') != std::string_view::npos)
        return true;
    return !isValidUtf8(content);
}

RepositoryService::RepositoryService(Store &store, Registry &registry, WorkspaceService &workspaces,
                                     DefinitionService &definitions, JobService &jobs,
                                     KnownHostService &knownHosts, std::string dataDir,
                                     const TrustPolicy &policy)
    : m_store(store), m_registry(registry), m_workspaces(workspaces), m_definitions(definitions),
      m_jobs(jobs), m_knownHosts(knownHosts), m_dataDir(std::move(dataDir)), m_policy(policy)
{
}

RepositoryService::~RepositoryService() = default;

Result<std::shared_ptr<RepositoryService::Handle>>
RepositoryService::handleOf(const Repository &repo)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(repo.id);
    if (it != m_handles.end())
        return it->second;
    if (repo.state == "cloning")
        return fail(Error::conflict("repository '" + repo.name + "' is still being cloned"));
    if (repo.state == "failed")
        return fail(
            Error{ErrorCode::Unavailable,
                  "repository '" + repo.name + "' could not be cloned: " + repo.stateMessage,
                  nlohmann::json::object()});
    auto git = GitRepo::open(repo.localPath);
    // A local repository registered as a plain folder (data directories from before git) becomes
    // a git repository with an empty base branch at first use; files already there stay as they
    // are, untracked.
    if (!git && !repo.remoteUrl)
        git = GitRepo::init(repo.localPath, repo.defaultBranch);
    if (!git)
        return fail(git.error());
    auto handle = std::make_shared<Handle>();
    handle->git = std::move(*git);
    handle->repo = repo;
    m_handles.emplace(repo.id, handle);
    return handle;
}

Result<std::shared_ptr<const TreeListing>>
RepositoryService::listing(Handle &handle, const std::optional<ObjectId> &commit)
{
    static const auto empty = std::make_shared<const TreeListing>();
    if (!commit)
        return empty;
    const std::string key = handle.repo.id + ":" + *commit;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_listings.find(key); it != m_listings.end())
            return it->second;
    }
    Result<TreeListing> files = [&] {
        std::lock_guard lock(handle.mutex);
        return handle.git->listTree(*commit);
    }();
    if (!files)
        return fail(files.error());
    auto shared = std::make_shared<const TreeListing>(std::move(*files));
    std::lock_guard lock(m_mutex);
    if (m_listings.emplace(key, shared).second) {
        m_listingOrder.push_back(key);
        if (m_listingOrder.size() > kMaxCachedListings) {
            m_listings.erase(m_listingOrder.front());
            m_listingOrder.erase(m_listingOrder.begin());
        }
    }
    return shared;
}

Result<RepositoryService::Context>
RepositoryService::context(const Actor &actor, const std::string &definitionId, bool write)
{
    auto view = write ? m_definitions.manageable(actor, definitionId)
                      : m_definitions.get(actor, definitionId);
    if (!view)
        return fail(view.error());
    Context ctx;
    ctx.definition = view->definition;
    const auto &repositoryId = ctx.definition->meta.repositoryId;
    if (!repositoryId) {
        Error e = Error::conflict("definition '" + ctx.definition->meta.name +
                                  "' has no repository; set its repository_id first");
        e.details["field"] = "repository_id";
        return fail(e);
    }
    auto repo = m_registry.repository(actor.spaceId, *repositoryId);
    if (!repo)
        return fail(repo.error());
    if (!*repo)
        return fail(Error::notFound("repository '" + *repositoryId + "' was not found"));
    ctx.repo = **repo;
    auto handle = handleOf(ctx.repo);
    if (!handle)
        return fail(handle.error());
    ctx.handle = *handle;
    {
        std::lock_guard lock(ctx.handle->mutex);
        auto head = ctx.handle->git->branchHead(ctx.repo.defaultBranch);
        if (!head)
            return fail(head.error());
        ctx.head = *head;
    }
    auto files = listing(*ctx.handle, ctx.head);
    if (!files)
        return fail(files.error());
    ctx.listing = *files;
    return ctx;
}

Result<DraftTree> RepositoryService::tree(const Actor &actor, const std::string &definitionId)
{
    auto ctx = context(actor, definitionId, false);
    if (!ctx)
        return fail(ctx.error());
    DraftTree out;
    out.definitionId = definitionId;
    out.repositoryId = ctx->repo.id;
    out.branch = ctx->repo.defaultBranch;
    out.head = ctx->head;
    auto rows = m_store.read([&](Database &db) -> Result<std::vector<OverlayRow>> {
        out.base = draftBase(db, definitionId);
        return overlayRows(db, definitionId);
    });
    if (!rows)
        return fail(rows.error());
    // Both sorted by path: one merge pass.
    const TreeListing &files = *ctx->listing;
    out.entries.reserve(files.size() + rows->size());
    size_t i = 0, j = 0;
    while (i < files.size() || j < rows->size()) {
        const bool takeRepo =
            j == rows->size() || (i < files.size() && files[i].path < (*rows)[j].path);
        const bool both = !takeRepo && i < files.size() && files[i].path == (*rows)[j].path;
        if (takeRepo) {
            const TreeFile &f = files[i++];
            out.entries.push_back(DraftEntry{f.path, f.blob, FileStatus::Unchanged, f.mode});
            continue;
        }
        const OverlayRow &row = (*rows)[j++];
        DraftEntry entry;
        entry.path = row.path;
        entry.mode = row.mode;
        if (both) {
            const TreeFile &f = files[i++];
            entry.sha = row.sha ? *row.sha : f.blob;
            entry.status = row.sha ? FileStatus::Modified : FileStatus::Deleted;
            if (!row.sha)
                entry.mode = f.mode;
        } else {
            if (!row.sha)
                continue; // a marker over nothing (the repository file went away)
            entry.sha = *row.sha;
            entry.status = FileStatus::Added;
        }
        out.entries.push_back(std::move(entry));
    }
    return out;
}

Result<std::pair<std::string, TreeFile::Mode>> RepositoryService::entryOf(Context &ctx,
                                                                          const std::string &path)
{
    struct Row
    {
        std::optional<std::string> content; // none: deletion marker
        TreeFile::Mode mode;
    };
    auto row = m_store.read([&](Database &db) -> Result<std::optional<Row>> {
        auto q = db.cached("SELECT content, executable, symlink FROM draft_files WHERE "
                           "definition_id = ? AND path = ?");
        q->bind(1, ctx.definition->id).bind(2, path);
        if (!q->step())
            return std::optional<Row>();
        return Row{q->optionalText(0), overlayMode(q->integer(1) != 0, q->integer(2) != 0)};
    });
    if (!row)
        return fail(row.error());
    if (*row) {
        if (!(*row)->content)
            return fail(Error::notFound("'" + path + "' is deleted in the draft"));
        return std::pair{std::move(*(*row)->content), (*row)->mode};
    }
    const TreeFile *file = ctx.repoFile(path);
    if (!file || file->mode == TreeFile::Mode::Submodule)
        return fail(Error::notFound("'" + path + "' was not found in the draft"));
    std::lock_guard lock(ctx.handle->mutex);
    auto blob = ctx.handle->git->readBlob(file->blob);
    if (!blob)
        return fail(blob.error());
    return std::pair{std::move(*blob), file->mode};
}

Result<DraftFile> RepositoryService::read(const Actor &actor, const std::string &definitionId,
                                          const std::string &path)
{
    if (auto ok = checkPath(path); !ok)
        return fail(ok.error());
    auto ctx = context(actor, definitionId, false);
    if (!ctx)
        return fail(ctx.error());
    auto entry = entryOf(*ctx, path);
    if (!entry)
        return fail(entry.error());
    DraftFile out;
    out.path = path;
    out.sha = blobId(entry->first);
    out.language = languageOfPath(path);
    out.binary = isBinaryContent(entry->first);
    out.mode = entry->second;
    const TreeFile *file = ctx->repoFile(path);
    if (file)
        out.status = file->blob == out.sha && file->mode == out.mode ? FileStatus::Unchanged
                                                                     : FileStatus::Modified;
    else
        out.status = FileStatus::Added;
    out.content = std::move(entry->first);
    return out;
}

Status RepositoryService::checkSearch(const SearchQuery &query)
{
    if (query.text.empty())
        return fail(Error::invalid("'q' must not be empty", "q"));
    if (query.text.size() > 1024)
        return fail(Error::invalid("'q' may be at most 1,024 bytes", "q"));
    if (query.limit < 1 || query.limit > kMaxSearchResults)
        return fail(Error::invalid("'limit' must be between 1 and 1000", "limit"));
    if (!query.under.empty()) {
        if (auto ok = checkPath(query.under, "under"); !ok)
            return fail(ok.error());
    }
    if (auto matcher = DraftMatcher::make(query); !matcher)
        return fail(matcher.error());
    return {};
}

Result<SearchResult> RepositoryService::search(const Actor &actor, const std::string &definitionId,
                                               const SearchQuery &query,
                                               const std::function<bool()> &cancelled)
{
    if (auto ok = checkSearch(query); !ok)
        return fail(ok.error());
    auto matcher = DraftMatcher::make(query);
    if (!matcher)
        return fail(matcher.error());
    auto tree = this->tree(actor, definitionId);
    if (!tree)
        return fail(tree.error());
    auto ctx = context(actor, definitionId, false);
    if (!ctx)
        return fail(ctx.error());
    // The overlay's contents at once (at most a few hundred rows); repository blobs on demand.
    auto overlay = m_store.read([&](Database &db) -> Result<std::map<std::string, std::string>> {
        auto q = db.cached("SELECT path, content FROM draft_files WHERE definition_id = ? AND "
                           "content IS NOT NULL");
        q->bind(1, definitionId);
        std::map<std::string, std::string> out;
        while (q->step())
            out.emplace(q->text(0), q->text(1));
        return out;
    });
    if (!overlay)
        return fail(overlay.error());
    const std::string prefix = query.under.empty() ? std::string() : query.under + "/";
    // Paths first (cheap, in order), then contents, on this thread (a job's), against the clock.
    SearchResult result;
    std::vector<const DraftEntry *> files;
    for (const DraftEntry &entry : tree->entries) {
        if (entry.status == FileStatus::Deleted || entry.mode == TreeFile::Mode::Submodule)
            continue;
        if (!prefix.empty() && !entry.path.starts_with(prefix))
            continue;
        if (query.paths)
            matcher->matchPath(entry.path, result);
        if (query.contents && entry.mode != TreeFile::Mode::Link)
            files.push_back(&entry);
    }
    if (result.truncated || files.empty())
        return result;
    QElapsedTimer clock;
    clock.start();
    const auto stop = [&] {
        if (clock.elapsed() > kSearchBudgetMs || (cancelled && cancelled())) {
            result.timedOut = true;
            return true;
        }
        return false;
    };
    // Blobs are read through a libgit2 repository of the search's own, so the shared handle stays
    // free for draft reads meanwhile; it is kept open so its object cache stays warm.
    Handle &handle = *ctx->handle;
    std::lock_guard searching(handle.searchMutex);
    if (!handle.searcher) {
        auto git = GitRepo::open(handle.repo.localPath);
        if (!git)
            return fail(git.error());
        handle.searcher = std::move(*git);
    }
    for (const DraftEntry *entry : files) {
        if (result.truncated || stop())
            break;
        ++result.filesSearched;
        if (auto it = overlay->find(entry->path); it != overlay->end()) {
            if (!matcher->matchContent(entry->path, it->second, result, stop))
                break;
            continue;
        }
        auto blob = handle.searcher->readBlob(entry->sha);
        if (!blob)
            return fail(blob.error());
        if (!matcher->matchContent(entry->path, *blob, result, stop))
            break;
    }
    if (matcher->tooCostly()) {
        result.timedOut = true;
        result.tooCostly = true;
    }
    return result;
}

Result<std::shared_ptr<TransientJob>>
RepositoryService::startSearch(const Actor &actor, const std::string &definitionId,
                               SearchQuery query, std::function<void(Result<SearchResult>)> done)
{
    // What can be refused at once is refused here, on the caller's thread.
    if (auto ok = checkSearch(query); !ok)
        return fail(ok.error());
    if (auto visible = m_definitions.get(actor, definitionId); !visible)
        return fail(visible.error());
    const std::string caller =
        actor.tokenId.empty() ? "user:" + actor.userId : "token:" + actor.tokenId;
    {
        std::lock_guard lock(m_mutex);
        if (!m_searching.insert(caller).second)
            return fail(Error::tooManyRequests(
                "a search of yours is still running; wait for it before starting another", 1));
    }
    auto job = m_jobs.runTransient(actor, [this, actor, definitionId, query = std::move(query),
                                           caller, done = std::move(done)](JobContext &context) {
        auto result =
            search(actor, definitionId, query, [&context] { return context.cancelled(); });
        {
            std::lock_guard lock(m_mutex);
            m_searching.erase(caller);
        }
        done(std::move(result));
    });
    if (!job) {
        std::lock_guard lock(m_mutex);
        m_searching.erase(caller);
    }
    return job;
}

// ---- Draft writes -------------------------------------------------------------------------

namespace {

// A path's state in the draft as a write sees it inside its transaction (earlier steps of the
// same write included).
struct DraftState
{
    bool exists = false;
    ObjectId sha;                    // when it exists
    std::optional<ObjectId> repoSha; // the repository's blob at the path
    TreeFile::Mode repoMode = TreeFile::Mode::File;
    bool overlaid = false;                      // an overlay row exists
    TreeFile::Mode mode = TreeFile::Mode::File; // the draft's (the repository's when deleted)
};

} // namespace

Result<std::vector<DraftFile>> RepositoryService::applyWrites(const Actor &actor, Context &ctx,
                                                              const std::string &action,
                                                              nlohmann::json details,
                                                              const std::vector<DraftOp> &ops)
{
    const std::string &definitionId = ctx.definition->id;
    auto stateOf = [&](Database &db, const std::string &path) {
        DraftState state;
        if (const TreeFile *file = ctx.repoFile(path)) {
            state.repoSha = file->blob;
            state.repoMode = state.mode = file->mode;
            state.exists = true;
            state.sha = file->blob;
        }
        auto q = db.cached("SELECT sha, executable, symlink FROM draft_files WHERE "
                           "definition_id = ? AND path = ?");
        q->bind(1, definitionId).bind(2, path);
        if (q->step()) {
            state.overlaid = true;
            const auto sha = q->optionalText(0);
            state.exists = sha.has_value();
            state.sha = sha.value_or(ObjectId());
            if (state.exists)
                state.mode = overlayMode(q->integer(1) != 0, q->integer(2) != 0);
        }
        return state;
    };
    // A new file may not sit where the draft has a file as one of its folders, nor where it has
    // a folder (git trees cannot hold both).
    auto placeProblem = [&](Database &db, const std::string &path) -> std::optional<std::string> {
        for (size_t slash = path.find('/'); slash != std::string::npos;
             slash = path.find('/', slash + 1)) {
            const std::string folder = path.substr(0, slash);
            if (stateOf(db, folder).exists)
                return "'" + folder + "' is a file, not a folder";
        }
        const std::string below = path + "/";
        auto q = db.cached("SELECT 1 FROM draft_files WHERE definition_id = ? AND path > ? AND "
                           "path < ? AND sha IS NOT NULL LIMIT 1");
        q->bind(1, definitionId).bind(2, below).bind(3, path + "0");
        if (q->step())
            return "'" + path + "' is a folder";
        auto it =
            std::lower_bound(ctx.listing->begin(), ctx.listing->end(), below,
                             [](const TreeFile &f, const std::string &p) { return f.path < p; });
        for (; it != ctx.listing->end() && it->path.starts_with(below); ++it) {
            if (stateOf(db, it->path).exists)
                return "'" + path + "' is a folder";
        }
        return std::nullopt;
    };

    return m_store.write([&](WriteTx &tx) -> Result<std::vector<DraftFile>> {
        Database &db = tx.db();
        const int64_t before = db.totalChanges();
        // Inside the write: the next upload waits for the lock and counts this one's rows.
        const DraftUsage usageBefore = draftUsage(db, definitionId);
        const std::string now = nowUtc();
        std::vector<DraftFile> written;
        for (const DraftOp &op : ops) {
            const DraftState state = stateOf(db, op.path);
            if (op.baseSha && (!state.exists || *op.baseSha != state.sha))
                return fail(conflictAt(
                    state.exists ? "'" + op.path + "' changed since base_sha " + *op.baseSha +
                                       "; its current sha is " + state.sha
                                 : "'" + op.path + "' does not exist, but base_sha " + *op.baseSha +
                                       " expects it",
                    op.path, state.exists ? std::optional<ObjectId>(state.sha) : std::nullopt));
            switch (op.kind) {
            case DraftOp::Kind::PutNew:
                if (state.exists)
                    return fail(conflictAt("'" + op.path + "' already exists", op.path, state.sha));
                [[fallthrough]];
            case DraftOp::Kind::Put: {
                if (!op.mode && state.mode == TreeFile::Mode::Link && state.exists)
                    return fail(Error::invalid("'" + op.path +
                                                   "' is a symbolic link; links are shown, not "
                                                   "written through",
                                               "path"));
                if (!state.exists) {
                    if (auto problem = placeProblem(db, op.path))
                        return fail(conflictAt("cannot create '" + op.path + "': " + *problem,
                                               op.path, std::nullopt));
                }
                // A save keeps an executable bit; a link or a submodule deleted in the draft
                // comes back as a file.
                const TreeFile::Mode mode = op.mode.value_or(
                    state.mode == TreeFile::Mode::Executable ? TreeFile::Mode::Executable
                                                             : TreeFile::Mode::File);
                const bool asInRepository =
                    state.repoSha && *state.repoSha == op.sha && state.repoMode == mode;
                if (state.overlaid && state.exists && state.sha == op.sha && state.mode == mode) {
                    // The draft already holds this content: nothing to write.
                } else if (asInRepository) {
                    // The repository's content again: no override needed.
                    auto del =
                        db.cached("DELETE FROM draft_files WHERE definition_id = ? AND path = ?");
                    del->bind(1, definitionId).bind(2, op.path).run();
                } else {
                    auto put = db.cached(
                        "INSERT INTO draft_files (definition_id, path, content, sha, executable, "
                        "symlink, updated_by, updated_at) VALUES (?,?,?,?,?,?,?,?) "
                        "ON CONFLICT (definition_id, path) DO UPDATE SET content = "
                        "excluded.content, sha = excluded.sha, executable = excluded.executable, "
                        "symlink = excluded.symlink, updated_by = excluded.updated_by, "
                        "updated_at = excluded.updated_at");
                    put->bind(1, definitionId).bind(2, op.path).bindBlob(3, op.content);
                    put->bind(4, op.sha)
                        .bind(5, mode == TreeFile::Mode::Executable ? 1 : 0)
                        .bind(6, mode == TreeFile::Mode::Link ? 1 : 0)
                        .bind(7, actor.userId)
                        .bind(8, now)
                        .run();
                }
                DraftFile file;
                file.path = op.path;
                file.sha = op.sha;
                file.language = languageOfPath(op.path);
                file.mode = mode;
                file.status = !state.repoSha   ? FileStatus::Added
                              : asInRepository ? FileStatus::Unchanged
                                               : FileStatus::Modified;
                file.binary = isBinaryContent(op.content);
                file.content = op.content;
                written.push_back(std::move(file));
                break;
            }
            case DraftOp::Kind::Remove: {
                if (!state.exists)
                    return fail(Error::notFound("'" + op.path + "' was not found in the draft"));
                if (state.repoSha) {
                    auto mark = db.cached(
                        "INSERT INTO draft_files (definition_id, path, content, sha, executable, "
                        "symlink, updated_by, updated_at) VALUES (?,?,NULL,NULL,0,0,?,?) "
                        "ON CONFLICT (definition_id, path) DO UPDATE SET content = NULL, sha = "
                        "NULL, executable = 0, symlink = 0, updated_by = excluded.updated_by, "
                        "updated_at = excluded.updated_at");
                    mark->bindAll(definitionId, op.path, actor.userId, now).run();
                } else {
                    auto del =
                        db.cached("DELETE FROM draft_files WHERE definition_id = ? AND path = ?");
                    del->bind(1, definitionId).bind(2, op.path).run();
                }
                break;
            }
            case DraftOp::Kind::Reset: {
                if (!state.overlaid)
                    return fail(Error::notFound("'" + op.path + "' has no draft change to reset"));
                auto del =
                    db.cached("DELETE FROM draft_files WHERE definition_id = ? AND path = ?");
                del->bind(1, definitionId).bind(2, op.path).run();
                break;
            }
            }
        }
        if (db.totalChanges() == before)
            return written; // nothing changed (the same content saved again): no event
        if (auto problem =
                quotaProblem(usageBefore, draftUsage(db, definitionId), ctx.definition->meta.name))
            return fail(std::move(*problem)); // rolls the write back
        settleDraftBase(db, definitionId, ctx.head, std::nullopt);
        tx.record(AuditEvent{0, actor.spaceId, actor.userId, action, "draft_file", definitionId,
                             definitionId, std::move(details), now});
        return written;
    });
}

Result<DraftFile> RepositoryService::save(const Actor &actor, const std::string &definitionId,
                                          const FileUpload &file)
{
    auto files = upload(actor, definitionId, {file});
    if (!files)
        return fail(files.error());
    return std::move(files->front());
}

Result<std::vector<DraftFile>> RepositoryService::upload(const Actor &actor,
                                                         const std::string &definitionId,
                                                         const std::vector<FileUpload> &files)
{
    if (files.empty())
        return fail(Error::invalid("no file was sent", "files"));
    std::vector<DraftOp> ops;
    nlohmann::json paths = nlohmann::json::array();
    for (const FileUpload &file : files) {
        if (auto ok = checkPath(file.path); !ok)
            return fail(ok.error());
        if (auto ok = checkSize(file.path, file.content.size()); !ok)
            return fail(ok.error());
        if (auto ok = checkBaseSha(file.baseSha); !ok)
            return fail(ok.error());
        for (const DraftOp &earlier : ops) {
            if (earlier.path == file.path)
                return fail(Error::invalid("'" + file.path + "' is sent twice", "path"));
        }
        ops.push_back(DraftOp{DraftOp::Kind::Put, file.path, file.content, blobId(file.content),
                              file.baseSha});
        paths.push_back(file.path);
    }
    auto ctx = context(actor, definitionId, true);
    if (!ctx)
        return fail(ctx.error());
    return applyWrites(actor, *ctx, files.size() == 1 ? "draft.file_saved" : "draft.files_uploaded",
                       {{"paths", paths}}, ops);
}

Result<DraftFile> RepositoryService::rename(const Actor &actor, const std::string &definitionId,
                                            const FileMove &move)
{
    auto files = this->move(actor, definitionId, {move});
    if (!files)
        return fail(files.error());
    return std::move(files->front());
}

Result<std::vector<DraftFile>> RepositoryService::move(const Actor &actor,
                                                       const std::string &definitionId,
                                                       const std::vector<FileMove> &moves)
{
    if (moves.empty())
        return fail(Error::invalid("'moves' must name at least one file", "moves"));
    for (size_t i = 0; i < moves.size(); ++i) {
        const std::string at =
            moves.size() == 1 ? std::string() : "moves[" + std::to_string(i) + "].";
        if (auto ok = checkPath(moves[i].path, at + "path"); !ok)
            return fail(ok.error());
        if (auto ok = checkPath(moves[i].newPath, at + "new_path"); !ok)
            return fail(ok.error());
        if (auto ok = checkBaseSha(moves[i].baseSha, at + "base_sha"); !ok)
            return fail(ok.error());
        if (moves[i].path == moves[i].newPath)
            return fail(
                Error::invalid("'" + moves[i].path + "' would move onto itself", at + "new_path"));
    }
    auto ctx = context(actor, definitionId, true);
    if (!ctx)
        return fail(ctx.error());
    // Every source is read first, so moves that swap or chain see the contents as they were.
    std::vector<DraftOp> ops;
    nlohmann::json details = nlohmann::json::array();
    for (const FileMove &m : moves) {
        ops.push_back(DraftOp{DraftOp::Kind::Remove, m.path, {}, {}, m.baseSha});
        details.push_back({{"path", m.path}, {"new_path", m.newPath}});
    }
    for (size_t i = 0; i < moves.size(); ++i) {
        auto entry = entryOf(*ctx, moves[i].path);
        if (!entry)
            return fail(entry.error());
        // A link moves as a link, so it may not land where git would read through it.
        if (entry->second == TreeFile::Mode::Link) {
            if (auto problem = linkPathProblem(moves[i].newPath)) {
                const std::string field =
                    moves.size() == 1 ? "new_path" : "moves[" + std::to_string(i) + "].new_path";
                Error e = Error::invalid("'" + moves[i].newPath + "': " + *problem, field);
                e.details["reason"] = *problem;
                return fail(e);
            }
        }
        ObjectId sha = blobId(entry->first);
        ops.push_back(DraftOp{DraftOp::Kind::PutNew, moves[i].newPath, std::move(entry->first),
                              std::move(sha), std::nullopt, entry->second});
    }
    return applyWrites(actor, *ctx, moves.size() == 1 ? "draft.file_renamed" : "draft.files_moved",
                       {{"moves", details}}, ops);
}

Result<DraftTree> RepositoryService::remove(const Actor &actor, const std::string &definitionId,
                                            const std::string &path,
                                            const std::optional<ObjectId> &baseSha)
{
    if (auto ok = checkPath(path); !ok)
        return fail(ok.error());
    if (auto ok = checkBaseSha(baseSha); !ok)
        return fail(ok.error());
    auto ctx = context(actor, definitionId, true);
    if (!ctx)
        return fail(ctx.error());
    auto done = applyWrites(actor, *ctx, "draft.file_deleted", {{"path", path}},
                            {DraftOp{DraftOp::Kind::Remove, path, {}, {}, baseSha}});
    if (!done)
        return fail(done.error());
    return tree(actor, definitionId);
}

Result<DraftTree> RepositoryService::resetOverride(const Actor &actor,
                                                   const std::string &definitionId,
                                                   const std::string &path)
{
    // Only drops an overlay row by its exact path, so a row stored before the path rule refused
    // it (".git.") can still be dropped; nothing is created.
    if (path.empty() || path.size() > kMaxRepoPathBytes) {
        // Only the length bounds apply here: checkPath says which one failed.
        if (auto ok = checkPath(path); !ok)
            return fail(ok.error());
    }
    auto ctx = context(actor, definitionId, true);
    if (!ctx)
        return fail(ctx.error());
    auto done = applyWrites(actor, *ctx, "draft.file_reset", {{"path", path}},
                            {DraftOp{DraftOp::Kind::Reset, path, {}, {}, std::nullopt}});
    if (!done)
        return fail(done.error());
    return tree(actor, definitionId);
}

} // namespace pw::core
