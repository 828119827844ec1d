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

} // namespace pw::core
