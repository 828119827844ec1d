#include "repositoryinternal.h"

#include "../util/repopath.h"

namespace pw::core {

namespace {

std::string withMarkdownSuffix(const std::string &path)
{
    const size_t slash = path.rfind('/');
    const size_t dot = path.rfind('.');
    const bool hasExtension =
        dot != std::string::npos && (slash == std::string::npos || dot > slash + 1);
    return (hasExtension ? path.substr(0, dot) : path) + ".md";
}

std::optional<std::string> stringField(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string() || it->get_ref<const std::string &>().empty())
        return std::nullopt;
    return it->get<std::string>();
}

} // namespace

// Seed 000: deployment.readme_path, else the DAG or artifact path with an .md suffix, else
// README.md. The artifact path is where the generated DAG goes when set; the DAG path is
// dags/<dag_id>.py, where the compiler writes it.
Result<std::string> RepositoryService::readmePathOf(const Actor &actor,
                                                    const std::string &definitionId)
{
    auto view = m_definitions.get(actor, definitionId);
    if (!view)
        return fail(view.error());
    const nlohmann::json &deployment = view->definition->spec.deployment;
    std::string path;
    if (auto readme = stringField(deployment, "readme_path"))
        path = *readme;
    else if (auto artifact = stringField(deployment, "artifact_path"))
        path = withMarkdownSuffix(*artifact);
    else if (auto dagId = stringField(deployment, "dag_id"))
        path = "dags/" + *dagId + ".md";
    else
        path = "README.md";
    // A path the spec holds passed validation; one derived from a dag_id may still be unsafe.
    if (repoPathProblem(path))
        path = "README.md";
    return path;
}

Result<ReadmeFile> RepositoryService::readme(const Actor &actor, const std::string &definitionId)
{
    auto path = readmePathOf(actor, definitionId);
    if (!path)
        return fail(path.error());
    ReadmeFile out;
    out.path = *path;
    auto file = read(actor, definitionId, *path);
    if (file) {
        out.exists = true;
        out.file = std::move(*file);
    } else if (file.error().code != ErrorCode::NotFound) {
        return fail(file.error());
    }
    return out;
}

Result<ReadmeFile> RepositoryService::saveReadme(
    const Actor &actor, const std::string &definitionId, const std::optional<std::string> &path,
    std::string content, const std::optional<ObjectId> &baseSha, const std::string &changeSummary)
{
    if (path) {
        if (auto ok = checkRepoPath(*path); !ok)
            return fail(ok.error());
    }
    auto current = readmePathOf(actor, definitionId);
    if (!current)
        return fail(current.error());
    const std::string target = path.value_or(*current);
    // The file first: a stale base_sha or a bad size changes nothing, not even the path.
    auto saved = save(actor, definitionId, FileUpload{target, std::move(content), baseSha});
    if (!saved)
        return fail(saved.error());
    if (path) {
        auto view = m_definitions.get(actor, definitionId);
        if (!view)
            return fail(view.error());
        const auto &deployment = view->definition->spec.deployment;
        const auto it = deployment.find("readme_path");
        if (it == deployment.end() || *it != *path) {
            DefinitionPatch patch;
            Spec spec = view->definition->spec;
            spec.deployment["readme_path"] = *path;
            patch.spec = std::move(spec);
            patch.changeSummary =
                changeSummary.empty() ? "Set the README path to " + *path : changeSummary;
            if (auto updated = m_definitions.update(actor, definitionId, std::move(patch));
                !updated)
                return fail(updated.error());
        }
    }
    return ReadmeFile{target, true, std::move(*saved)};
}

Result<ReadmeFile> RepositoryService::deleteReadme(const Actor &actor,
                                                   const std::string &definitionId,
                                                   const std::optional<ObjectId> &baseSha)
{
    auto path = readmePathOf(actor, definitionId);
    if (!path)
        return fail(path.error());
    // An override over a repository README goes back to the repository's; a README only in
    // the draft, or the repository's itself, is deleted (seed 000: "delete the README override
    // or mark repository content deleted").
    auto before = tree(actor, definitionId);
    if (!before)
        return fail(before.error());
    const auto it = std::find_if(before->entries.begin(), before->entries.end(),
                                 [&](const DraftEntry &e) { return e.path == *path; });
    if (it == before->entries.end() || it->status == FileStatus::Deleted)
        return fail(Error::notFound("the README '" + *path + "' does not exist"));
    if (baseSha && *baseSha != it->sha) {
        Error e = Error::conflict("the README '" + *path + "' changed since base_sha " + *baseSha +
                                  "; its current sha is " + it->sha);
        e.details["path"] = *path;
        e.details["current_sha"] = it->sha;
        return fail(e);
    }
    auto done = it->status == FileStatus::Modified ? resetOverride(actor, definitionId, *path)
                                                   : remove(actor, definitionId, *path, baseSha);
    if (!done)
        return fail(done.error());
    return readme(actor, definitionId);
}

} // namespace pw::core
