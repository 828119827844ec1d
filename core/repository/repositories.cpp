#include "repositoryinternal.h"

#include <cstdlib>

#include <QDir>
#include <QFile>

#include <git2.h>

#include "../jobs/jobservice.h"
#include "../spec/nodecatalog.h"
#include "../spec/specio.h"
#include "../spec/specvalidator.h"
#include "../spec/yamljson.h"
#include "../util/ids.h"
#include "../workspace/workspaceservice.h"
#include "remoteurl.h"

namespace pw::core {

namespace {

Status requireEditor(const Actor &actor)
{
    if (actor.role == Role::Viewer)
        return fail(Error::forbidden("viewers cannot change branches"));
    return {};
}

} // namespace

Result<CloneSource> RepositoryService::remoteSource(const Repository &repo)
{
    CloneSource source;
    source.url = repo.remoteUrl.value_or(std::string());
    if (!source.url.empty()) {
        auto kind = checkRemoteUrl(source.url, m_policy, m_dataDir);
        if (!kind) {
            Error e = kind.error();
            e.code =
                ErrorCode::Conflict; // stored before a rule closed it: the state, not a request
            e.details = nlohmann::json::object();
            return fail(e);
        }
        // The host keys are read at each use: an admin may have accepted or removed one since.
        if (*kind == RemoteKind::Ssh) {
            auto check = m_knownHosts.checkFor(repo.spaceId);
            if (!check)
                return fail(check.error());
            source.hostKeys = std::move(*check);
        }
    }
    auto secrets = m_registry.repositorySecrets(repo.id);
    if (!secrets)
        return fail(secrets.error());
    switch (secrets->type) {
    case CredentialType::None:
        return source;
    case CredentialType::Token:
        source.credential = CloneSource::Credential::Token;
        break;
    case CredentialType::SshKey:
        source.credential = CloneSource::Credential::SshKey;
        break;
    }
    if (secrets->reference) {
        // Resolved at each use, so rotating the secret needs no change here.
        const std::string &ref = *secrets->reference;
        if (source.credential == CloneSource::Credential::SshKey && ref.starts_with("file://")) {
            auto path = m_policy.secretRefs.resolvePath(ref);
            if (!path)
                return fail(path.error());
            source.keyPath = *path;
        } else {
            auto value = m_policy.secretRefs.resolve(ref);
            if (!value)
                return fail(value.error());
            source.secret = std::move(*value);
        }
    } else if (secrets->credential) {
        source.secret = std::move(*secrets->credential);
    } else {
        return fail(Error{ErrorCode::Unavailable, "the repository's credential is missing",
                          nlohmann::json::object()});
    }
    return source;
}

void RepositoryService::recordUnknownHostKey(const Actor &actor, const Repository &repo,
                                             const CloneSource &source)
{
    if (!source.hostKeys || !source.hostKeys->unknown())
        return;
    if (auto ok = m_knownHosts.recordPending(actor, *source.hostKeys->unknown(), repo.id); !ok)
        qWarning("could not record the SSH host key repository %s met: %s", repo.id.c_str(),
                 ok.error().message.c_str());
}

Result<Repository> RepositoryService::requireRepository(const Actor &actor,
                                                        const std::string &repositoryId)
{
    auto repo = m_registry.repository(actor.spaceId, repositoryId);
    if (!repo)
        return fail(repo.error());
    if (!*repo)
        return fail(Error::notFound("repository '" + repositoryId + "' was not found"));
    return **repo;
}

Result<Repository> RepositoryService::resolve(const Actor &actor,
                                              const std::optional<std::string> &repositoryId,
                                              const std::optional<std::string> &workspace)
{
    if (repositoryId && !repositoryId->empty())
        return requireRepository(actor, *repositoryId);
    if (workspace && !workspace->empty()) {
        auto list = m_workspaces.list(actor, WorkspaceQuery{false, {}, {0, 100000}});
        if (!list)
            return fail(list.error());
        for (const WorkspaceView &view : list->items) {
            const Workspace &w = *view.workspace;
            if (w.id != *workspace && QString::fromStdString(w.name).compare(
                                          QString::fromStdString(*workspace), Qt::CaseInsensitive))
                continue;
            if (!w.defaultRepositoryId)
                return fail(Error::notFound("workspace '" + w.name + "' has no repository"));
            return requireRepository(actor, *w.defaultRepositoryId);
        }
        return fail(Error::notFound("workspace '" + *workspace + "' was not found"));
    }
    auto repos = m_registry.repositories(actor.spaceId);
    if (!repos)
        return fail(repos.error());
    if (repos->size() == 1)
        return repos->front();
    return fail(Error::invalid("name the repository with 'repositoryId' or 'workspaceSlug' (the "
                               "space has " +
                                   std::to_string(repos->size()) + " repositories)",
                               "repositoryId"));
}

Result<std::pair<Repository, std::shared_ptr<RepositoryService::Handle>>>
RepositoryService::openRepository(const Actor &actor, const std::string &repositoryId)
{
    auto repo = requireRepository(actor, repositoryId);
    if (!repo)
        return fail(repo.error());
    auto handle = handleOf(*repo);
    if (!handle)
        return fail(handle.error());
    return std::pair{std::move(*repo), std::move(*handle)};
}

Result<std::vector<RepositoryInfo>> RepositoryService::repositories(const Actor &actor)
{
    auto repos = m_registry.repositories(actor.spaceId);
    if (!repos)
        return fail(repos.error());
    auto workspaces =
        m_store.read([&](Database &db) -> Result<std::multimap<std::string, std::string>> {
            auto q =
                db.cached("SELECT default_repository_id, id FROM workspaces WHERE space_id = ? "
                          "AND default_repository_id IS NOT NULL AND archived_at IS NULL");
            q->bind(1, actor.spaceId);
            std::multimap<std::string, std::string> out;
            while (q->step())
                out.emplace(q->text(0), q->text(1));
            return out;
        });
    if (!workspaces)
        return fail(workspaces.error());
    std::vector<RepositoryInfo> out;
    for (Repository &repo : *repos) {
        RepositoryInfo info;
        auto credentials = m_registry.repositoryCredentials(repo.id);
        if (!credentials)
            return fail(credentials.error());
        info.credentials = *credentials;
        auto [from, to] = workspaces->equal_range(repo.id);
        for (auto it = from; it != to; ++it)
            info.workspaceIds.push_back(it->second);
        info.repository = std::move(repo);
        out.push_back(std::move(info));
    }
    return out;
}

std::optional<Forge> forgeOfRemote(const std::string &url)
{
    // https://host/owner/name(.git), ssh://git@host/owner/name, git@host:owner/name
    std::string rest = url;
    if (const size_t scheme = rest.find("://"); scheme != std::string::npos)
        rest = rest.substr(scheme + 3);
    if (const size_t at = rest.find('@'); at != std::string::npos && at < rest.find('/'))
        rest = rest.substr(at + 1);
    const size_t split = rest.find_first_of("/:");
    if (split == std::string::npos)
        return std::nullopt;
    std::string host = rest.substr(0, split);
    std::string project = rest.substr(split + 1);
    if (const size_t port = host.find(':'); port != std::string::npos)
        host.resize(port);
    while (project.ends_with('/'))
        project.pop_back();
    if (project.ends_with(".git"))
        project.resize(project.size() - 4);
    if (project.empty() || project.find('/') == std::string::npos)
        return std::nullopt;
    if (host == "github.com")
        return Forge{"github", "https://api.github.com", project};
    if (host.find("gitlab") != std::string::npos)
        return Forge{"gitlab", "https://" + host + "/api/v4", project};
    return std::nullopt;
}

Result<RepositoryInfo> RepositoryService::connect(const Actor &actor, RepositoryConnect input)
{
    if (actor.role != Role::Admin)
        return fail(Error::forbidden("only space admins can connect repositories"));
    if (!input.defaultBranch.empty() && !isValidBranchName(input.defaultBranch))
        return fail(Error::invalid("'" + input.defaultBranch + "' is not a valid branch name",
                                   "defaultBranch"));
    const auto credentialType = credentialTypeFromName(input.credentialType);
    if (!credentialType)
        return fail(
            Error::invalid("'credentialType' must be NONE, TOKEN or SSH_KEY", "credentialType"));
    std::optional<RemoteKind> remoteKind;
    if (input.remoteUrl) {
        auto kind = checkRemoteUrl(*input.remoteUrl, m_policy, m_dataDir);
        if (!kind)
            return fail(kind.error());
        remoteKind = *kind;
    }
    if (input.credential && input.credentialRef)
        return fail(
            Error::invalid("send 'credential' or 'credentialRef', not both", "credentialRef"));
    if (input.credentialRef) {
        if (auto ok = m_policy.secretRefs.check(*input.credentialRef); !ok)
            return fail(ok.error());
    }
    if (remoteKind == RemoteKind::Ssh && !gitHasSsh())
        return fail(Error{ErrorCode::Unavailable,
                          "this Pipewright's libgit2 was built without SSH: use an https:// remote",
                          nlohmann::json::object()});
    if (input.credential && input.credential->empty())
        input.credential.reset();
    if (input.webhookSecret && input.webhookSecret->empty())
        input.webhookSecret.reset();
    if (*credentialType != CredentialType::None && !input.credential && !input.credentialRef)
        return fail(Error::invalid("a " + input.credentialType +
                                       " credential needs 'credential' or 'credentialRef'",
                                   "credential"));
    if (*credentialType == CredentialType::None) {
        input.credential.reset();
        input.credentialRef.reset();
    }
    // A credential goes only where it is encrypted on the way: https, ssh, or this machine.
    if (*credentialType == CredentialType::SshKey && remoteKind && *remoteKind != RemoteKind::Ssh &&
        *remoteKind != RemoteKind::Local)
        return fail(Error::invalid("an SSH_KEY credential needs an ssh:// or user@host:path remote",
                                   "credentialType"));
    if (*credentialType == CredentialType::Token && remoteKind && *remoteKind == RemoteKind::Ssh)
        return fail(Error::invalid("a TOKEN credential needs an https:// remote (ssh remotes "
                                   "take an SSH_KEY)",
                                   "credentialType"));
    if (input.name.empty() && input.remoteUrl) {
        std::string url = *input.remoteUrl;
        while (!url.empty() && url.back() == '/')
            url.pop_back();
        const size_t cut = url.find_last_of("/:");
        input.name = url.substr(cut == std::string::npos ? 0 : cut + 1);
        if (input.name.ends_with(".git"))
            input.name.resize(input.name.size() - 4);
    }
    RepositoryRegistration reg;
    reg.id = newUuid();
    reg.name = input.name;
    reg.localPath = m_dataDir + "/repositories/" + reg.id;
    reg.defaultBranch = input.defaultBranch.empty() ? std::string("main") : input.defaultBranch;
    reg.remoteUrl = input.remoteUrl;
    reg.state = input.remoteUrl ? "cloning" : "ready";
    reg.credentialType = *credentialType;
    reg.credential = std::move(input.credential);
    reg.credentialRef = std::move(input.credentialRef);
    reg.webhookSecret = std::move(input.webhookSecret);
    if (input.forge) {
        const Forge &f = *input.forge;
        if (f.kind != "github" && f.kind != "gitlab")
            return fail(Error::invalid("the forge must be github or gitlab", "forge"));
        if (auto ok = checkCredentialUrl(f.apiUrl, "forgeApiUrl"); !ok)
            return fail(ok.error());
        if (f.project.empty() || f.project.size() > 500)
            return fail(
                Error::invalid("the forge project must be 1 to 500 characters", "forgeProject"));
        reg.forge = f;
    } else if (input.remoteUrl) {
        reg.forge = forgeOfRemote(*input.remoteUrl);
    }

    if (!input.remoteUrl) {
        auto git = GitRepo::init(reg.localPath, reg.defaultBranch);
        if (!git)
            return fail(git.error());
    }
    auto repo = m_registry.registerRepository(actor, reg);
    if (!repo) {
        QDir(QString::fromStdString(reg.localPath)).removeRecursively();
        return fail(repo.error());
    }
    RepositoryInfo info;
    info.repository = *repo;
    if (auto credentials = m_registry.repositoryCredentials(repo->id); credentials)
        info.credentials = *credentials;
    if (!input.remoteUrl)
        return info;

    // The clone is long network work: a job, outside the write lock; the repository answers
    // 'cloning' until it ends.
    const bool branchGiven = !input.defaultBranch.empty();
    auto job = m_jobs.submit(
        actor, "repository.clone", repo->id,
        [this, actor, repo = *repo, branchGiven](JobContext &work) -> Result<nlohmann::json> {
            auto source = remoteSource(repo);
            Result<std::unique_ptr<GitRepo>> git =
                source
                    ? GitRepo::clone(*source, repo.localPath, [&work] { return work.cancelled(); })
                    : Result<std::unique_ptr<GitRepo>>(std::unexpected(source.error()));
            if (!git) {
                if (source)
                    recordUnknownHostKey(actor, repo, *source);
                QDir(QString::fromStdString(repo.localPath)).removeRecursively();
                m_registry.setRepositoryState(actor, repo.id, "failed", git.error().message);
                return fail(git.error());
            }
            std::string branch = repo.defaultBranch;
            if (!branchGiven && !(*git)->headBranch().empty())
                branch = (*git)->headBranch();
            if (auto ok = m_registry.setRepositoryState(actor, repo.id, "ready", "", branch); !ok)
                return fail(ok.error());
            return nlohmann::json{{"repository_id", repo.id}, {"default_branch", branch}};
        });
    if (!job)
        return fail(job.error());
    info.jobId = job->id;
    return info;
}

Status RepositoryService::initialiseLocal(const Repository &repo,
                                          const std::map<std::string, std::string> &files,
                                          const Signature &author, const std::string &message)
{
    std::unique_ptr<GitRepo> git;
    if (auto opened = GitRepo::open(repo.localPath)) {
        git = std::move(*opened);
    } else if (auto created = GitRepo::init(repo.localPath, repo.defaultBranch)) {
        git = std::move(*created);
    } else {
        return fail(created.error());
    }
    auto head = git->branchHead(repo.defaultBranch);
    if (!head)
        return fail(head.error());
    if (*head || files.empty())
        return {};
    std::vector<TreeChange> changes;
    for (const auto &[path, content] : files) {
        const bool script = path.ends_with(".sh");
        changes.push_back(
            TreeChange{path, content, script ? TreeFile::Mode::Executable : TreeFile::Mode::File});
    }
    auto commit = git->commit(repo.defaultBranch, std::nullopt, false, changes, message, author);
    if (!commit)
        return fail(commit.error());
    return {};
}

Result<std::vector<GitRepo::Branch>>
RepositoryService::branches(const Actor &actor, const std::string &repositoryId, bool includeRemote)
{
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    const std::shared_ptr<Handle> *handle = &opened->second;
    std::lock_guard lock((*handle)->mutex);
    return (*handle)->git->branches(includeRemote);
}

Result<bool> RepositoryService::hasTag(const Actor &actor, const std::string &repositoryId,
                                       const std::string &name)
{
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    std::lock_guard lock(opened->second->mutex);
    return opened->second->git->hasTag(name);
}

Result<GitRepo::Branch> RepositoryService::createBranch(const Actor &actor,
                                                        const std::string &repositoryId,
                                                        const std::string &name,
                                                        const std::string &from)
{
    if (auto ok = requireEditor(actor); !ok)
        return fail(ok.error());
    if (!isValidBranchName(name))
        return fail(Error::invalid("'" + name + "' is not a valid branch name", "name"));
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    const Repository *repo = &opened->first;
    const std::shared_ptr<Handle> *handle = &opened->second;
    const std::string source = from.empty() ? repo->defaultBranch : from;
    Result<ObjectId> created = [&]() -> Result<ObjectId> {
        std::lock_guard lock((*handle)->mutex);
        auto head = (*handle)->git->branchHead(source);
        if (!head)
            return fail(head.error());
        if (!*head) {
            Error e = Error::notFound("branch '" + source + "' was not found");
            e.details["field"] = "from";
            return fail(e);
        }
        return (*handle)->git->createBranch(name, **head);
    }();
    if (!created)
        return fail(created.error());
    auto audited = m_store.write([&](WriteTx &tx) -> Status {
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "repository.branch_created",
                             "repository",
                             repositoryId,
                             {},
                             {{"branch", name}, {"from", source}, {"commit", *created}},
                             nowUtc()});
        return {};
    });
    if (!audited)
        return fail(audited.error());
    return GitRepo::Branch{name, *created, false};
}

