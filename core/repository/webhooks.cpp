#include "repositoryinternal.h"

#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

#include "../jobs/jobservice.h"
#include "../util/ids.h"
#include "../util/jsonread.h"

namespace pw::core {

namespace {

// Compares without stopping at the first difference, so the time taken says nothing about
// how much of a guessed signature was right.
bool constantTimeEqual(std::string_view a, std::string_view b)
{
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const size_t n = std::max(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= static_cast<unsigned char>(x ^ y);
    }
    return diff == 0;
}

bool signatureMatches(const WebhookDelivery &delivery, const std::string &secret)
{
    if (secret.empty())
        return false;
    if (delivery.provider == "gitlab")
        return constantTimeEqual(delivery.signature, secret);
    const QByteArray mac = QMessageAuthenticationCode::hash(
        QByteArray::fromStdString(delivery.body), QByteArray::fromStdString(secret),
        QCryptographicHash::Sha256);
    return constantTimeEqual(delivery.signature, "sha256=" + mac.toHex().toStdString());
}

std::string stringAt(const nlohmann::json &body, std::initializer_list<const char *> path)
{
    const nlohmann::json *at = &body;
    for (const char *key : path) {
        if (!at->is_object())
            return {};
        const auto it = at->find(key);
        if (it == at->end())
            return {};
        at = &*it;
    }
    return at->is_string() ? at->get<std::string>() : std::string();
}

// The remote URLs a payload names for its repository, in the spellings a repository may have
// been connected with.
std::vector<std::string> remoteUrlsOf(const std::string &provider, const nlohmann::json &body)
{
    std::vector<std::string> urls;
    auto add = [&](std::string url) {
        if (url.empty())
            return;
        urls.push_back(url);
        if (url.ends_with(".git"))
            urls.push_back(url.substr(0, url.size() - 4));
        else
            urls.push_back(url + ".git");
    };
    if (provider == "github") {
        for (const char *key : {"clone_url", "ssh_url", "git_url", "html_url"})
            add(stringAt(body, {"repository", key}));
    } else {
        for (const char *key : {"git_http_url", "git_ssh_url", "web_url"})
            add(stringAt(body, {"project", key}));
        for (const char *key : {"git_http_url", "git_ssh_url", "homepage"})
            add(stringAt(body, {"repository", key}));
    }
    return urls;
}

struct Decision
{
    std::string action;
    std::string message;
};

Decision decide(const WebhookDelivery &delivery, const nlohmann::json &body,
                const std::string &baseBranch)
{
    const std::string base = "refs/heads/" + baseBranch;
    if (delivery.provider == "github") {
        if (delivery.event == "ping")
            return {"IGNORE", "ping received"};
        if (delivery.event == "push") {
            const std::string ref = stringAt(body, {"ref"});
            if (ref == base)
                return {"SYNC", "push to " + baseBranch + ": fetching"};
            return {"IGNORE", "push to " + (ref.empty() ? std::string("an unknown ref") : ref) +
                                  ", not to " + baseBranch};
        }
        if (delivery.event == "pull_request") {
            const std::string action = stringAt(body, {"action"});
            const std::string into = stringAt(body, {"pull_request", "base", "ref"});
            const auto merged = body.contains("pull_request") && body["pull_request"].is_object()
                                    ? body["pull_request"].value("merged", false)
                                    : false;
            if (action == "closed" && merged && into == baseBranch)
                return {"DEPLOY", "pull request merged into " + baseBranch + ": fetching"};
            if (action == "opened" || action == "synchronize" || action == "reopened")
                return {"VALIDATE", "pull request " + action + ": fetching its branch"};
            return {"IGNORE", "pull request " + action};
        }
        return {"IGNORE", "event '" + delivery.event + "' is not handled"};
    }
    if (delivery.event == "Push Hook") {
        const std::string ref = stringAt(body, {"ref"});
        if (ref == base)
            return {"SYNC", "push to " + baseBranch + ": fetching"};
        return {"IGNORE", "push to " + ref + ", not to " + baseBranch};
    }
    if (delivery.event == "Merge Request Hook") {
        const std::string action = stringAt(body, {"object_attributes", "action"});
        const std::string into = stringAt(body, {"object_attributes", "target_branch"});
        if (action == "merge" && into == baseBranch)
            return {"DEPLOY", "merge request merged into " + baseBranch + ": fetching"};
        if (action == "open" || action == "update" || action == "reopen")
            return {"VALIDATE", "merge request " + action + ": fetching its branch"};
        return {"IGNORE", "merge request " + action};
    }
    return {"IGNORE", "event '" + delivery.event + "' is not handled"};
}

} // namespace

Result<WebhookResult> RepositoryService::receiveWebhook(const WebhookDelivery &delivery)
{
    if (delivery.provider != "github" && delivery.provider != "gitlab")
        return fail(Error{ErrorCode::Unauthenticated,
                          "send X-Hub-Signature-256 (GitHub) or X-Gitlab-Token (GitLab)",
                          nlohmann::json::object()});
    auto unauthenticated = [] {
        return Error{ErrorCode::Unauthenticated,
                     "the webhook signature does not match a connected repository's secret",
                     nlohmann::json::object()};
    };
    if (delivery.signature.empty())
        return fail(unauthenticated());
    auto body = parseJson(delivery.body);
    if (!body || !body->is_object())
        return fail(unauthenticated()); // nothing signed can be told apart from noise
    auto candidates = m_registry.repositoriesByRemote(remoteUrlsOf(delivery.provider, *body));
    if (!candidates)
        return fail(candidates.error());
    // A remote connected again after its clone failed (an SSH host key accepted meanwhile) has a
    // failed repository besides the working one: the working one is meant.
    std::stable_partition(candidates->begin(), candidates->end(),
                          [](const Repository &r) { return r.state != "failed"; });
    std::optional<Repository> repo;
    for (const Repository &candidate : *candidates) {
        auto secret = m_registry.webhookSecret(candidate.id);
        if (secret && *secret && signatureMatches(delivery, (*secret)->str())) {
            repo = candidate;
            break;
        }
    }
    if (!repo)
        return fail(unauthenticated());

    const Decision decision = decide(delivery, *body, repo->defaultBranch);
    WebhookResult result{decision.action, decision.message, repo->id, std::nullopt, false};
    const std::string deliveryId =
        delivery.deliveryId.empty() ? blobId(delivery.body) : delivery.deliveryId;
    auto recorded = m_store.write([&](WriteTx &tx) -> Result<bool> {
        auto q = tx.db().cached("INSERT OR IGNORE INTO webhook_deliveries (provider, delivery_id, "
                                "repository_id, action, received_at) VALUES (?,?,?,?,?)");
        q->bindAll(delivery.provider, deliveryId, repo->id, decision.action, nowUtc()).run();
        if (tx.db().changes() == 0)
            return false; // seen before
        tx.record(AuditEvent{0,
                             repo->spaceId,
                             {},
                             "repository.webhook_received",
                             "repository",
                             repo->id,
                             {},
                             {{"provider", delivery.provider},
                              {"event", delivery.event},
                              {"delivery_id", deliveryId},
                              {"action", decision.action}},
                             nowUtc()});
        return true;
    });
    if (!recorded)
        return fail(recorded.error());
    if (!*recorded) {
        result.action = "IGNORE";
        result.replayed = true;
        result.message = "delivery " + deliveryId + " was already received";
        return result;
    }
    if (decision.action == "IGNORE" || !repo->remoteUrl)
        return result;

    // SYNC, DEPLOY and VALIDATE fetch the remote (a job: network I/O): the base branch fast-
    // forwards, a pull request's branch arrives as origin's. Deploying to an orchestrator and
    // validating a pull request's pipelines come with the compiler and orchestrator issues.
    Actor system;
    system.spaceId = repo->spaceId;
    system.role = Role::Admin;
    auto owner = m_store.read([&](Database &db) -> Result<std::string> {
        auto q = db.cached("SELECT actor_user_id FROM audit_events WHERE object_id = ? AND "
                           "action = 'repository.registered' ORDER BY id LIMIT 1");
        q->bind(1, repo->id);
        return q->step() ? q->text(0) : std::string();
    });
    if (!owner || owner->empty()) {
        result.action = "ERROR";
        result.message = "the repository has no owner to fetch it as";
        return result;
    }
    system.userId = *owner;
    auto job =
        m_jobs.submit(system, "repository.fetch", repo->id,
                      [this, system, repo = *repo](JobContext &work) -> Result<nlohmann::json> {
                          auto source = remoteSource(repo);
                          if (!source)
                              return fail(source.error());
                          // A handle of its own: the shared one's mutex is never held across
                          // network I/O, so draft reads of this repository go on meanwhile (refs
                          // move on disk under libgit2's lock files).
                          auto git = GitRepo::open(repo.localPath);
                          if (!git)
                              return fail(git.error());
                          auto head = (*git)->fetchAndFastForward(
                              repo.defaultBranch, *source, [&work] { return work.cancelled(); });
                          if (!head) {
                              recordUnknownHostKey(system, repo, *source);
                              return fail(head.error());
                          }
                          return nlohmann::json{{"branch", repo.defaultBranch},
                                                {"head", head->value_or(std::string())}};
                      });
    if (!job) {
        result.action = "ERROR";
        result.message = job.error().message;
        return result;
    }
    result.jobId = job->id;
    return result;
}

} // namespace pw::core
