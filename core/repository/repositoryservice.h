#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../app/trustpolicy.h"
#include "../registry/registry.h"
#include "../spec/spec.h"
#include "../store/store.h"
#include "gitrepo.h"
#include "knownhostservice.h"

namespace pw::core {

class DefinitionService;
class JobService;
class TransientJob;
class WorkspaceService;
struct JobInfo;

// The largest draft file: saves, uploads and renames of bigger content are refused (413).
inline constexpr size_t kMaxDraftFileBytes = 5 * 1024 * 1024;
// Search: results returned at most, and the largest file whose content is searched.
inline constexpr int kMaxSearchResults = 1000;
// How long one search may read before it answers with what it found (a pathological regular
// expression over a large tree must not hold the server).
inline constexpr int kSearchBudgetMs = 5000;

// What a draft file is against the repository's base branch.
enum class FileStatus
{
    Unchanged,
    Modified,
    Added,
    Deleted
};
std::string_view fileStatusName(FileStatus status);

// The editor language of a path, by extension: python, yaml, sql, json, markdown, bash, text.
std::string languageOfPath(std::string_view path);
// Whether content is shown as bytes (base64) rather than text: a NUL in the first 8,000 bytes
// (git's rule) or bytes that are not UTF-8.
bool isBinaryContent(std::string_view content);

struct DraftEntry
{
    std::string path;
    ObjectId sha; // the draft's blob id (the repository's for a deleted file)
    FileStatus status = FileStatus::Unchanged;
    TreeFile::Mode mode = TreeFile::Mode::File;
};

struct DraftTree
{
    std::string definitionId;
    std::string repositoryId;
    std::string branch;              // the base branch the draft is over
    std::optional<ObjectId> head;    // its head commit (none in an empty repository)
    std::optional<ObjectId> base;    // the commit the overlay was started on
    std::vector<DraftEntry> entries; // by path; deleted files included, marked
};

struct DraftFile
{
    std::string path;
    std::string content; // bytes as stored
    ObjectId sha;
    std::string language;
    FileStatus status = FileStatus::Unchanged;
    TreeFile::Mode mode = TreeFile::Mode::File;
    bool binary = false;
};

struct FileMove
{
    std::string path;
    std::string newPath;
    std::optional<ObjectId> baseSha;
};

struct FileUpload
{
    std::string path;
    std::string content;
    std::optional<ObjectId> baseSha;
};

struct SearchQuery
{
    std::string text;
    bool regex = false;
    bool caseSensitive = false;
    bool wholeWord = false;
    bool paths = true;    // match file paths
    bool contents = true; // match lines of text files
    std::string under;    // only below this folder
    int limit = 200;
};

struct SearchHit
{
    std::string path;
    int line = 0;     // 1-based; 0 for a path match
    int column = 0;   // 1-based byte column of the match
    int length = 0;   // bytes matched
    std::string text; // the line (cut to 500 bytes)
};

struct SearchResult
{
    std::vector<SearchHit> hits;
    bool truncated = false; // stopped at the limit
    bool timedOut = false;  // stopped early (time budget, cancel, a too costly pattern)
    bool tooCostly = false; // a regular expression needed more than its match limits on a line
    int filesSearched = 0;
};

struct DraftChange
{
    std::string path;
    FileStatus status = FileStatus::Modified;
    std::optional<ObjectId> repositorySha; // none for an added file
    std::optional<ObjectId> draftSha;      // none for a deleted file
    bool binary = false;
    bool specFile = false; // the definition's spec, written by every commit of the drafts
    std::string diff;      // unified, against the repository; empty for binary files
    // The diff was cut at a line end (kMaxChangeDiffBytes), or left out because the diffs
    // before it reached kMaxChangesDiffBytes.
    bool diffTruncated = false;
};

struct DraftChanges
{
    std::string branch;
    std::optional<ObjectId> head;
    std::optional<ObjectId> base;
    std::vector<DraftChange> changes;
    bool truncated = false; // a diff was cut or left out
};

struct CommitRequest
{
    std::string branch; // new or existing
    std::string message;
    std::optional<ObjectId> expectedHead; // the branch's head the caller saw (conflict otherwise)
    // Files written with the drafts (a publish's generated code), over any draft of the path.
    std::vector<std::pair<std::string, std::string>> generated;
};

struct CommitResult
{
    std::string branch;
    ObjectId commit;
    std::optional<ObjectId> parent;
    std::vector<std::string> files; // paths written or removed, the spec file among them
    std::string specPath;
    bool createdBranch = false;
};

// Where a node's code is in the draft: a python_module node's module file at its callable, an
// sql node's query file when the query is a path.
struct CodeLocation
{
    std::string path;
    int line = 1; // 1-based
};

struct ReadmeFile
{
    std::string path;
    bool exists = false;
    std::optional<DraftFile> file;
};

// A repository as the API shows it: never its credential or webhook secret.
struct RepositoryInfo
{
    Repository repository;
    RepositoryCredentials credentials;     // whether each is set; never the secrets
    std::vector<std::string> workspaceIds; // workspaces that default to it
    std::optional<std::string> jobId;      // the clone running for it
};

struct RepositoryConnect
{
    std::string name;
    std::optional<std::string> remoteUrl; // clone it; none: a new local repository
    std::string defaultBranch = "main";
    std::string credentialType = "NONE";      // NONE | TOKEN | SSH_KEY
    std::optional<SecretValue> credential;    // the token, or the SSH private key's text
    std::optional<std::string> credentialRef; // env://NAME or file:///path, as the operator allows
    std::optional<SecretValue> webhookSecret;
    std::optional<std::string> workspaceId; // make it this workspace's default repository
    // Where publishing opens merge requests; none: derived from a github.com or GitLab remote,
    // else merge requests are kept locally.
    std::optional<Forge> forge;
};

// The forge of a remote URL on github.com or a GitLab host (its API and project path); none for
// other hosts.
std::optional<Forge> forgeOfRemote(const std::string &url);

// A merge request opened by a publish: on the repository's forge, or kept here (provider
// "local") until the Git merge route merges its branch.
struct MergeRequestInfo
{
    std::string id;
    std::string repositoryId;
    std::optional<std::string> definitionId;
    std::string provider = "local"; // local | github | gitlab
    std::optional<int64_t> number;  // the forge's pull / merge request number
    std::optional<std::string> url;
    std::string sourceBranch;
    std::string targetBranch;
    std::string title;
    std::string body;
    std::string headCommit;
    std::string state = "open"; // open | merged | closed
    std::string createdBy;
    std::string createdAt;
    std::optional<std::string> mergedAt;
};

struct MergeResult
{
    MergeOutcome outcome;
    std::string source;
    std::string target;
    // Definitions whose spec file the merge changed, with the version their merged spec became.
    std::vector<std::pair<std::string, int>> mergedVersions;
};

struct WebhookDelivery
{
    std::string provider; // github | gitlab
    std::string event;    // X-GitHub-Event / X-Gitlab-Event
    std::string deliveryId;
    std::string signature; // X-Hub-Signature-256 or X-Gitlab-Token
    std::string body;      // raw, as signed
};

struct WebhookResult
{
    std::string action; // SYNC | DEPLOY | VALIDATE | IGNORE | ERROR
    std::string message;
    std::optional<std::string> repositoryId;
    std::optional<std::string> jobId;
    bool replayed = false;
};

// Git repositories (libgit2, in process) and each definition's draft overlay over its
// repository. libgit2 is used only here. Draft operations read the base branch's head tree and
// write the overlay in SQLite; they never touch a working directory or a ref. Commits are built
// in memory and move a branch compare-and-swap. Git I/O never holds the SQLite write lock.
class RepositoryService
{
public:
    RepositoryService(Store &store, Registry &registry, WorkspaceService &workspaces,
                      DefinitionService &definitions, JobService &jobs,
                      KnownHostService &knownHosts, std::string dataDir, const TrustPolicy &policy);
    ~RepositoryService();

