#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace pw::server {

// Reads typed fields out of a request body object. The first wrong type is kept as a 400 error
// naming the field; later reads return empty values, so a handler reads everything and checks
// ok() once. Request shape only: rules about values live in core.
class FieldReader
{
public:
    explicit FieldReader(const nlohmann::json &object, std::string prefix = {});

    std::string requiredString(const char *key);
    std::optional<std::string> optionalString(const char *key);
    // Absent → nullopt; null → an empty inner optional; a string → its value.
    std::optional<std::optional<std::string>> nullableString(const char *key);
    std::optional<bool> optionalBool(const char *key);
    // An integer (a JSON number without a fraction); a fraction or another type is an error.
    std::optional<int64_t> optionalInteger(const char *key);
    std::optional<std::vector<std::string>> optionalStringList(const char *key);
    // Points into the body (no copy: a spec can be megabytes); null when absent or null.
    const nlohmann::json *optionalObject(const char *key);
    const nlohmann::json *requiredObject(const char *key);
    const nlohmann::json *requiredArray(const char *key);
    const nlohmann::json *optionalArray(const char *key);
    bool has(const char *key) const;

    bool ok() const { return !m_error; }
    const core::Error &error() const { return *m_error; }
    void failField(const std::string &field, const std::string &message);

private:
    const nlohmann::json *find(const char *key) const;
    std::string name(const char *key) const { return m_prefix + key; }

    const nlohmann::json &m_object;
    std::string m_prefix;
    std::optional<core::Error> m_error;
};

} // namespace pw::server
