#pragma once

#include <cstddef>

namespace pw::core {

// The bounds core puts on what it reads, stores and emits, in one place. The HTTP transport's
// own limits (body, headers, timeouts, connections) live in server/http/limits.h, which names
// these too; docs/api-notes.md lists them all.

// How deeply arrays and objects may nest in JSON (and YAML) that core accepts. Every reader of
// outside text enforces it, so nothing recursive downstream (copies, dumps, diffs, YAML) can
// run out of stack, and nothing stored is deeper.
inline constexpr int kMaxJsonDepth = 256;

// The largest spec a definition stores: its canonical compact text without positions.
inline constexpr std::size_t kMaxSpecBytes = 16 * 1024 * 1024;

// Search text of list queries (`q`): SQLite refuses LIKE patterns over 50,000 bytes, and no
// one types more than this into a search box.
inline constexpr std::size_t kMaxSearchTextBytes = 1024;

// Compare: the pretty canonical texts it diffs (per side), and the unified diff it returns.
// Beyond the first the texts are left out; beyond the second the diff is cut at a line.
inline constexpr std::size_t kMaxCompareTextBytes = 8 * 1024 * 1024;
inline constexpr std::size_t kMaxTextDiffBytes = 2 * 1024 * 1024;

// Draft files: what one definition's overlay may hold in all, file contents and paths (deletion
// markers count their path), and how many entries. Checked inside the write that would pass
// them, so concurrent uploads cannot together exceed them; a write that shrinks an overlay
// already past them (made before they existed) is let through.
inline constexpr std::size_t kMaxDraftBytes = 64 * 1024 * 1024;
inline constexpr std::size_t kMaxDraftEntries = 10'000;

// The changes answer (a definition's overlay as diffs): one file's diff is cut at a line end
// past the first, as compare's is; once all diffs reach the second, later ones are left out.
inline constexpr std::size_t kMaxChangeDiffBytes = kMaxTextDiffBytes;
inline constexpr std::size_t kMaxChangesDiffBytes = 8 * 1024 * 1024;

} // namespace pw::core
