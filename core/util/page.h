#pragma once

#include <cstdint>
#include <vector>

namespace pw::core {

struct PageRequest
{
    int64_t offset = 0;
    int64_t limit = 50;
};

template <class T> struct Page
{
    std::vector<T> items;
    int64_t total = 0;
};

} // namespace pw::core
