#include "apirequest.h"

#include "core/util/jsonread.h"

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

QByteArray ApiRequest::header(const char *name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

core::Result<nlohmann::json> ApiRequest::jsonObject() const
{
    if (body.trimmed().isEmpty())
        return core::fail(core::Error::invalid("the request needs a JSON object body"));
    auto parsed =
        core::parseJson(std::string_view(body.constData(), static_cast<size_t>(body.size())));
    if (!parsed) {
        core::Error error = std::move(parsed.error());
        error.message = "the request body is not usable JSON: " + error.message;
        return core::fail(std::move(error));
    }
    if (!parsed->is_object())
        return core::fail(core::Error::invalid("the request body must be a JSON object"));
    return parsed;
}

} // namespace pw::server