Status RepositoryService::push(const Actor &actor, const std::string &repositoryId,
                               const std::string &branch)
{
    if (auto ok = requireEditor(actor); !ok)
        return ok;
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    const Repository &repo = opened->first;
    if (!repo.remoteUrl)
        return fail(Error::conflict("repository '" + repo.name + "' has no remote to push to"));
    auto source = remoteSource(repo);
    if (!source)
        return fail(source.error());
    Status pushed = [&] {
        std::lock_guard lock(opened->second->mutex);
        return opened->second->git->push(branch, *source);
    }();
    if (!pushed)
        recordUnknownHostKey(actor, repo, *source); // a write: not under the repository's mutex
    return pushed;
}

Result<MergeRequestInfo> RepositoryService::recordMergeRequest(const Actor &actor,
                                                               MergeRequestInfo request)
{
    if (auto ok = requireEditor(actor); !ok)
        return fail(ok.error());
    if (auto repo = requireRepository(actor, request.repositoryId); !repo)
        return fail(repo.error());
    request.id = newUuid();
    request.createdAt = nowUtc();
    request.createdBy = actor.userId;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        auto q = tx.db().cached(
            "INSERT INTO merge_requests (id, space_id, repository_id, definition_id, provider, "
            "number, url, source_branch, target_branch, title, body, head_commit, state, "
            "created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        q->bindAll(request.id, actor.spaceId, request.repositoryId, request.definitionId,
                   request.provider);
        if (request.number)
            q->bind(6, *request.number);
        else
            q->bindNull(6);
        q->bind(7, request.url).bind(8, request.sourceBranch).bind(9, request.targetBranch);
        q->bind(10, request.title).bind(11, request.body).bind(12, request.headCommit);
        q->bind(13, request.state).bind(14, request.createdBy).bind(15, request.createdAt).run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "merge_request.opened",
                             "repository",
                             request.repositoryId,
                             request.definitionId.value_or(std::string()),
                             {{"merge_request", request.id},
                              {"provider", request.provider},
                              {"source_branch", request.sourceBranch},
                              {"target_branch", request.targetBranch}},
                             request.createdAt});
        return {};
    });
    if (!written)
        return fail(written.error());
    return request;
}