    // Repositories of the space.
    Result<std::vector<RepositoryInfo>> repositories(const Actor &actor);
    // Clones a remote (as a job; the repository is 'cloning' until it ends) or creates a local
    // repository with an empty base branch. Space admins only.
    Result<RepositoryInfo> connect(const Actor &actor, RepositoryConnect input);
    // Makes the repository at `path` (created when missing) a bare git repository and, when its
    // base branch has no commit yet, commits `files` as its first commit.
    Status initialiseLocal(const Repository &repo, const std::map<std::string, std::string> &files,
                           const Signature &author, const std::string &message);

    // The draft of a definition.
    Result<DraftTree> tree(const Actor &actor, const std::string &definitionId);
    Result<DraftFile> read(const Actor &actor, const std::string &definitionId,
                           const std::string &path);
    // Searches on the caller's thread (a job's); `cancelled` is asked with the deadline.
    Result<SearchResult> search(const Actor &actor, const std::string &definitionId,
                                const SearchQuery &query,
                                const std::function<bool()> &cancelled = {});
    // Searches on a job thread, so no caller (the API server, the window) waits on it: the query
    // is checked at once, one search per caller runs at a time (too_many_requests otherwise),
    // and `done` gets the result on the job's thread. The handle cancels it.
    Result<std::shared_ptr<TransientJob>>
    startSearch(const Actor &actor, const std::string &definitionId, SearchQuery query,
                std::function<void(Result<SearchResult>)> done);
    Result<DraftFile> save(const Actor &actor, const std::string &definitionId,
                           const FileUpload &file);
    Result<std::vector<DraftFile>> upload(const Actor &actor, const std::string &definitionId,
                                          const std::vector<FileUpload> &files);
    Result<DraftFile> rename(const Actor &actor, const std::string &definitionId,
                             const FileMove &move);
    Result<std::vector<DraftFile>> move(const Actor &actor, const std::string &definitionId,
                                        const std::vector<FileMove> &moves);
    // Deletes a draft file: a deletion marker over a repository file, or the added file gone.
    Result<DraftTree> remove(const Actor &actor, const std::string &definitionId,
                             const std::string &path, const std::optional<ObjectId> &baseSha);
    // Drops the overlay entry at `path`: the repository's content again (or nothing).
    Result<DraftTree> resetOverride(const Actor &actor, const std::string &definitionId,
                                    const std::string &path);
    Result<DraftChanges> changes(const Actor &actor, const std::string &definitionId);
    // One commit on `branch` with the overlay and the definition's spec file; clears what it
    // committed from the overlay.
    Result<CommitResult> commitDrafts(const Actor &actor, const std::string &definitionId,
                                      const CommitRequest &request);
    // Where a definition keeps its spec in its repository: pipelines/<dag_id>.yaml.
    static std::string specPathOf(const Spec &spec, const std::string &definitionId);
    // What that file holds: a comment naming the definition, then its canonical spec as YAML.
    static std::string specFileText(const std::string &name, const Spec &spec);

