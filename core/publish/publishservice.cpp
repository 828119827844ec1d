#include "publishservice.h"

#include "../compiler/codegen.h"
#include "../registry/registry.h"

namespace pw::core {

Result<PublishResult> PublishService::publish(const Actor &actor, const std::string &definitionId,
                                              PublishRequest request)
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
    result.report = runPublishGates(m_compiler, definition.spec, definition.meta.target,
                                    definition.meta.name, [&](const GateResult &gate) {
                                        return observe({gate.name, &gate});
                                    });
    if (cancelled)
        return fail(cancelledError());
    result.report.gates.insert(result.report.gates.begin(), review);
    if (!result.report.passed() && request.sandboxPolicy == "enforce") {
        Error e = Error::unprocessable("a publish gate failed; nothing was committed");
        e.details["validation_report"] = result.report.toJson();
        return fail(e);
    }
    result.files = result.report.compiled.files;

    const std::string dagId = dagIdOf(definition.spec);
    CommitRequest commit;
    commit.branch = request.branch.value_or("pipewright/" + dagId + "-v" +
                                            std::to_string(definition.currentVersion));
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

    auto repos = m_repositories.repositories(actor);
    if (!repos)
        return fail(repos.error());
    for (const RepositoryInfo &info : *repos) {
        if (info.repository.id != *definition.meta.repositoryId)
            continue;
        result.targetBranch = info.repository.defaultBranch;
        if (info.repository.remoteUrl) {
            if (request.observer)
                request.observer({"push"});
            if (auto pushed = m_repositories.push(actor, info.repository.id, result.sourceBranch);
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