Result<MergeRequestInfo> RepositoryService::mergeRequest(const Actor &actor, const std::string &id)
{
    auto found = m_store.read([&](Database &db) -> Result<std::optional<MergeRequestInfo>> {
        auto q = db.cached("SELECT id, repository_id, definition_id, provider, number, url, "
                           "source_branch, target_branch, title, body, head_commit, state, "
                           "created_by, created_at, merged_at FROM merge_requests WHERE id = ? "
                           "AND space_id = ?");
        q->bind(1, id).bind(2, actor.spaceId);
        if (!q->step())
            return std::optional<MergeRequestInfo>();
        MergeRequestInfo m;
        m.id = q->text(0);
        m.repositoryId = q->text(1);
        m.definitionId = q->optionalText(2);
        m.provider = q->text(3);
        if (!q->isNull(4))
            m.number = q->integer(4);
        m.url = q->optionalText(5);
        m.sourceBranch = q->text(6);
        m.targetBranch = q->text(7);
        m.title = q->text(8);
        m.body = q->text(9);
        m.headCommit = q->text(10);
        m.state = q->text(11);
        m.createdBy = q->text(12);
        m.createdAt = q->text(13);
        m.mergedAt = q->optionalText(14);
        return std::optional<MergeRequestInfo>(std::move(m));
    });
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(Error::notFound("merge request '" + id + "' was not found"));
    return std::move(**found);
}

