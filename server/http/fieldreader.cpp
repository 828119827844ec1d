#include "fieldreader.h"

namespace pw::server {

FieldReader::FieldReader(const nlohmann::json &object, std::string prefix)
    : m_object(object), m_prefix(std::move(prefix))
{
}

void FieldReader::failField(const std::string &field, const std::string &message)
{
    if (!m_error)
        m_error = core::Error::invalid("'" + field + "' " + message, field);
}

const nlohmann::json *FieldReader::find(const char *key) const
{
    const auto it = m_object.find(key);
    return it == m_object.end() ? nullptr : &*it;
}

bool FieldReader::has(const char *key) const
{
    return find(key) != nullptr;
}

std::string FieldReader::requiredString(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null()) {
        failField(name(key), "is required");
        return {};
    }
    if (!v->is_string()) {
        failField(name(key), "must be a string");
        return {};
    }
    return v->get<std::string>();
}

std::optional<std::string> FieldReader::optionalString(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_string()) {
        failField(name(key), "must be a string");
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<std::optional<std::string>> FieldReader::nullableString(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v)
        return std::nullopt;
    if (v->is_null())
        return std::optional<std::string>();
    if (!v->is_string()) {
        failField(name(key), "must be a string or null");
        return std::nullopt;
    }
    return std::optional<std::string>(v->get<std::string>());
}

std::optional<bool> FieldReader::optionalBool(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_boolean()) {
        failField(name(key), "must be true or false");
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<int64_t> FieldReader::optionalInteger(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_number_integer()) {
        failField(name(key), "must be an integer");
        return std::nullopt;
    }
    return v->get<int64_t>();
}

std::optional<std::vector<std::string>> FieldReader::optionalStringList(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return std::nullopt;
    if (!v->is_array()) {
        failField(name(key), "must be a list of strings");
        return std::nullopt;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < v->size(); ++i) {
        if (!(*v)[i].is_string()) {
            failField(name(key) + "[" + std::to_string(i) + "]", "must be a string");
            return std::nullopt;
        }
        out.push_back((*v)[i].get<std::string>());
    }
    return out;
}

const nlohmann::json *FieldReader::optionalObject(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return nullptr;
    if (!v->is_object()) {
        failField(name(key), "must be an object");
        return nullptr;
    }
    return v;
}

const nlohmann::json *FieldReader::requiredObject(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null()) {
        failField(name(key), "is required");
        return nullptr;
    }
    if (!v->is_object()) {
        failField(name(key), "must be an object");
        return nullptr;
    }
    return v;
}

const nlohmann::json *FieldReader::requiredArray(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null()) {
        failField(name(key), "is required");
        return nullptr;
    }
    if (!v->is_array()) {
        failField(name(key), "must be an array");
        return nullptr;
    }
    return v;
}

const nlohmann::json *FieldReader::optionalArray(const char *key)
{
    const nlohmann::json *v = find(key);
    if (!v || v->is_null())
        return nullptr;
    if (!v->is_array()) {
        failField(name(key), "must be an array");
        return nullptr;
    }
    return v;
}

} // namespace pw::server
