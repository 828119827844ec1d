// Merge requests on a forge (GitHub pull requests, GitLab merge requests) through its REST API,
// or kept locally when the repository has no forge.
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QThread>
#include <QUrl>

#include "gitrepo.h"
#include "remoteurl.h"
#include "repositoryinternal.h"

namespace pw::core {

namespace {

constexpr int kForgeTimeoutMs = 30000;

struct ForgeAnswer
{
    int64_t number = 0;
    std::string url;
};

// One POST to the forge, at most 30 s.
Result<ForgeAnswer> postOnThisThread(const Forge &forge, const SecretValue &token,
                                     const MergeRequestInfo &mr)
{
    std::string apiUrl = forge.apiUrl;
    while (apiUrl.ends_with('/'))
        apiUrl.pop_back();
    const bool github = forge.kind == "github";
    const QString path =
        github ? QStringLiteral("/repos/") + QString::fromStdString(forge.project) +
                     QStringLiteral("/pulls")
               : QStringLiteral("/projects/") +
                     QString::fromUtf8(
                         QUrl::toPercentEncoding(QString::fromStdString(forge.project))) +
                     QStringLiteral("/merge_requests");
    QNetworkRequest request(QUrl(QString::fromStdString(apiUrl) + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(kForgeTimeoutMs);
    // The token is for this address only: a redirect elsewhere is an answer, never followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    nlohmann::json body;
    if (github) {
        request.setRawHeader("Accept", "application/vnd.github+json");
        request.setRawHeader("X-GitHub-Api-Version", "2022-11-28");
        if (!token.empty())
            request.setRawHeader("Authorization",
                                 "Bearer " + QByteArray::fromStdString(token.str()));
        body = {{"title", mr.title},
                {"body", mr.body},
                {"head", mr.sourceBranch},
                {"base", mr.targetBranch}};
    } else {
        if (!token.empty())
            request.setRawHeader("PRIVATE-TOKEN", QByteArray::fromStdString(token.str()));
        body = {{"title", mr.title},
                {"description", mr.body},
                {"source_branch", mr.sourceBranch},
                {"target_branch", mr.targetBranch}};
    }
    QNetworkAccessManager network;
    QNetworkReply *reply = network.post(request, QByteArray::fromStdString(body.dump()));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray answer = reply->readAll();
    const std::string what = github ? "GitHub" : "GitLab";
    const std::string networkError = reply->errorString().toStdString();
    reply->deleteLater();
    const nlohmann::json parsed = nlohmann::json::parse(answer.toStdString(), nullptr, false);
    const std::string message =
        parsed.is_object() ? parsed.value("message", std::string()) : std::string();
    if (status == 0)
        return fail(Error{ErrorCode::Unavailable, what + " could not be reached: " + networkError,
                          nlohmann::json::object()});
    if (status == 401 || status == 403)
        return fail(
            Error{ErrorCode::Unavailable,
                  what + " refused the repository's token (HTTP " + std::to_string(status) + ")",
                  nlohmann::json::object()});
    if (status == 409 || status == 422) {
        Error e = Error::conflict(what + " did not open the merge request: " +
                                  (message.empty() ? "HTTP " + std::to_string(status) : message));
        e.details["status"] = status;
        return fail(e);
    }
    if (status < 200 || status >= 300 || !parsed.is_object())
        return fail(Error{ErrorCode::Unavailable,
                          what + " answered HTTP " + std::to_string(status) +
                              (message.empty() ? std::string() : ": " + message),
                          nlohmann::json::object()});
    ForgeAnswer out;
    const nlohmann::json number = parsed.value(github ? "number" : "iid", nlohmann::json());
    const nlohmann::json url = parsed.value(github ? "html_url" : "web_url", nlohmann::json());
    if (!number.is_number_integer() || !url.is_string())
        return fail(Error{ErrorCode::Unavailable,
                          what + "'s answer has no merge request number or address",
                          nlohmann::json::object()});
    out.number = number.get<int64_t>();
    out.url = url.get<std::string>();
    return out;
}

// The request runs on a thread of its own, with its own event loop, while the caller waits: a
// local event loop on the caller's thread (the API server's, the window's) would run that
// thread's other events — other requests — in the middle of this one.
Result<ForgeAnswer> postMergeRequest(const Forge &forge, const SecretValue &token,
                                     const MergeRequestInfo &mr)
{
    std::optional<Result<ForgeAnswer>> answer;
    std::unique_ptr<QThread> thread(
        QThread::create([&] { answer.emplace(postOnThisThread(forge, token, mr)); }));
    thread->start();
    thread->wait();
    return std::move(*answer);
}

} // namespace

Result<MergeRequestInfo> RepositoryService::openMergeRequest(const Actor &actor,
                                                             MergeRequestInfo request)
{
    auto repo = requireRepository(actor, request.repositoryId);
    if (!repo)
        return fail(repo.error());
    if (repo->forge) {
        if (auto ok = checkCredentialUrl(repo->forge->apiUrl, "forgeApiUrl"); !ok)
            return fail(Error::conflict("the repository's forge API is not an https:// address"));
        SecretValue token;
        if (auto source = remoteSource(*repo); !source)
            return fail(source.error());
        else if (source->credential == CloneSource::Credential::Token)
            token = std::move(source->secret);
        auto opened = postMergeRequest(*repo->forge, token, request);
        if (!opened)
            return fail(opened.error());
        request.provider = repo->forge->kind;
        request.number = opened->number;
        request.url = opened->url;
    } else {
        request.provider = "local";
        request.number.reset();
        request.url.reset();
    }
    request.state = "open";
    return recordMergeRequest(actor, std::move(request));
}

} // namespace pw::core
