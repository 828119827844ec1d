#include "text.h"

#include "limits.h"

namespace pw::core {

std::string_view trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

bool isValidName(std::string_view text, size_t maxLength)
{
    return !trimmed(text).empty() && text.size() <= maxLength;
}

std::string likePattern(std::string_view text)
{
    std::string out = "%";
    for (char c : text) {
        if (c == '%' || c == '_' || c == '\\')
            out.push_back('\\');
        out.push_back(c);
    }
    out.push_back('%');
    return out;
}

Status checkSearchText(std::string_view text)
{
    if (text.size() > kMaxSearchTextBytes)
        return fail(Error::invalid("the search text 'q' is " + std::to_string(text.size()) +
                                       " bytes; at most " + std::to_string(kMaxSearchTextBytes) +
                                       " are allowed",
                                   "q"));
    return {};
}

} // namespace pw::core
