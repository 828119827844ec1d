#include "pagination.h"

#include <charconv>

namespace pw::server {

namespace {

constexpr int64_t kDefaultPageSize = 100;
constexpr int64_t kMaxPageSize = 1000;

core::Result<int64_t> positiveInt(const ApiRequest &request, const char *name, int64_t fallback,
                                  int64_t max)
{
    const auto text = request.queryValue(name);
    if (!text)
        return fallback;
    int64_t value = 0;
    auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < 1 || value > max)
        return core::fail(core::Error::invalid(std::string("query parameter '") + name +
                                                   "' must be an integer from 1 to " +
                                                   std::to_string(max),
                                               name));
    return value;
}

} // namespace

core::Result<core::PageRequest> pageRequest(const ApiRequest &request)
{
    auto page = positiveInt(request, "page", 1, 1'000'000'000);
    if (!page)
        return core::fail(page.error());
    auto size = positiveInt(request, "page_size", kDefaultPageSize, kMaxPageSize);
    if (!size)
        return core::fail(size.error());
    return core::PageRequest{(*page - 1) * *size, *size};
}

ApiResponse pageResponse(const ApiRequest &request, core::PageRequest page,
                         const nlohmann::json &items, int64_t total)
{
    ApiResponse response = ApiResponse::json(200, items);
    response.headers.emplace_back("X-Total-Count", QByteArray::number(total));
    const int64_t size = page.limit;
    const int64_t current = page.offset / size + 1;
    const int64_t last = std::max<int64_t>(1, (total + size - 1) / size);
    auto link = [&](int64_t number, const char *rel) -> QByteArray {
        QUrlQuery query = request.query;
        query.removeAllQueryItems(QStringLiteral("page"));
        query.removeAllQueryItems(QStringLiteral("page_size"));
        query.addQueryItem(QStringLiteral("page"), QString::number(number));
        query.addQueryItem(QStringLiteral("page_size"), QString::number(size));
        return "<" + QByteArray::fromStdString(request.path) + "?" +
               query.toString(QUrl::FullyEncoded).toUtf8() + ">; rel=\"" + rel + "\"";
    };
    QByteArrayList links;
    links << link(1, "first");
    if (current > 1)
        links << link(std::min(current - 1, last), "prev");
    if (current < last)
        links << link(current + 1, "next");
    links << link(last, "last");
    response.headers.emplace_back("Link", links.join(", "));
    return response;
}

} // namespace pw::server
