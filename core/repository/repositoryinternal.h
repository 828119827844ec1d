#pragma once

// Shared by the files of RepositoryService (drafts, commits, README, branches, webhooks); not
// for use outside core/repository.

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "../definition/definitionservice.h"
#include "repositoryservice.h"

namespace pw::core {

// One repository's libgit2 handle; libgit2 objects are not thread-safe, so every call on it
// holds its mutex.
struct RepositoryService::Handle
{
    std::mutex mutex;
    std::unique_ptr<GitRepo> git;
    Repository repo;
    // A content search reads blobs through a libgit2 repository of its own (objects are not
    // shared across threads), kept open so its cache stays warm; one search at a time per
    // repository, and the handle above stays free meanwhile.
    std::mutex searchMutex;
    std::unique_ptr<GitRepo> searcher;
};

// What a draft operation works on: the definition, its repository, the base branch's head and
// its tree listing.
struct RepositoryService::Context
{
    DefinitionPtr definition;
    Repository repo;
    std::shared_ptr<Handle> handle;
    std::optional<ObjectId> head;
    std::shared_ptr<const TreeListing> listing;

    const TreeFile *repoFile(std::string_view path) const
    {
        auto it =
            std::lower_bound(listing->begin(), listing->end(), path,
                             [](const TreeFile &f, std::string_view p) { return f.path < p; });
        return it != listing->end() && it->path == path ? &*it : nullptr;
    }
};

// One step of a draft write; several make a move, all in one transaction.
struct DraftOp
{
    enum class Kind
    {
        Put,    // create or replace
        PutNew, // create; an existing file is a conflict
        Remove,
        Reset,
    };
    Kind kind = Kind::Put;
    std::string path;
    std::string content;
    ObjectId sha; // of content, computed before the write
    std::optional<ObjectId> baseSha;
    // What a put writes: a moved file's own mode (a link stays a link, an executable keeps its
    // bit); none keeps what the path holds (an override of an executable stays executable).
    std::optional<TreeFile::Mode> mode = std::nullopt;
};

// An overlay row's mode, from its two flags.
inline TreeFile::Mode overlayMode(bool executable, bool symlink)
{
    return symlink      ? TreeFile::Mode::Link
           : executable ? TreeFile::Mode::Executable
                        : TreeFile::Mode::File;
}

Status checkRepoPath(const std::string &path, std::string_view field = "path");
// After a write to a definition's overlay (inside its transaction): an empty overlay forgets
// its base commit; otherwise the base is `moveTo` when given, else kept (or set to `startAt`
// when there was none).
void settleDraftBase(Database &db, const std::string &definitionId,
                     const std::optional<ObjectId> &startAt, const std::optional<ObjectId> &moveTo);
Signature signatureOf(Store &store, const Actor &actor);

} // namespace pw::core
