#include "duration.h"

#include <charconv>

namespace pw::core {

Result<std::chrono::seconds> parseDuration(std::string_view text, std::string_view field)
{
    const auto bad = [&] {
        return fail(Error::invalid("'" + std::string(text.substr(0, 64)) +
                                       "' is not a duration: write a number and a unit (m, h, "
                                       "d or w), such as 90m, 12h or 30d",
                                   field));
    };
    if (text.size() < 2 || text.size() > 12)
        return bad();
    int64_t seconds = 0;
    switch (text.back()) {
    case 'm':
        seconds = 60;
        break;
    case 'h':
        seconds = 3600;
        break;
    case 'd':
        seconds = 86400;
        break;
    case 'w':
        seconds = 7 * 86400;
        break;
    default:
        return bad();
    }
    const std::string_view digits = text.substr(0, text.size() - 1);
    int64_t count = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    // from_chars takes a leading '-': only digits are a count.
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.front() == '-' ||
        count <= 0 || count > 1'000'000'000)
        return bad();
    return std::chrono::seconds(count * seconds);
}

} // namespace pw::core
