#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../definition/definitionservice.h"
#include "../jobs/jobservice.h"
#include "../repository/repositoryservice.h"
#include "publishgates.h"

namespace pw::core {

// What a publish is doing, for a progress display: a gate that finished (`gate` set, in the
// order review_current, spec_valid, compiles, python_parses), or a step that starts (commit,
// push, merge_request).
struct PublishProgress
{
    std::string step;
    const GateResult *gate = nullptr;
};
// Called on the publishing thread. Answering false stops the publish while nothing is committed
// yet (a conflict, "cancelled"); from the commit on, the answer is not asked for: a commit is
// never left half-published by a cancel.
using PublishObserver = std::function<bool(const PublishProgress &)>;

struct PublishRequest
{
    std::optional<std::string> repositoryId; // must be the definition's repository when given
    std::string title;
    std::string body;
    std::string sandboxPolicy = "enforce"; // enforce: a failed gate stops it; warn: reported
    std::optional<int> reviewedVersion;    // the version the reviewer read (409 if stale)
    std::optional<std::string> branch;     // default: publishBranchOf (core/compiler)
    PublishObserver observer;
    // Asked while a gate runs python3 (a job's cancel); the observer is asked between steps.
    std::function<bool()> cancelled;
};

struct PublishResult
{
    DefinitionView definition;
    std::string sourceBranch;
    std::string targetBranch;
    CommitResult commit;
    bool pushed = false;
    MergeRequestInfo mergeRequest;
    std::vector<GeneratedFile> files;
    PublishReport report;
};

// Why `branch` cannot take a publish into `baseBranch`, or none: a publish goes to a review
// branch, never onto the base branch (in any letter case), HEAD, a full ref name (refs/...) or
// a name git refuses. A name that is also a tag is refused by publish, which can look.
std::optional<std::string> reviewBranchProblem(const std::string &branch,
                                               const std::string &baseBranch);
// The branch a publish of `version` goes to unless the request names one:
// pipewright/<dagIdOf>-v<version>.
std::string publishBranchOf(const Spec &spec, const std::string &definitionId, int version);

// What a publish job records as its result (the HTTP answer has more: the definition and the
// generated files).
nlohmann::json publishSummaryJson(const PublishResult &result);

// Publishes a reviewed definition: the gates (the reviewed version is the current one, the spec
// validates, compiles for the definition's target and the generated Python parses; `enforce`
// stops at a failed one with 422 and the report), then one commit of the drafts, the spec file
// and the generated code on a source branch, a push when the repository has a remote, a merge
// request (the forge's, or a local record) into the base branch, and the definition marked
// published.
class PublishService
{
public:
    using Done = std::function<void(const JobInfo &job, const Result<PublishResult> &outcome)>;

    PublishService(DefinitionService &definitions, RepositoryService &repositories,
                   const CompilerService &compiler, JobService &jobs)
        : m_definitions(definitions), m_repositories(repositories), m_compiler(compiler),
          m_jobs(jobs)
    {
    }

    // Publishes on the caller's thread (the CLI, a job's work).
    Result<PublishResult> publish(const Actor &actor, const std::string &definitionId,
                                  PublishRequest request);
    // Publishes as a job (kind "publish", its subject the definition), so no caller thread waits
    // on python3, a push or a forge: the request is checked at once (permission, fields,
    // branch), the work runs on a job thread, and `done` hears the outcome there. Cancelling the
    // job stops the publish while nothing is committed (python3 is stopped mid-check).
    Result<JobInfo> submit(const Actor &actor, const std::string &definitionId,
                           PublishRequest request, Done done = {});

private:
    Status check(const Actor &actor, const std::string &definitionId,
                 const PublishRequest &request);

    DefinitionService &m_definitions;
    RepositoryService &m_repositories;
    const CompilerService &m_compiler;
    JobService &m_jobs;
};

} // namespace pw::core