    // Writes the draft tree (the base branch's head with the overlay over it) into `dir`, with
    // executable bits; symbolic links and submodules are left out. Returns the files written.
    // Local runs run in such a checkout.
    Result<size_t> checkout(const Actor &actor, const std::string &definitionId,
                            const std::string &dir);

    // The file (and line) holding a node's code; not_found when the node names none or the
    // draft has no such file.
    Result<CodeLocation> codeOf(const Actor &actor, const std::string &definitionId,
                                const std::string &nodeId);

    // README of a definition (seed 000's resolution rule).
    Result<ReadmeFile> readme(const Actor &actor, const std::string &definitionId);
    Result<ReadmeFile> saveReadme(const Actor &actor, const std::string &definitionId,
                                  const std::optional<std::string> &path, std::string content,
                                  const std::optional<ObjectId> &baseSha,
                                  const std::string &changeSummary);
    Result<ReadmeFile> deleteReadme(const Actor &actor, const std::string &definitionId,
                                    const std::optional<ObjectId> &baseSha);

    // The repository a caller names: by id, else the default repository of a workspace (by id
    // or name), else the space's only repository.
    Result<Repository> resolve(const Actor &actor, const std::optional<std::string> &repositoryId,
                               const std::optional<std::string> &workspace);

    // Branches and merges of a repository.
    Result<std::vector<GitRepo::Branch>>
    branches(const Actor &actor, const std::string &repositoryId, bool includeRemote);
    Result<bool> hasTag(const Actor &actor, const std::string &repositoryId,
                        const std::string &name);
    Result<GitRepo::Branch> createBranch(const Actor &actor, const std::string &repositoryId,
                                         const std::string &name, const std::string &from);
    Result<MergeResult> merge(const Actor &actor, const std::string &repositoryId,
                              const std::string &source, const std::string &target,
                              const std::string &message);
    Result<std::vector<GitRepo::CommitInfo>>
    log(const Actor &actor, const std::string &repositoryId, const std::string &branch, int limit);

