#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../definition/definitionservice.h"
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
    std::optional<std::string> branch;     // default: pipewright/<dag_id>-v<version>
    PublishObserver observer;
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

// Publishes a reviewed definition: the gates (the reviewed version is the current one, the spec
// validates, compiles for the definition's target and the generated Python parses; `enforce`
// stops at a failed one with 422 and the report), then one commit of the drafts, the spec file
// and the generated code on a source branch, a push when the repository has a remote, a merge
// request (the forge's, or a local record) into the base branch, and the definition marked
// published.
class PublishService
{
public:
    PublishService(DefinitionService &definitions, RepositoryService &repositories,
                   const CompilerService &compiler)
        : m_definitions(definitions), m_repositories(repositories), m_compiler(compiler)
    {
    }

    Result<PublishResult> publish(const Actor &actor, const std::string &definitionId,
                                  PublishRequest request);

private:
    DefinitionService &m_definitions;
    RepositoryService &m_repositories;
    const CompilerService &m_compiler;
};

} // namespace pw::core