Result<MergeResult> RepositoryService::merge(const Actor &actor, const std::string &repositoryId,
                                             const std::string &source, const std::string &target,
                                             const std::string &message)
{
    if (auto ok = requireEditor(actor); !ok)
        return fail(ok.error());
    if (!isValidBranchName(source))
        return fail(Error::invalid("'" + source + "' is not a valid branch name", "sourceBranch"));
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    const Repository *repo = &opened->first;
    const std::shared_ptr<Handle> *handle = &opened->second;
    const std::string into = target.empty() ? repo->defaultBranch : target;
    if (!isValidBranchName(into))
        return fail(Error::invalid("'" + into + "' is not a valid branch name", "targetBranch"));
    if (source == into)
        return fail(Error::invalid("a branch cannot be merged into itself", "sourceBranch"));
    MergeResult result;
    result.source = source;
    result.target = into;

    // Every definition on this repository, also those in workspaces the caller cannot see: a
    // merge changes the spec files of all of them, and each must follow (the system brings those
    // the caller cannot see up to date, audited under the merge).
    Actor system = actor;
    system.role = Role::Admin;
    auto list = m_definitions.list(system, DefinitionQuery{std::nullopt, {}, false, {0, 100000}});
    if (!list)
        return fail(list.error());
    struct SpecFile
    {
        std::string definitionId;
        std::string path;
        bool visible = false;
    };
    std::vector<SpecFile> specFiles;
    for (const DefinitionSummary &d : list->items) {
        if (d.meta.repositoryId != repositoryId)
            continue;
        if (auto view = m_definitions.get(system, d.id))
            specFiles.push_back({d.id, specPathOf(view->definition->spec, d.id),
                                 m_definitions.get(actor, d.id).has_value()});
    }
    struct Merged
    {
        const SpecFile *file;
        Spec spec;
    };
    std::vector<Merged> merged;
    {
        std::lock_guard lock((*handle)->mutex);
        GitRepo &git = *(*handle)->git;
        // The merge is made in memory; the branch moves only once every definition it changes
        // has a valid spec, so a 422 leaves the branch where it was.
        auto outcome = git.merge(
            source, into, message.empty() ? "Merge branch '" + source + "' into " + into : message,
            signatureOf(m_store, actor));
        if (!outcome)
            return fail(outcome.error());
        if (!outcome->conflicts.empty()) {
            Error e = Error::conflict("merging '" + source + "' into '" + into + "' conflicts in " +
                                      std::to_string(outcome->conflicts.size()) + " file(s)");
            e.details["conflicts"] = outcome->conflicts;
            e.details["source_branch"] = source;
            e.details["target_branch"] = into;
            return fail(e);
        }
        result.outcome = *outcome;
        if (into == repo->defaultBranch && !outcome->upToDate) {
            for (const SpecFile &file : specFiles) {
                auto then = git.blobAt(outcome->previous, file.path);
                auto now = git.blobAt(outcome->commit, file.path);
                if (!then || !now || !*now || *then == *now)
                    continue;
                auto text = git.readBlob(**now);
                if (!text)
                    return fail(text.error());
                auto parsed = yamlToJson(*text);
                auto invalid = [&](nlohmann::json problems) {
                    // A definition the caller cannot see is not named to it.
                    Error e = Error::unprocessable(
                        file.visible ? "the merged spec file of definition '" + file.definitionId +
                                           "' (" + file.path +
                                           ") is not a valid spec; nothing "
                                           "was merged"
                                     : "a merged spec file (" + file.path +
                                           ") is not a valid spec; nothing was merged");
                    e.details["path"] = file.path;
                    if (file.visible)
                        e.details["problems"] = std::move(problems);
                    return e;
                };
                if (!parsed)
                    return fail(invalid(nlohmann::json::array()));
                SpecRead read = readSpec(std::move(*parsed));
                Problems problems = std::move(read.problems);
                for (Problem &p : validateSpec(read.spec, NodeCatalog::builtin()))
                    problems.push_back(std::move(p));
                if (hasErrors(problems))
                    return fail(invalid(problemsToJson(problems)));
                merged.push_back({&file, std::move(read.spec)});
            }
        }
        if (!outcome->upToDate) {
            if (auto moved = git.moveBranch(into, outcome->previous, outcome->commit,
                                            "merge " + source + " into " + into);
                !moved)
                return fail(moved.error());
        }
    }
    auto audited = m_store.write([&](WriteTx &tx) -> Status {
        // Local merge requests of this branch into that one are merged now.
        if (!result.outcome.upToDate)
            tx.db()
                .cached("UPDATE merge_requests SET state = 'merged', merged_at = ? WHERE "
                        "repository_id = ? AND source_branch = ? AND target_branch = ? AND "
                        "provider = 'local' AND state = 'open'")
                ->bindAll(nowUtc(), repositoryId, source, into)
                .run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "repository.merged",
                             "repository",
                             repositoryId,
                             {},
                             {{"source_branch", source},
                              {"target_branch", into},
                              {"commit", result.outcome.commit},
                              {"fast_forward", result.outcome.fastForward},
                              {"up_to_date", result.outcome.upToDate},
                              {"definitions_updated", merged.size()}},
                             nowUtc()});
        return {};
    });
    if (!audited)
        return fail(audited.error());
    // Each merged spec becomes its definition's next version (one history for every face).
    for (Merged &m : merged) {
        DefinitionPatch patch;
        patch.spec = std::move(m.spec);
        patch.changeSummary = "Merged branch '" + source + "' into " + into;
        if (!m.file->visible)
            patch.changeSummary += " (brought up to date by the system)";
        auto updated = m_definitions.update(system, m.file->definitionId, std::move(patch));
        if (!updated)
            return fail(updated.error());
        if (m.file->visible)
            result.mergedVersions.emplace_back(m.file->definitionId,
                                               updated->definition->currentVersion);
    }
    return result;
}

Result<std::vector<GitRepo::CommitInfo>> RepositoryService::log(const Actor &actor,
                                                                const std::string &repositoryId,
                                                                const std::string &branch,
                                                                int limit)
{
    auto opened = openRepository(actor, repositoryId);
    if (!opened)
        return fail(opened.error());
    const Repository *repo = &opened->first;
    const std::shared_ptr<Handle> *handle = &opened->second;
    std::lock_guard lock((*handle)->mutex);
    return (*handle)->git->log(branch.empty() ? repo->defaultBranch : branch, limit);
}

} // namespace pw::core