    // Pushes a branch to the repository's remote (manage access; conflict without a remote).
    Status push(const Actor &actor, const std::string &repositoryId, const std::string &branch);
    // Opens a merge request of request.sourceBranch into request.targetBranch: on the
    // repository's forge (with its token) when it has one, else a local record the Git merge
    // route closes when it merges the branch.
    Result<MergeRequestInfo> openMergeRequest(const Actor &actor, MergeRequestInfo request);
    Result<MergeRequestInfo> recordMergeRequest(const Actor &actor, MergeRequestInfo request);
    Result<MergeRequestInfo> mergeRequest(const Actor &actor, const std::string &id);

    // A provider's webhook call, verified against the secret of the repository it names.
    Result<WebhookResult> receiveWebhook(const WebhookDelivery &delivery);

    struct Handle;

private:
    struct Context;
    static Status checkSearch(const SearchQuery &query);
    Result<Context> context(const Actor &actor, const std::string &definitionId, bool write);
    Result<std::shared_ptr<Handle>> handleOf(const Repository &repo);
    Result<std::shared_ptr<const TreeListing>> listing(Handle &handle,
                                                       const std::optional<ObjectId> &commit);
    Result<std::vector<DraftFile>> applyWrites(const Actor &actor, Context &ctx,
                                               const std::string &action, nlohmann::json details,
                                               const std::vector<struct DraftOp> &ops);
    // The draft's content at a path (the overlay's, else the repository's) with its mode.
    Result<std::pair<std::string, TreeFile::Mode>> entryOf(Context &ctx, const std::string &path);
    Result<std::string> readmePathOf(const Actor &actor, const std::string &definitionId);
    Result<Repository> requireRepository(const Actor &actor, const std::string &repositoryId);
    // The repository of the space and its open handle.
    Result<std::pair<Repository, std::shared_ptr<Handle>>>
    openRepository(const Actor &actor, const std::string &repositoryId);
    // Where the repository's remote is and the credential to reach it, as the rules allow now
    // (the URL and any reference are checked again at each use: the operator may have closed
    // what was open when it was connected).
    Result<CloneSource> remoteSource(const Repository &repo);
    // After a clone, fetch or push failed: an SSH host key it refused as unknown is recorded for
    // the space's admins to accept (before the failure is reported, so whoever sees the failure
    // finds the key listed).
    void recordUnknownHostKey(const Actor &actor, const Repository &repo,
                              const CloneSource &source);

    Store &m_store;
    Registry &m_registry;
    WorkspaceService &m_workspaces;
    DefinitionService &m_definitions;
    JobService &m_jobs;
    KnownHostService &m_knownHosts;
    std::string m_dataDir;
    const TrustPolicy &m_policy;

    std::mutex m_mutex;                // guards the maps below and m_searching
    std::set<std::string> m_searching; // callers with a search running
    std::map<std::string, std::shared_ptr<Handle>> m_handles;
    // Tree listings by commit: a commit's tree never changes, so a cached listing is never stale.
    std::map<std::string, std::shared_ptr<const TreeListing>> m_listings;
    std::vector<std::string> m_listingOrder;
    // Changes answers by everything they are made of (the definition's version, the base
    // branch's head, the overlay's paths and blob ids), so never stale: asking again (a viewer
    // polling a large draft) costs no diffs.
    std::map<std::string, std::shared_ptr<const DraftChanges>> m_changes;
    std::vector<std::string> m_changesOrder;
};

} // namespace pw::core
