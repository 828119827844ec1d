#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace pw::core {

// Open-addressing tables for the validator's hot path: one allocation, linear probing, no
// per-entry nodes. Insert-only, sized up front; keys must outlive the table.

inline uint64_t hashBytes(std::string_view text)
{
    uint64_t h = 1469598103934665603ull; // FNV-1a: short ids hash in a few cycles
    for (unsigned char c : text) {
        h ^= c;
        h *= 1099511628211ull;
    }
    return h ^ (h >> 29);
}

class StringIndex
{
public:
    explicit StringIndex(size_t expected)
    {
        size_t capacity = 16;
        while (capacity < expected * 2)
            capacity <<= 1;
        m_slots.resize(capacity);
        m_mask = capacity - 1;
    }

    // Inserts key → value; when the key is present, returns its value and inserts nothing.
    // Returns npos when inserted.
    static constexpr uint32_t npos = UINT32_MAX;
    uint32_t insert(std::string_view key, uint32_t value)
    {
        const uint64_t h = hashBytes(key);
        for (size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            Slot &s = m_slots[i];
            if (s.value == npos) {
                s = {h, key, value};
                return npos;
            }
            if (s.hash == h && s.key == key)
                return s.value;
        }
    }

    uint32_t find(std::string_view key) const
    {
        const uint64_t h = hashBytes(key);
        for (size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot &s = m_slots[i];
            if (s.value == npos)
                return npos;
            if (s.hash == h && s.key == key)
                return s.value;
        }
    }

private:
    struct Slot
    {
        uint64_t hash = 0;
        std::string_view key;
        uint32_t value = npos;
    };
    std::vector<Slot> m_slots;
    size_t m_mask = 0;
};

class U64Set
{
public:
    explicit U64Set(size_t expected)
    {
        size_t capacity = 16;
        while (capacity < expected * 2)
            capacity <<= 1;
        m_slots.assign(capacity, 0);
        m_mask = capacity - 1;
    }

    // False when the key was already present. The key UINT64_MAX is reserved.
    bool insert(uint64_t key)
    {
        const uint64_t stored = key + 1; // 0 marks an empty slot
        uint64_t h = key * 0x9E3779B97F4A7C15ull;
        for (size_t i = (h >> 20) & m_mask;; i = (i + 1) & m_mask) {
            if (m_slots[i] == 0) {
                m_slots[i] = stored;
                return true;
            }
            if (m_slots[i] == stored)
                return false;
        }
    }

private:
    std::vector<uint64_t> m_slots;
    size_t m_mask = 0;
};

} // namespace pw::core
