#include "python.h"

#include <array>
#include <cstdio>

namespace pw::core::python {

std::string str(std::string_view text)
{
    std::string out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '\\':
            out += "\\\\";
            break;
        case '"':
            out += "\\\"";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20 || u == 0x7f) {
                char buffer[8];
                std::snprintf(buffer, sizeof buffer, "\\x%02x", u);
                out += buffer;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

std::string literal(const nlohmann::json &value)
{
    switch (value.type()) {
    case nlohmann::json::value_t::null:
        return "None";
    case nlohmann::json::value_t::boolean:
        return value.get<bool>() ? "True" : "False";
    case nlohmann::json::value_t::string:
        return str(value.get_ref<const std::string &>());
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
        return value.dump();
    case nlohmann::json::value_t::number_float: {
        const std::string text = value.dump();
        return text.find_first_of(".eE") == std::string::npos ? text + ".0" : text;
    }
    case nlohmann::json::value_t::array: {
        std::string out = "[";
        for (size_t i = 0; i < value.size(); ++i)
            out += (i ? ", " : "") + literal(value[i]);
        return out + "]";
    }
    case nlohmann::json::value_t::object: {
        std::string out = "{";
        bool first = true;
        for (const auto &[key, item] : value.items()) { // nlohmann orders keys: stable output
            out += (first ? "" : ", ") + str(key) + ": " + literal(item);
            first = false;
        }
        return out + "}";
    }
    default:
        return "None";
    }
}

std::string comment(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (const char c : text)
        out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
    return out;
}

bool isKeyword(std::string_view name)
{
    static constexpr std::array keywords = {
        "False",   "None",     "True",     "and",    "as",   "assert", "async",  "await",
        "break",   "class",    "continue", "def",    "del",  "elif",   "else",   "except",
        "finally", "for",      "from",     "global", "if",   "import", "in",     "is",
        "lambda",  "nonlocal", "not",      "or",     "pass", "raise",  "return", "try",
        "while",   "with",     "yield",    "match",  "case", "type",   "_"};
    for (const char *k : keywords) {
        if (name == k)
            return true;
    }
    return false;
}

} // namespace pw::core::python
