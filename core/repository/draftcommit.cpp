#include "repositoryinternal.h"

#include <set>

#include "../compiler/codegen.h"
#include "../spec/specio.h"
#include "../util/ids.h"
#include "../util/limits.h"
#include "../util/repopath.h"
#include "../util/textdiff.h"

namespace pw::core {

namespace {

// The overlay as a commit takes it: every row with its content.
struct OverlaySnapshot
{
    std::optional<ObjectId> base;
    struct Row
    {
        std::string path;
        std::optional<std::string> content; // none: deletion marker
        std::optional<ObjectId> sha;
        TreeFile::Mode mode = TreeFile::Mode::File;
    };
    std::vector<Row> rows;
};

Result<OverlaySnapshot> snapshotOverlay(Store &store, const std::string &definitionId)
{
    return store.read([&](Database &db) -> Result<OverlaySnapshot> {
        OverlaySnapshot out;
        auto base = db.cached("SELECT base_commit FROM draft_bases WHERE definition_id = ?");
        base->bind(1, definitionId);
        if (base->step())
            out.base = base->text(0);
        auto q = db.cached("SELECT path, content, sha, executable, symlink FROM draft_files "
                           "WHERE definition_id = ? ORDER BY path");
        q->bind(1, definitionId);
        while (q->step())
            out.rows.push_back({q->text(0), q->optionalText(1), q->optionalText(2),
                                overlayMode(q->integer(3) != 0, q->integer(4) != 0)});
        return out;
    });
}

std::string specTextOf(const Definition &definition)
{
    return RepositoryService::specFileText(definition.meta.name, definition.spec);
}

// One overlay entry against the repository. Its diff is whole, cut at a line end past
// kMaxChangeDiffBytes (as compare's), or left out when it does not fit in what is left of
// `budget` (the answer's kMaxChangesDiffBytes); after the first left out, none is computed.
DraftChange changeOf(const std::string &path, const std::optional<std::string> &before,
                     const std::optional<std::string> &after, size_t &budget)
{
    DraftChange change;
    change.path = path;
    change.status = !before  ? FileStatus::Added
                    : !after ? FileStatus::Deleted
                             : FileStatus::Modified;
    if (before)
        change.repositorySha = blobId(*before);
    if (after)
        change.draftSha = blobId(*after);
    change.binary = (before && isBinaryContent(*before)) || (after && isBinaryContent(*after));
    if (change.binary)
        return change;
    if (budget == 0) {
        change.diffTruncated = true;
        return change;
    }
    change.diff =
        unifiedDiff(before.value_or(std::string()), after.value_or(std::string()),
                    before ? "a/" + path : "/dev/null", after ? "b/" + path : "/dev/null");
    if (change.diff.size() > kMaxChangeDiffBytes) {
        const size_t cut = change.diff.rfind('\n', kMaxChangeDiffBytes - 1);
        change.diff.resize(cut == std::string::npos ? 0 : cut + 1);
        change.diffTruncated = true;
    }
    if (change.diff.size() > budget) {
        // The answer is full: no later diff is computed either (a diff of two large files is
        // the costly part of this answer, and it runs on the caller's thread).
        change.diff.clear();
        change.diffTruncated = true;
        budget = 0;
    }
    budget -= change.diff.size();
    return change;
}

// Changes answers kept (each at most kMaxChangesDiffBytes of diffs).
constexpr size_t kMaxCachedChanges = 4;

} // namespace

std::string RepositoryService::specFileText(const std::string &name, const Spec &spec)
{
    return "# Pipewright pipeline definition '" + name + "'.\n" + specToYaml(spec);
}

std::string RepositoryService::specPathOf(const Spec &spec, const std::string &definitionId)
{
    return specFilePath(dagIdOf(spec, definitionId));
}

Result<DraftChanges> RepositoryService::changes(const Actor &actor, const std::string &definitionId)
{
    auto ctx = context(actor, definitionId, false);
    if (!ctx)
        return fail(ctx.error());
    // The rows without their contents: each content is read in its turn, so the answer holds
    // one file pair at a time besides the (bounded) diffs.
    struct Row
    {
        std::string path;
        std::optional<ObjectId> sha; // none: deletion marker
    };
    DraftChanges out;
    auto rows = m_store.read([&](Database &db) -> Result<std::vector<Row>> {
        auto base = db.cached("SELECT base_commit FROM draft_bases WHERE definition_id = ?");
        base->bind(1, definitionId);
        if (base->step())
            out.base = base->text(0);
        auto q = db.cached("SELECT path, sha FROM draft_files WHERE definition_id = ? "
                           "ORDER BY path");
        q->bind(1, definitionId);
        std::vector<Row> found;
        while (q->step())
            found.push_back(Row{q->text(0), q->optionalText(1)});
        return found;
    });
    if (!rows)
        return fail(rows.error());
    out.branch = ctx->repo.defaultBranch;
    out.head = ctx->head;
    std::string key = definitionId + ":" + std::to_string(ctx->definition->currentVersion) + ":" +
                      ctx->head.value_or("-") + ":" + out.base.value_or("-") + ":";
    {
        std::string listed;
        for (const Row &row : *rows)
            listed += row.path + '\0' + row.sha.value_or("-") + '\n';
        key += blobId(listed);
        std::lock_guard lock(m_mutex);
        if (auto it = m_changes.find(key); it != m_changes.end())
            return *it->second;
    }
    auto repoContent = [&](const std::string &path) -> Result<std::optional<std::string>> {
        const TreeFile *file = ctx->repoFile(path);
        if (!file || file->mode == TreeFile::Mode::Submodule)
            return std::optional<std::string>();
        std::lock_guard lock(ctx->handle->mutex);
        auto blob = ctx->handle->git->readBlob(file->blob);
        if (!blob)
            return fail(blob.error());
        return std::optional<std::string>(std::move(*blob));
    };
    // The row's content as listed; when a concurrent write changed it since the listing, the
    // content it has now, and the answer is not kept (its key names the listed rows).
    bool asListed = true;
    auto draftContent = [&](const Row &row) -> Result<std::optional<std::string>> {
        return m_store.read([&](Database &db) -> Result<std::optional<std::string>> {
            auto q = db.cached(
                "SELECT content, sha FROM draft_files WHERE definition_id = ? AND path = ?");
            q->bind(1, definitionId).bind(2, row.path);
            if (!q->step()) {
                asListed = false;
                return std::optional<std::string>();
            }
            asListed = asListed && q->optionalText(1) == row.sha;
            return q->optionalText(0);
        });
    };
    size_t budget = kMaxChangesDiffBytes;
    // The spec file a commit writes comes first, unless an author's own edit of it does.
    const std::string specPath = specPathOf(ctx->definition->spec, definitionId);
    const bool specOverlaid = std::any_of(rows->begin(), rows->end(),
                                          [&](const Row &row) { return row.path == specPath; });
    if (!specOverlaid) {
        auto before = repoContent(specPath);
        if (!before)
            return fail(before.error());
        const std::string after = specTextOf(*ctx->definition);
        if (!*before || blobId(**before) != blobId(after)) {
            DraftChange change = changeOf(specPath, *before, after, budget);
            change.specFile = true;
            out.changes.push_back(std::move(change));
        }
    }
    for (const Row &row : *rows) {
        auto before = repoContent(row.path);
        if (!before)
            return fail(before.error());
        if (!*before && !row.sha)
            continue;
        auto after = row.sha ? draftContent(row) : Result<std::optional<std::string>>();
        if (!after)
            return fail(after.error());
        if (!*before && !*after)
            continue;
        out.changes.push_back(changeOf(row.path, *before, *after, budget));
    }
    std::sort(out.changes.begin(), out.changes.end(),
              [](const DraftChange &a, const DraftChange &b) { return a.path < b.path; });
    out.truncated = std::any_of(out.changes.begin(), out.changes.end(),
                                [](const DraftChange &c) { return c.diffTruncated; });
    if (asListed) {
        std::lock_guard lock(m_mutex);
        if (m_changes.emplace(key, std::make_shared<const DraftChanges>(out)).second) {
            m_changesOrder.push_back(key);
            if (m_changesOrder.size() > kMaxCachedChanges) {
                m_changes.erase(m_changesOrder.front());
                m_changesOrder.erase(m_changesOrder.begin());
            }
        }
    }
    return out;
}

Result<CommitResult> RepositoryService::commitDrafts(const Actor &actor,
                                                     const std::string &definitionId,
                                                     const CommitRequest &request)
{
    if (!isValidBranchName(request.branch))
        return fail(
            Error::invalid("'" + request.branch + "' is not a valid branch name", "branch"));
    if (request.message.size() > 64 * 1024)
        return fail(Error::invalid("the commit message may be at most 64 KiB", "message"));
    auto ctx = context(actor, definitionId, true);
    if (!ctx)
        return fail(ctx.error());
    auto overlay = snapshotOverlay(m_store, definitionId);
    if (!overlay)
        return fail(overlay.error());
    // Rows stored before the path rule refused them (".git.", "GIT~1"): git would refuse the
    // whole commit, so the answer names them and how to drop them instead.
    nlohmann::json refused = nlohmann::json::array();
    for (const OverlaySnapshot::Row &row : overlay->rows) {
        if (row.mode == TreeFile::Mode::Link ? linkPathProblem(row.path)
                                             : repoPathProblem(row.path))
            refused.push_back(row.path);
    }
    if (!refused.empty()) {
        Error e = Error::conflict(
            "the drafts hold " + std::to_string(refused.size()) +
            " path(s) git refuses; reset them (files/reset-override) and commit again");
        e.details["paths"] = std::move(refused);
        return fail(e);
    }
    const Definition &definition = *ctx->definition;
    CommitResult result;
    result.branch = request.branch;
    result.specPath = specPathOf(definition.spec, definitionId);

    std::vector<TreeChange> changes;
    bool specOverlaid = false;
    std::set<std::string> generatedPaths;
    for (const auto &[path, content] : request.generated) {
        if (auto ok = checkRepoPath(path); !ok)
            return fail(ok.error());
        generatedPaths.insert(path);
    }
    for (const OverlaySnapshot::Row &row : overlay->rows) {
        if (generatedPaths.contains(row.path))
            continue; // generated code replaces a hand edit of it
        changes.push_back(TreeChange{row.path, row.content, row.mode});
        result.files.push_back(row.path);
        specOverlaid = specOverlaid || row.path == result.specPath;
    }
    // An author's own edit of the spec file wins over the generated one.
    if (!specOverlaid) {
        changes.push_back(
            TreeChange{result.specPath, specTextOf(definition), TreeFile::Mode::File});
        result.files.push_back(result.specPath);
    }
    const std::string message = request.message.empty()
                                    ? "Update pipeline '" + definition.meta.name + "'"
                                    : request.message;

    {
        std::lock_guard lock(ctx->handle->mutex);
        GitRepo &git = *ctx->handle->git;
        auto targetHead = git.branchHead(request.branch);
        if (!targetHead)
            return fail(targetHead.error());
        if (request.expectedHead && *request.expectedHead != targetHead->value_or(ObjectId())) {
            Error e = Error::conflict("branch '" + request.branch + "' moved: it is at " +
                                      targetHead->value_or("nothing") + ", not at " +
                                      *request.expectedHead);
            e.details["branch"] = request.branch;
            e.details["head"] = *targetHead ? nlohmann::json(**targetHead) : nlohmann::json();
            return fail(e);
        }
        result.createdBranch = !*targetHead;
        result.parent = *targetHead ? *targetHead : ctx->head;
        // The draft was made over `base`: a file it changes that also changed on the branch
        // since then would be overwritten unseen.
        if (overlay->base && result.parent && *overlay->base != *result.parent) {
            nlohmann::json moved = nlohmann::json::array();
            for (const OverlaySnapshot::Row &row : overlay->rows) {
                auto then = git.blobAt(*overlay->base, row.path);
                auto now = git.blobAt(*result.parent, row.path);
                if (!then || !now)
                    return fail(!then ? then.error() : now.error());
                if (*then != *now)
                    moved.push_back(row.path);
            }
            if (!moved.empty()) {
                Error e = Error::conflict("branch '" + request.branch +
                                          "' moved since the drafts were started and changed " +
                                          std::to_string(moved.size()) + " of their files");
                e.details["branch"] = request.branch;
                e.details["paths"] = moved;
                e.details["base"] = *overlay->base;
                e.details["head"] = *result.parent;
                return fail(e);
            }
        }
        // The spec file is listed only when the commit changes it.
        if (!specOverlaid && result.parent) {
            auto there = git.blobAt(*result.parent, result.specPath);
            if (!there)
                return fail(there.error());
            if (*there && **there == blobId(*changes.back().content)) {
                changes.pop_back();
                result.files.pop_back();
            }
        }
        for (const auto &[path, content] : request.generated) {
            if (result.parent) {
                auto there = git.blobAt(*result.parent, path);
                if (!there)
                    return fail(there.error());
                if (*there && **there == blobId(content))
                    continue; // unchanged
            }
            changes.push_back(TreeChange{path, content, TreeFile::Mode::File});
            result.files.push_back(path);
        }
        auto commit = git.commit(request.branch, result.parent, !result.createdBranch, changes,
                                 message, signatureOf(m_store, actor));
        if (!commit)
            return fail(commit.error());
        result.commit = *commit;
    }

    // The committed entries leave the overlay (an edit made meanwhile stays: its sha differs).
    const bool onBase = request.branch == ctx->repo.defaultBranch;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        for (const OverlaySnapshot::Row &row : overlay->rows) {
            auto del = db.cached("DELETE FROM draft_files WHERE definition_id = ? AND path = ? AND "
                                 "sha IS ?");
            del->bind(1, definitionId).bind(2, row.path).bind(3, row.sha).run();
        }
        settleDraftBase(db, definitionId, std::nullopt,
                        onBase ? std::optional<ObjectId>(result.commit) : std::nullopt);
        tx.record(AuditEvent{
            0,
            actor.spaceId,
            actor.userId,
            "draft.committed",
            "draft_file",
            definitionId,
            definitionId,
            {{"branch", result.branch}, {"commit", result.commit}, {"files", result.files}},
            nowUtc()});
        return {};
    });
    if (!written)
        return fail(written.error());
    return result;
}

} // namespace pw::core
