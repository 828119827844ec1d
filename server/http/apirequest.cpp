#include "apirequest.h"

namespace pw::server {

const std::string &ApiRequest::param(std::string_view name) const
{
    static const std::string empty;
    const auto it = params.find(name);
    return it == params.end() ? empty : it->second;
}

std::optional<std::string> ApiRequest::queryValue(const char *name) const
{
    const QString key = QString::fromLatin1(name);
    if (!query.hasQueryItem(key))
        return std::nullopt;
    return query.queryItemValue(key, QUrl::FullyDecoded).toStdString();
}

core::Result<nlohmann::json> ApiRequest::jsonObject() const
{
    if (body.trimmed().isEmpty())
        return core::fail(core::Error::invalid("the request needs a JSON object body"));
    try {
        auto parsed = nlohmann::json::parse(body.constData(), body.constData() + body.size());
        if (!parsed.is_object())
            return core::fail(core::Error::invalid("the request body must be a JSON object"));
        return parsed;
    } catch (const nlohmann::json::parse_error &e) {
        core::Error error = core::Error::invalid("the request body is not valid JSON (at byte " +
                                                 std::to_string(e.byte) + ")");
        error.details["byte"] = e.byte;
        return core::fail(std::move(error));
    }
}

} // namespace pw::server
