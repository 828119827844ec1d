#pragma once

#include <span>

namespace pw::core {

// One numbered schema step. Steps are applied in order, each in its own transaction, and the
// database's user_version records the last one applied. Never edit a step that has shipped:
// append a new one.
struct Migration
{
    int version;
    const char *sql;
};

std::span<const Migration> migrations();

} // namespace pw::core
