#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "../util/error.h"

namespace pw::core {

// Files the engine reads and writes in the folders a task writes too (the checkout, the run's
// work folder). A task may have put a link or a FIFO there to make the engine, which is not
// sandboxed, read or overwrite something outside them: these follow no link and touch regular
// files only.

// Reads `relativePath` (a repository path) inside `folder`, following no link on the way, up to
// `maxBytes`.
Result<std::string> readTaskFile(const std::string &folder, const std::string &relativePath,
                                 size_t maxBytes);
// Writes `bytes` to `path` (a file name in a folder the engine created), replacing a regular
// file there and refusing anything else (a link, a FIFO, a folder).
Status writeTaskFile(const std::string &path, std::string_view bytes);

} // namespace pw::core
