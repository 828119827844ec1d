#include <filesystem>
#include <fstream>
#include <map>

#include "../util/repopath.h"
#include "gitrepo.h"
#include "repositoryinternal.h"

namespace pw::core {

namespace {

Status writeFile(const std::filesystem::path &root, const std::string &path,
                 std::string_view content, bool executable)
{
    const std::filesystem::path target = root / path;
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    std::ofstream out(target, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out)
        return fail(Error::internal("could not write " + target.string()));
    using std::filesystem::perms;
    std::filesystem::permissions(target,
                                 executable
                                     ? perms::owner_all | perms::group_read | perms::group_exec |
                                           perms::others_read | perms::others_exec
                                     : perms::owner_read | perms::owner_write | perms::group_read |
                                           perms::others_read,
                                 ec);
    return {};
}

} // namespace

Result<size_t> RepositoryService::checkout(const Actor &actor, const std::string &definitionId,
                                           const std::string &dir)
{
    auto ctx = context(actor, definitionId, false);
    if (!ctx)
        return fail(ctx.error());
    struct Override
    {
        std::optional<std::string> content; // none: deleted in the draft
        bool executable = false;
        bool symlink = false;
    };
    auto overlay = m_store.read([&](Database &db) -> Result<std::map<std::string, Override>> {
        auto q = db.cached("SELECT path, content, executable, symlink FROM draft_files WHERE "
                           "definition_id = ?");
        q->bind(1, definitionId);
        std::map<std::string, Override> out;
        while (q->step())
            out.emplace(q->text(0),
                        Override{q->optionalText(1), q->integer(2) != 0, q->integer(3) != 0});
        return out;
    });
    if (!overlay)
        return fail(overlay.error());
    const std::filesystem::path root(dir);
    size_t written = 0;
    for (const TreeFile &file : *ctx->listing) {
        if (overlay->contains(file.path) || repoPathProblem(file.path))
            continue;
        if (file.mode != TreeFile::Mode::File && file.mode != TreeFile::Mode::Executable)
            continue; // links are never followed, submodules have no content here
        Result<std::string> content;
        {
            std::lock_guard lock(ctx->handle->mutex);
            content = ctx->handle->git->readBlob(file.blob);
        }
        if (!content)
            return fail(content.error());
        if (auto ok = writeFile(root, file.path, *content, file.mode == TreeFile::Mode::Executable);
            !ok)
            return fail(ok.error());
        ++written;
    }
    for (const auto &[path, override] : *overlay) {
        if (!override.content || override.symlink || repoPathProblem(path))
            continue; // links are left out, as the repository's are
        const TreeFile *file = ctx->repoFile(path);
        const bool executable =
            override.executable || (file && file->mode == TreeFile::Mode::Executable);
        if (auto ok = writeFile(root, path, *override.content, executable); !ok)
            return fail(ok.error());
        ++written;
    }
    return written;
}

} // namespace pw::core
