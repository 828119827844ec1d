#include "publishservice.h"

#include "../compiler/codegen.h"
#include "../registry/registry.h"

namespace pw::core {

namespace {

std::string lowered(std::string text)
{
    for (char &c : text)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return text;
}

} // namespace

std::optional<std::string> reviewBranchProblem(const std::string &branch,
                                               const std::string &baseBranch)
{
    if (branch == "HEAD" || branch.starts_with("refs/") || branch.starts_with("heads/") ||
        branch.starts_with("tags/") || branch.starts_with("remotes/"))
        return "'" + branch + "' is a ref, not a branch name: name a new review branch";
    if (!isValidBranchName(branch))
        return "'" + branch + "' is not a valid branch name";
    if (lowered(branch) == lowered(baseBranch))
        return "a publish goes to a review branch, never onto the base branch '" + baseBranch +
               "': its merge request is the review";
    return std::nullopt;
}

std::string publishBranchOf(const Spec &spec, const std::string &definitionId, int version)
{
    std::string branch =
        "pipewright/" + dagIdOf(spec, definitionId) + "-v" + std::to_string(version);
    // A valid dag_id may still be a poor branch name ("a..b", "x.lock"): the definition's own
    // name for it then.
    if (!isValidBranchName(branch)) {
        Spec unnamed = spec;
        unnamed.deployment.erase("dag_id");
        branch = "pipewright/" + dagIdOf(unnamed, definitionId) + "-v" + std::to_string(version);
    }
    return branch;
}

nlohmann::json publishSummaryJson(const PublishResult &result)
{
    const MergeRequestInfo &mr = result.mergeRequest;
    return {{"definition_id",
             result.definition.definition ? result.definition.definition->id : std::string()},
            {"source_branch", result.sourceBranch},
            {"target_branch", result.targetBranch},
            {"commit", result.commit.commit},
            {"committed_files", result.commit.files},
            {"pushed", result.pushed},
            {"merge_request",
             {{"id", mr.id},
              {"provider", mr.provider},
              {"number", mr.number ? nlohmann::json(*mr.number) : nlohmann::json()},
              {"url", mr.url ? nlohmann::json(*mr.url) : nlohmann::json()},
              {"state", mr.state}}},
            {"validation_report", result.report.toJson()}};
}

Status PublishService::check(const Actor &actor, const std::string &definitionId,
                             const PublishRequest &request)
{
    if (request.sandboxPolicy != "enforce" && request.sandboxPolicy != "warn")
        return fail(Error::invalid("sandbox_policy must be enforce or warn", "sandbox_policy"));
    if (request.title.size() > 1000)
        return fail(Error::invalid("the title may be at most 1,000 characters", "title"));
    if (request.body.size() > 64 * 1024)
        return fail(Error::invalid("the body may be at most 64 KiB", "body"));
    auto view = m_definitions.manageable(actor, definitionId);
    if (!view)
        return fail(view.error());
    return {};
}

Result<JobInfo> PublishService::submit(const Actor &actor, const std::string &definitionId,
                                       PublishRequest request, Done done)
{
    if (auto ok = check(actor, definitionId, request); !ok)
        return fail(ok.error());
    auto outcome = std::make_shared<std::optional<Result<PublishResult>>>();
    return m_jobs.submit(
        actor, "publish", definitionId,
        [this, actor, definitionId, request = std::move(request),
         outcome](JobContext &job) mutable -> Result<nlohmann::json> {
            // The job's cancel reaches the publish between steps and inside python3's check.
            PublishObserver observer = std::move(request.observer);
            request.observer = [&job, observer](const PublishProgress &progress) {
                job.progress(0, progress.step);
                return !job.cancelled() && (!observer || observer(progress));
            };
            request.cancelled = [&job] { return job.cancelled(); };
            *outcome = publish(actor, definitionId, std::move(request));
            if (!**outcome)
                return fail((**outcome).error());
            return publishSummaryJson(***outcome);
        },
        [outcome, done = std::move(done)](const JobInfo &info) {
            if (!done)
                return;
            if (*outcome) {
                done(info, **outcome);
                return;
            }
            // Cancelled before it started (or the service stopped): nothing was committed.
            done(info, fail(Error::conflict("the publish was cancelled; nothing was committed")));
        });
}

Result<PublishResult> PublishService::publish(const Actor &actor, const std::string &definitionId,
                                              PublishRequest request)
{
    if (auto ok = check(actor, definitionId, request); !ok)
        return fail(ok.error());
    auto view = m_definitions.manageable(actor, definitionId);
    if (!view)
        return fail(view.error());
    const Definition &definition = *view->definition;
    if (!definition.meta.repositoryId)
        return fail(Error::conflict("definition '" + definition.meta.name +
                                    "' has no repository; set its repository_id first"));
    if (request.repositoryId && *request.repositoryId != *definition.meta.repositoryId)
        return fail(Error::invalid("a definition publishes to its own repository ('" +
                                       *definition.meta.repositoryId + "')",
                                   "repository_id"));

    PublishResult result;
    GateResult review{"review_current", true, "no reviewed version given", {}};
    if (request.reviewedVersion) {
        review.details = {{"reviewed_version", *request.reviewedVersion},
                          {"current_version", definition.currentVersion}};
        if (*request.reviewedVersion != definition.currentVersion) {
            Error e = Error::conflict("stale review: version " +
                                      std::to_string(*request.reviewedVersion) +
                                      " was reviewed, and the definition is at version " +
                                      std::to_string(definition.currentVersion));
            e.details = review.details;
            return fail(e);
        }
        review.message = "the reviewed version is the current one";
    }
    bool cancelled = false;
    auto observe = [&](PublishProgress progress) {
        cancelled = cancelled || (request.observer && !request.observer(progress));
        return !cancelled;
    };
    auto cancelledError = [] {
        return Error::conflict("the publish was cancelled; nothing was committed");
    };
    if (!observe({review.name, &review}))
        return fail(cancelledError());
    result.report = runPublishGates(
        m_compiler, definition.spec, definition.meta.target, definition.meta.name, definition.id,
        [&](const GateResult &gate) {
            return observe({gate.name, &gate});
        },
        request.cancelled);
    if (cancelled || (request.cancelled && request.cancelled()))
        return fail(cancelledError());
    result.report.gates.insert(result.report.gates.begin(), review);
    if (!result.report.passed() && request.sandboxPolicy == "enforce") {
        Error e = Error::unprocessable("a publish gate failed; nothing was committed");
        e.details["validation_report"] = result.report.toJson();
        return fail(e);
    }
    result.files = result.report.compiled.files;

    // The repository, to know its base branch before anything is committed.
    std::optional<Repository> repository;
    auto repos = m_repositories.repositories(actor);
    if (!repos)
        return fail(repos.error());
    for (const RepositoryInfo &info : *repos) {
        if (info.repository.id == *definition.meta.repositoryId)
            repository = info.repository;
    }
    if (!repository)
        return fail(Error::notFound("the definition's repository was not found"));
    result.targetBranch = repository->defaultBranch;
    CommitRequest commit;
    commit.branch = request.branch.value_or(
        publishBranchOf(definition.spec, definition.id, definition.currentVersion));
    if (auto why = reviewBranchProblem(commit.branch, repository->defaultBranch))
        return fail(Error::invalid(*why, "branch"));
    if (auto tag = m_repositories.hasTag(actor, repository->id, commit.branch); !tag)
        return fail(tag.error());
    else if (*tag)
        return fail(Error::invalid("'" + commit.branch +
                                       "' is a tag of the repository: name a new review branch",
                                   "branch"));
    commit.message = request.title.empty() ? "Publish '" + definition.meta.name + "' version " +
                                                 std::to_string(definition.currentVersion)
                                           : request.title;
    if (!request.body.empty())
        commit.message += "\n\n" + request.body;
    for (const GeneratedFile &file : result.files)
        commit.generated.emplace_back(file.path, file.content);
    // The last moment a cancel is heard: from here on the steps run to their end.
    if (!observe({"commit"}))
        return fail(cancelledError());
    auto committed = m_repositories.commitDrafts(actor, definitionId, commit);
    if (!committed)
        return fail(committed.error());
    result.commit = *committed;
    result.sourceBranch = committed->branch;

    if (repository->remoteUrl) {
        if (request.observer)
            request.observer({"push"});
        if (auto pushed = m_repositories.push(actor, repository->id, result.sourceBranch);
            !pushed) {
            Error e = pushed.error();
            e.message = "committed " + committed->commit.substr(0, 12) + " on '" +
                        result.sourceBranch + "', but " + e.message;
            e.details["commit"] = committed->commit;
            e.details["branch"] = result.sourceBranch;
            return fail(e);
        }
        result.pushed = true;
    }

    MergeRequestInfo mr;
    mr.repositoryId = *definition.meta.repositoryId;
    mr.definitionId = definitionId;
    mr.sourceBranch = result.sourceBranch;
    mr.targetBranch = result.targetBranch;
    mr.title = request.title.empty() ? "Publish " + definition.meta.name : request.title;
    mr.body = request.body;
    mr.headCommit = committed->commit;
    if (request.observer)
        request.observer({"merge_request"});
    auto opened = m_repositories.openMergeRequest(actor, std::move(mr));
    if (!opened) {
        Error e = opened.error();
        e.details["commit"] = committed->commit;
        e.details["branch"] = result.sourceBranch;
        return fail(e);
    }
    result.mergeRequest = *opened;

    auto published = m_definitions.markPublished(actor, definitionId,
                                                 {{"branch", result.sourceBranch},
                                                  {"commit", committed->commit},
                                                  {"merge_request", result.mergeRequest.id},
                                                  {"provider", result.mergeRequest.provider},
                                                  {"gates_passed", result.report.passed()}});
    if (!published)
        return fail(published.error());
    result.definition = *published;
    return result;
}

} // namespace pw::core
