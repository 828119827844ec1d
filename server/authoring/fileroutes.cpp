#include "common.h"

#include <QByteArray>

#include "core/app/core.h"
#include "core/spec/specio.h"
#include "server/http/fieldreader.h"
#include "server/http/jobanswer.h"
#include "server/http/multipart.h"

namespace pw::server::authoring {

namespace {

using core::Error;
using nlohmann::json;

std::string_view modeName(core::TreeFile::Mode mode)
{
    switch (mode) {
    case core::TreeFile::Mode::Link:
        return "symlink";
    case core::TreeFile::Mode::Submodule:
        return "submodule";
    default:
        return "file";
    }
}

json optionalSha(const std::optional<core::ObjectId> &sha)
{
    return sha ? json(*sha) : json();
}

// A draft file's description; its content (text, or base64 for binary content) when asked.
json fileJson(const core::DraftFile &file, bool withContent)
{
    json out = {{"path", file.path},
                {"sha", file.sha},
                {"language", file.language},
                {"size", file.content.size()},
                {"status", std::string(core::fileStatusName(file.status))},
                {"type", std::string(modeName(file.mode))},
                {"executable", file.mode == core::TreeFile::Mode::Executable},
                {"binary", file.binary}};
    if (withContent) {
        out["encoding"] = file.binary ? "base64" : "utf-8";
        out["content"] = file.binary
                             ? QByteArray::fromStdString(file.content).toBase64().toStdString()
                             : file.content;
    }
    return out;
}

// The tree's JSON written directly: 20,000 entries as nlohmann objects and a dump took longer
// than reading the tree from git.
std::string treeJson(const core::DraftTree &tree)
{
    int modified = 0, added = 0, deleted = 0;
    std::string entries;
    entries.reserve(tree.entries.size() * 140);
    for (const core::DraftEntry &e : tree.entries) {
        modified += e.status == core::FileStatus::Modified;
        added += e.status == core::FileStatus::Added;
        deleted += e.status == core::FileStatus::Deleted;
        entries += entries.empty() ? "{\"path\":" : ",{\"path\":";
        core::appendJsonString(entries, e.path);
        entries += ",\"sha\":\"";
        entries += e.sha;
        entries += "\",\"status\":\"";
        entries += core::fileStatusName(e.status);
        entries += "\",\"type\":\"";
        entries += modeName(e.mode);
        entries += e.mode == core::TreeFile::Mode::Executable ? "\",\"executable\":true}"
                                                              : "\",\"executable\":false}";
    }
    const json head = {{"definition_id", tree.definitionId},
                       {"repository_id", tree.repositoryId},
                       {"branch", tree.branch},
                       {"head", optionalSha(tree.head)},
                       {"base_commit", optionalSha(tree.base)},
                       {"counts",
                        {{"files", tree.entries.size() - static_cast<size_t>(deleted)},
                         {"modified", modified},
                         {"added", added},
                         {"deleted", deleted}}}};
    std::string out = head.dump();
    out.pop_back(); // the closing brace: the entries follow
    out += ",\"entries\":[";
    out += entries;
    out += "]}";
    return out;
}

ApiResponse treeResponse(const core::DraftTree &tree)
{
    return ApiResponse::rawJson(200, treeJson(tree));
}

// `content` of a request, decoded when `encoding` says base64.
core::Result<std::string> contentOf(FieldReader &in, const std::string &prefix)
{
    const std::string content = in.requiredString("content");
    const auto encoding = in.optionalString("encoding");
    if (!in.ok())
        return core::fail(in.error());
    if (!encoding || *encoding == "utf-8" || *encoding == "utf8")
        return content;
    if (*encoding != "base64")
        return core::fail(
            Error::invalid("'encoding' must be 'utf-8' or 'base64'", prefix + "encoding"));
    auto decoded = QByteArray::fromBase64Encoding(QByteArray::fromStdString(content),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return core::fail(Error::invalid("'content' is not valid base64", prefix + "content"));
    return decoded.decoded.toStdString();
}

core::Result<std::string> pathQuery(const ApiRequest &req)
{
    auto path = req.queryValue("path");
    if (!path || path->empty())
        return core::fail(Error::invalid("query parameter 'path' is required", "path"));
    return *path;
}

ApiResponse getTree(Context &ctx, ApiRequest &req)
{
    auto tree = ctx.core.repositories().tree(req.requireActor(), req.param("definition_id"));
    if (!tree)
        return fromError(tree.error());
    return treeResponse(*tree);
}

ApiResponse searchFiles(Context &ctx, ApiRequest &req)
{
    core::SearchQuery query;
    query.text = req.queryValue("q").value_or(std::string());
    query.under = req.queryValue("under").value_or(std::string());
    for (auto [name, target] :
         {std::pair{"regex", &query.regex}, std::pair{"case_sensitive", &query.caseSensitive},
          std::pair{"whole_word", &query.wholeWord}}) {
        auto value = boolQuery(req, name);
        if (!value)
            return fromError(value.error());
        *target = *value;
    }
    if (const auto in = req.queryValue("in")) {
        if (*in == "paths")
            query.contents = false;
        else if (*in == "contents")
            query.paths = false;
        else if (*in != "all")
            return fromError(Error::invalid("'in' must be paths, contents or all", "in"));
    }
    if (const auto limit = req.queryValue("limit")) {
        bool ok = false;
        query.limit = QString::fromStdString(*limit).toInt(&ok);
        if (!ok)
            return fromError(Error::invalid("'limit' must be a number from 1 to 1000", "limit"));
    }
    // The search runs on a job thread: the server goes on serving while it reads, and answers
    // when it ends (at the latest at its deadline). A client that leaves cancels it.
    core::RepositoryService &repositories = ctx.core.repositories();
    return ApiResponse::deferred([&repositories, actor = req.requireActor(),
                                  id = req.param("definition_id"),
                                  query = std::move(query)](Deferred reply) mutable {
        const std::string text = query.text;
        auto started = repositories.startSearch(
            actor, id, std::move(query), [reply, text](core::Result<core::SearchResult> result) {
                if (!result) {
                    reply.complete(fromError(result.error()));
                    return;
                }
                json hits = json::array();
                for (const core::SearchHit &hit : result->hits)
                    hits.push_back({{"path", hit.path},
                                    {"line", hit.line == 0 ? json() : json(hit.line)},
                                    {"column", hit.column},
                                    {"length", hit.length},
                                    {"text", hit.text},
                                    {"match", hit.line == 0 ? "path" : "content"}});
                reply.complete(ApiResponse::json(200, {{"query", text},
                                                       {"results", std::move(hits)},
                                                       {"truncated", result->truncated},
                                                       {"timed_out", result->timedOut},
                                                       {"too_costly", result->tooCostly},
                                                       {"files_searched", result->filesSearched}}));
            });
        if (!started) {
            reply.complete(fromError(started.error()));
            return;
        }
        reply.onCancel([job = *started] { job->cancel(); });
    });
}

ApiResponse readFile(Context &ctx, ApiRequest &req)
{
    auto path = pathQuery(req);
    if (!path)
        return fromError(path.error());
    auto file = ctx.core.repositories().read(req.requireActor(), req.param("definition_id"), *path);
    if (!file)
        return fromError(file.error());
    return ApiResponse::json(200, fileJson(*file, true));
}

ApiResponse saveFile(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::FileUpload file;
    file.path = in.requiredString("path");
    file.baseSha = in.optionalString("base_sha");
    in.optionalString("language"); // the language follows the path's extension
    auto content = contentOf(in, "");
    if (!content)
        return fromError(content.error());
    file.content = std::move(*content);
    auto saved = ctx.core.repositories().save(req.requireActor(), req.param("definition_id"), file);
    if (!saved)
        return fromError(saved.error());
    return ApiResponse::json(200, fileJson(*saved, false));
}

ApiResponse uploadFiles(Context &ctx, ApiRequest &req)
{
    std::vector<core::FileUpload> files;
    const QByteArray type = req.header("content-type");
    if (isMultipartFormData(type)) {
        auto parts = parseMultipart(type, req.body);
        if (!parts)
            return fromError(parts.error());
        std::string directory;
        for (const FormPart &part : *parts) {
            if (!part.filename && (part.name == "directory" || part.name == "path"))
                directory = part.data;
        }
        while (!directory.empty() && directory.back() == '/')
            directory.pop_back();
        for (FormPart &part : *parts) {
            if (!part.filename)
                continue;
            if (part.filename->empty())
                return fromError(Error::invalid("a file part has an empty file name", part.name));
            files.push_back(core::FileUpload{directory.empty() ? *part.filename
                                                               : directory + "/" + *part.filename,
                                             std::move(part.data), std::nullopt});
        }
        if (files.empty())
            return fromError(Error::invalid(
                "the form has no file part (send files as -F 'files=@local;filename=repo/path')",
                "files"));
    } else {
        auto body = req.jsonObject();
        if (!body)
            return fromError(body.error());
        FieldReader in(*body);
        const json *list = in.requiredArray("files");
        if (!in.ok())
            return fromError(in.error());
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string prefix = "files[" + std::to_string(i) + "].";
            if (!(*list)[i].is_object())
                return fromError(Error::invalid("'" + prefix.substr(0, prefix.size() - 1) +
                                                    "' must be an object",
                                                prefix.substr(0, prefix.size() - 1)));
            FieldReader item((*list)[i], prefix);
            core::FileUpload file;
            file.path = item.requiredString("path");
            file.baseSha = item.optionalString("base_sha");
            auto content = contentOf(item, prefix);
            if (!content)
                return fromError(content.error());
            file.content = std::move(*content);
            files.push_back(std::move(file));
        }
    }
    auto saved =
        ctx.core.repositories().upload(req.requireActor(), req.param("definition_id"), files);
    if (!saved)
        return fromError(saved.error());
    json out = json::array();
    for (const core::DraftFile &file : *saved)
        out.push_back(fileJson(file, false));
    return ApiResponse::json(201, {{"files", std::move(out)}});
}

core::Result<core::FileMove> moveOf(const json &object, const std::string &prefix)
{
    FieldReader in(object, prefix);
    core::FileMove move;
    move.path = in.requiredString("path");
    move.newPath = in.requiredString("new_path");
    move.baseSha = in.optionalString("base_sha");
    if (!in.ok())
        return core::fail(in.error());
    return move;
}

ApiResponse renameFile(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    auto move = moveOf(*body, "");
    if (!move)
        return fromError(move.error());
    auto file =
        ctx.core.repositories().rename(req.requireActor(), req.param("definition_id"), *move);
    if (!file)
        return fromError(file.error());
    return ApiResponse::json(200, fileJson(*file, false));
}

ApiResponse moveFiles(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const json *list = in.requiredArray("moves");
    if (!in.ok())
        return fromError(in.error());
    std::vector<core::FileMove> moves;
    for (size_t i = 0; i < list->size(); ++i) {
        const std::string at = "moves[" + std::to_string(i) + "]";
        if (!(*list)[i].is_object())
            return fromError(Error::invalid("'" + at + "' must be an object", at));
        auto move = moveOf((*list)[i], at + ".");
        if (!move)
            return fromError(move.error());
        moves.push_back(std::move(*move));
    }
    auto files =
        ctx.core.repositories().move(req.requireActor(), req.param("definition_id"), moves);
    if (!files)
        return fromError(files.error());
    json out = json::array();
    for (const core::DraftFile &file : *files)
        out.push_back(fileJson(file, false));
    return ApiResponse::json(200, {{"files", std::move(out)}});
}

// path and base_sha from the query, or from a JSON body (clients that send DELETE bodies).
core::Result<std::pair<std::string, std::optional<std::string>>> pathAndBase(const ApiRequest &req)
{
    std::optional<std::string> path = req.queryValue("path");
    std::optional<std::string> base = req.queryValue("base_sha");
    if (!req.body.isEmpty()) {
        auto body = req.jsonObject();
        if (!body)
            return core::fail(body.error());
        FieldReader in(*body);
        if (auto p = in.optionalString("path"))
            path = p;
        if (auto b = in.optionalString("base_sha"))
            base = b;
        if (!in.ok())
            return core::fail(in.error());
    }
    if (!path || path->empty())
        return core::fail(Error::invalid("'path' is required", "path"));
    return std::pair{*path, base};
}

ApiResponse deleteFile(Context &ctx, ApiRequest &req)
{
    auto target = pathAndBase(req);
    if (!target)
        return fromError(target.error());
    auto tree = ctx.core.repositories().remove(req.requireActor(), req.param("definition_id"),
                                               target->first, target->second);
    if (!tree)
        return fromError(tree.error());
    return treeResponse(*tree);
}

ApiResponse resetOverride(Context &ctx, ApiRequest &req)
{
    auto target = pathAndBase(req);
    if (!target)
        return fromError(target.error());
    auto tree = ctx.core.repositories().resetOverride(req.requireActor(),
                                                      req.param("definition_id"), target->first);
    if (!tree)
        return fromError(tree.error());
    return treeResponse(*tree);
}

ApiResponse changesResponse(const core::Result<core::DraftChanges> &changes)
{
    if (!changes)
        return fromError(changes.error());
    json items = json::array();
    for (const core::DraftChange &c : changes->changes)
        items.push_back({{"path", c.path},
                         {"status", std::string(core::fileStatusName(c.status))},
                         {"repository_sha", optionalSha(c.repositorySha)},
                         {"draft_sha", optionalSha(c.draftSha)},
                         {"binary", c.binary},
                         {"spec_file", c.specFile},
                         {"diff", c.diff},
                         {"diff_truncated", c.diffTruncated}});
    return ApiResponse::json(200, {{"branch", changes->branch},
                                   {"head", optionalSha(changes->head)},
                                   {"base_commit", optionalSha(changes->base)},
                                   {"changes", std::move(items)},
                                   {"truncated", changes->truncated}});
}

// Diffs of a large draft take CPU (up to its quota): on a job thread, not the server's.
ApiResponse listChanges(Context &ctx, ApiRequest &req)
{
    core::RepositoryService &repositories = ctx.core.repositories();
    return answerFromJob(ctx.core.jobs(), req.requireActor(),
                         [&repositories, actor = req.requireActor(),
                          id = req.param("definition_id")](core::JobContext &) {
                             return changesResponse(repositories.changes(actor, id));
                         });
}

ApiResponse commitResponse(const core::Result<core::CommitResult> &result)
{
    if (!result)
        return fromError(result.error());
    return ApiResponse::json(201, {{"branch", result->branch},
                                   {"commit", result->commit},
                                   {"parent", optionalSha(result->parent)},
                                   {"created_branch", result->createdBranch},
                                   {"spec_path", result->specPath},
                                   {"files", result->files}});
}

ApiResponse commitDrafts(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::CommitRequest request;
    request.branch = in.requiredString("branch");
    request.message = in.optionalString("message").value_or(std::string());
    request.expectedHead = in.optionalString("expected_head");
    if (!in.ok())
        return fromError(in.error());
    // Writing a draft's blobs and trees (up to its quota) is git I/O: on a job thread.
    core::RepositoryService &repositories = ctx.core.repositories();
    return answerFromJob(ctx.core.jobs(), req.requireActor(),
                         [&repositories, actor = req.requireActor(),
                          id = req.param("definition_id"), request](core::JobContext &) {
                             return commitResponse(repositories.commitDrafts(actor, id, request));
                         });
}

json readmeJson(const core::ReadmeFile &readme)
{
    json out = {{"path", readme.path}, {"exists", readme.exists}};
    if (readme.file) {
        out.update(fileJson(*readme.file, true));
        out["path"] = readme.path;
    } else {
        out["content"] = "";
        out["sha"] = nullptr;
        out["status"] = nullptr;
    }
    return out;
}

ApiResponse getReadme(Context &ctx, ApiRequest &req)
{
    auto readme = ctx.core.repositories().readme(req.requireActor(), req.param("definition_id"));
    if (!readme)
        return fromError(readme.error());
    return ApiResponse::json(200, readmeJson(*readme));
}

ApiResponse putReadme(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const auto path = in.optionalString("path");
    const auto base = in.optionalString("base_sha");
    const std::string summary = in.optionalString("change_summary").value_or(std::string());
    auto content = contentOf(in, "");
    if (!content)
        return fromError(content.error());
    auto readme = ctx.core.repositories().saveReadme(req.requireActor(), req.param("definition_id"),
                                                     path, std::move(*content), base, summary);
    if (!readme)
        return fromError(readme.error());
    return ApiResponse::json(200, readmeJson(*readme));
}

ApiResponse deleteReadme(Context &ctx, ApiRequest &req)
{
    std::optional<std::string> base = req.queryValue("base_sha");
    if (!req.body.isEmpty()) {
        auto body = req.jsonObject();
        if (!body)
            return fromError(body.error());
        FieldReader in(*body);
        if (auto b = in.optionalString("base_sha"))
            base = b;
        if (!in.ok())
            return fromError(in.error());
    }
    auto readme =
        ctx.core.repositories().deleteReadme(req.requireActor(), req.param("definition_id"), base);
    if (!readme)
        return fromError(readme.error());
    return ApiResponse::json(200, readmeJson(*readme));
}

const QueryParam kPath{"path",
                       "The file's path in the repository ('/'-separated, relative)",
                       {{"type", "string"}},
                       true};

} // namespace

std::vector<Route> fileRoutes(const ContextPtr &ctx)
{
    const std::string d = "/definitions/{definition_id}";
    return {
        {.method = "GET",
         .pattern = d + "/tree",
         .operationId = "getDraftTree",
         .summary = "List the draft file tree: the base branch's files with the overlay applied",
         .tag = "Draft files",
         .responseSchema = schemaRef("DraftTree"),
         .handler = bind(ctx, getTree)},
        {.method = "GET",
         .pattern = d + "/files/search",
         .operationId = "searchDraftFiles",
         .summary = "Search draft file paths and contents",
         .tag = "Draft files",
         .query = {{"q", "Text (or regular expression) to find", {{"type", "string"}}, true},
                   {"regex", "Treat q as a regular expression", {{"type", "boolean"}}},
                   {"case_sensitive", "Match case", {{"type", "boolean"}}},
                   {"whole_word", "Match whole words only", {{"type", "boolean"}}},
                   {"in",
                    "paths, contents or all (default)",
                    {{"type", "string"}, {"enum", {"paths", "contents", "all"}}}},
                   {"under", "Only below this folder", {{"type", "string"}}},
                   {"limit", "Results at most (1-1000, default 200)", {{"type", "integer"}}}},
         .responseSchema = schemaRef("DraftSearchResult"),
         .handler = bind(ctx, searchFiles)},
        {.method = "GET",
         .pattern = d + "/files",
         .operationId = "readDraftFile",
         .summary = "Read one draft file (binary content as base64)",
         .tag = "Draft files",
         .query = {kPath},
         .responseSchema = schemaRef("DraftFile"),
         .handler = bind(ctx, readFile)},
        {.method = "PUT",
         .pattern = d + "/files",
         .operationId = "saveDraftFile",
         .summary = "Create or update a draft file; a stale base_sha is a 409",
         .tag = "Draft files",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("DraftFileSave"),
         .responseSchema = schemaRef("DraftFileInfo"),
         .handler = bind(ctx, saveFile)},
        {.method = "POST",
         .pattern = d + "/files/uploads",
         .operationId = "uploadDraftFiles",
         .summary = "Upload one or more draft files (multipart/form-data or JSON), all or none",
         .tag = "Draft files",
         .successStatus = 201,
         .body = BodyUse::Required,
         .multipart = true,
         .requestSchema = schemaRef("DraftFileUpload"),
         .responseSchema = schemaRef("DraftFileList"),
         .handler = bind(ctx, uploadFiles)},
        {.method = "POST",
         .pattern = d + "/files/rename",
         .operationId = "renameDraftFile",
         .summary = "Rename one draft file",
         .tag = "Draft files",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("DraftFileMove"),
         .responseSchema = schemaRef("DraftFileInfo"),
         .handler = bind(ctx, renameFile)},
        {.method = "POST",
         .pattern = d + "/files/move",
         .operationId = "moveDraftFiles",
         .summary = "Move one or more draft files, all or none",
         .tag = "Draft files",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("DraftFileMoves"),
         .responseSchema = schemaRef("DraftFileList"),
         .handler = bind(ctx, moveFiles)},
        {.method = "DELETE",
         .pattern = d + "/files",
         .operationId = "deleteDraftFile",
         .summary = "Delete one draft file (a deletion marker over a repository file)",
         .tag = "Draft files",
         .body = BodyUse::Optional,
         .query = {kPath, {"base_sha", "The sha the caller last saw", {{"type", "string"}}}},
         .requestSchema = schemaRef("DraftFilePath"),
         .responseSchema = schemaRef("DraftTree"),
         .handler = bind(ctx, deleteFile)},
        {.method = "POST",
         .pattern = d + "/files/reset-override",
         .operationId = "resetDraftOverride",
         .summary = "Reset a draft override back to repository content",
         .tag = "Draft files",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("DraftFilePath"),
         .responseSchema = schemaRef("DraftTree"),
         .handler = bind(ctx, resetOverride)},
        {.method = "GET",
         .pattern = d + "/changes",
         .operationId = "listDraftChanges",
         .summary = "The overlay against the repository as unified diffs (with the spec file a "
                    "commit writes)",
         .tag = "Draft files",
         .responseSchema = schemaRef("DraftChanges"),
         .handler = bind(ctx, listChanges)},
        {.method = "POST",
         .pattern = d + "/commits",
         .operationId = "commitDrafts",
         .summary = "Commit the drafts and the spec file to a new or existing branch",
         .tag = "Draft files",
         .successStatus = 201,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("CommitDraftsRequest"),
         .responseSchema = schemaRef("CommitDraftsResult"),
         .handler = bind(ctx, commitDrafts)},
        {.method = "GET",
         .pattern = d + "/readme",
         .operationId = "getReadme",
         .summary = "Resolve and read the DAG README",
         .tag = "Graph",
         .responseSchema = schemaRef("Readme"),
         .handler = bind(ctx, getReadme)},
        {.method = "PUT",
         .pattern = d + "/readme",
         .operationId = "updateReadme",
         .summary = "Create or update the README through the draft overlay (path persists "
                    "deployment.readme_path)",
         .tag = "Graph",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("ReadmeUpdate"),
         .responseSchema = schemaRef("Readme"),
         .handler = bind(ctx, putReadme)},
        {.method = "DELETE",
         .pattern = d + "/readme",
         .operationId = "deleteReadme",
         .summary = "Delete the README override, or mark the repository's README deleted",
         .tag = "Graph",
         .body = BodyUse::Optional,
         .query = {{"base_sha", "The sha the caller last saw", {{"type", "string"}}}},
         .requestSchema = schemaRef("DraftFilePath"),
         .responseSchema = schemaRef("Readme"),
         .handler = bind(ctx, deleteReadme)},
    };
}

} // namespace pw::server::authoring
