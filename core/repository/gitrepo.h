#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../secrets/secretbox.h"
#include "../util/error.h"
#include "hostkeys.h"

struct git_repository;

namespace pw::core {

// A git object id as 40 lowercase hex digits.
using ObjectId = std::string;

// The blob id git gives `content` (equal to `git hash-object`), computed without writing.
ObjectId blobId(std::string_view content);

// One file of a commit's tree.
struct TreeFile
{
    enum class Mode
    {
        File,
        Executable,
        Link,      // a symbolic link: its blob is the target text; never followed
        Submodule, // a gitlink: no blob in this repository
    };
    std::string path;
    ObjectId blob;
    Mode mode = Mode::File;
};
using TreeListing = std::vector<TreeFile>; // sorted by path (byte order)

// One change of a commit built in memory: the content at `path`, or its removal.
struct TreeChange
{
    std::string path;
    std::optional<std::string> content; // nullopt: remove
    TreeFile::Mode mode = TreeFile::Mode::File;
};

struct Signature
{
    std::string name;
    std::string email;
};

// Where a clone comes from and how it authenticates. The secret is used, never logged.
struct CloneSource
{
    std::string url;
    enum class Credential
    {
        None,
        Token,  // https: the token as password
        SshKey, // ssh: a private key
    } credential = Credential::None;
    SecretValue secret;  // the token, or the private key's text
    std::string keyPath; // an SSH private key file the operator allowed (instead of the text)
    // The SSH host keys the connection may trust (ssh remotes). Without it an ssh remote is
    // refused: libgit2 1.5 verifies no SSH host key itself.
    std::shared_ptr<HostKeyCheck> hostKeys;
};

// Whether this libgit2 speaks SSH (Debian's links libssh2).
bool gitHasSsh();

struct MergeOutcome
{
    std::vector<std::string> conflicts; // paths; empty when merged
    ObjectId commit;                    // the merge commit (or the fast-forwarded head)
    ObjectId previous;                  // the target's head the merge was made on
    bool fastForward = false;
    bool upToDate = false;
};

// One git repository on disk, through libgit2 in process. Not thread-safe (libgit2 objects are
// not): RepositoryService serialises calls per repository. Nothing here touches the working
// directory: trees and commits are built in memory and refs updated compare-and-swap.
class GitRepo
{
public:
    static Result<std::unique_ptr<GitRepo>> open(const std::string &path);
    // A new bare repository whose unborn HEAD names `branch`. Bare: Pipewright reads trees and
    // moves refs, so a working directory would only go stale behind its commits.
    static Result<std::unique_ptr<GitRepo>> init(const std::string &path,
                                                 const std::string &branch);
    // `cancelled` is asked while objects arrive; true stops the clone.
    static Result<std::unique_ptr<GitRepo>> clone(const CloneSource &source,
                                                  const std::string &path,
                                                  const std::function<bool()> &cancelled = {});
    ~GitRepo();
    GitRepo(const GitRepo &) = delete;
    GitRepo &operator=(const GitRepo &) = delete;

    const std::string &path() const { return m_path; }

    // The commit a branch points at; nullopt when the branch does not exist (or is unborn).
    Result<std::optional<ObjectId>> branchHead(const std::string &branch);
    // The branch HEAD names (also when unborn), or empty when HEAD is detached.
    std::string headBranch();
    // Every file of the commit's tree, recursively (an empty listing for an empty commit id).
    Result<TreeListing> listTree(const ObjectId &commit);
    Result<std::string> readBlob(const ObjectId &blob);
    // The blob at `path` in `commit`, when there is one.
    Result<std::optional<ObjectId>> blobAt(const ObjectId &commit, const std::string &path);

    // Builds a commit from `parent`'s tree (none: empty) with `changes` applied and moves
    // `branch` to it compare-and-swap: an existing branch only if it still points at `parent`,
    // a new one only if it still does not exist; else conflict. A commit that would change
    // nothing is a conflict too. Returns the new commit.
    Result<ObjectId> commit(const std::string &branch, const std::optional<ObjectId> &parent,
                            bool branchExists, const std::vector<TreeChange> &changes,
                            const std::string &message, const Signature &author);

    struct Branch
    {
        std::string name;
        ObjectId head;
        bool remote = false;
    };
    Result<std::vector<Branch>> branches(bool includeRemote);
    // Whether refs/tags/<name> exists.
    Result<bool> hasTag(const std::string &name);
    // A new branch at `commit`; an existing name is a conflict.
    Result<ObjectId> createBranch(const std::string &name, const ObjectId &commit);

    // Merges `source` into `target` in memory: conflicts are listed; otherwise the merge commit
    // is written (or the fast-forward found) and `outcome.commit` is where `target` would go.
    // Nothing moves: the caller checks what the merge brings, then calls moveBranch.
    Result<MergeOutcome> merge(const std::string &source, const std::string &target,
                               const std::string &message, const Signature &author);
    // Moves `branch` from `from` to `to`, compare-and-swap (a conflict when it moved meanwhile).
    Status moveBranch(const std::string &branch, const ObjectId &from, const ObjectId &to,
                      const std::string &why);

    // Fetches `origin` and fast-forwards the local `branch` to origin's when it can (a branch
    // that diverged is left as it is: conflict). Returns the branch's head afterwards.
    Result<std::optional<ObjectId>>
    fetchAndFastForward(const std::string &branch, const CloneSource &credentials,
                        const std::function<bool()> &cancelled = {});

    // Pushes `branch` to origin's branch of the same name (never forced). A ref the remote
    // refuses (it moved: not a fast-forward; a hook said no) is a conflict naming why; an
    // unreachable remote or refused credentials are `unavailable`.
    Status push(const std::string &branch, const CloneSource &credentials);

    // The commits of `branch` newest first, at most `limit`.
    struct CommitInfo
    {
        ObjectId id;
        std::string summary;
        std::string author;
        int64_t time = 0; // seconds since the epoch
    };
    Result<std::vector<CommitInfo>> log(const std::string &branch, int limit);

private:
    GitRepo(git_repository *repo, std::string path) : m_repo(repo), m_path(std::move(path)) {}
    git_repository *m_repo;
    std::string m_path;
};

// Whether `name` is a branch name git accepts (git check-ref-format --branch).
bool isValidBranchName(const std::string &name);

} // namespace pw::core
