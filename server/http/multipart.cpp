#include "multipart.h"

#include <QByteArrayView>

#include <utility>
#include <vector>

namespace pw::server {

namespace {

using core::Error;

constexpr int kMaxParts = 1000;

bool isSpace(char c)
{
    return c == ' ' || c == '\t';
}

// The `; key=value` parameters of a header value after its first token, names lowercased. A
// value is a token or a quoted string taken as it is written: a backslash is refused rather
// than read as an escape, since clients disagree on it (one escapes a quote with it, another
// sends a Windows path), and a name that would be rewritten is worse than a refusal.
core::Result<std::vector<std::pair<std::string, std::string>>> parameters(QByteArrayView header,
                                                                          qsizetype from)
{
    std::vector<std::pair<std::string, std::string>> out;
    qsizetype i = from;
    while (i < header.size()) {
        while (i < header.size() && isSpace(header[i]))
            ++i;
        if (i >= header.size())
            break;
        if (header[i] != ';')
            return core::fail(
                Error::invalid("a multipart Content-Disposition has text where a ';' should come"));
        ++i;
        while (i < header.size() && isSpace(header[i]))
            ++i;
        if (i >= header.size())
            break; // a trailing ';'
        qsizetype eq = i;
        while (eq < header.size() && header[eq] != '=' && header[eq] != ';' && !isSpace(header[eq]))
            ++eq;
        const std::string name = header.sliced(i, eq - i).toByteArray().toLower().toStdString();
        qsizetype at = eq;
        while (at < header.size() && isSpace(header[at]))
            ++at;
        if (name.empty() || at >= header.size() || header[at] != '=')
            return core::fail(Error::invalid("a multipart Content-Disposition has a parameter "
                                             "without a value"));
        ++at;
        while (at < header.size() && isSpace(header[at]))
            ++at;
        std::string value;
        if (at < header.size() && header[at] == '"') {
            ++at;
            while (at < header.size() && header[at] != '"')
                value.push_back(header[at++]);
            if (at >= header.size())
                return core::fail(Error::invalid("a multipart parameter '" + name +
                                                 "' has a quoted value that does not end"));
            ++at; // the closing quote
        } else {
            while (at < header.size() && header[at] != ';' && !isSpace(header[at]))
                value.push_back(header[at++]);
        }
        if (value.find('\\') != std::string::npos)
            return core::fail(Error::invalid(
                "the multipart parameter '" + name +
                "' holds a backslash; send names with '/' and no escapes (a backslash is an "
                "escape to some clients and a folder separator to others)"));
        if (name.ends_with('*'))
            return core::fail(Error::invalid(
                "the multipart parameter '" + name +
                "' (an RFC 5987 extended value) is not accepted: RFC 7578 forms send "
                "file names in 'filename', as UTF-8"));
        for (const auto &[seen, _] : out) {
            if (seen == name)
                return core::fail(Error::invalid("a multipart Content-Disposition names '" + name +
                                                 "' twice; send it once"));
        }
        out.emplace_back(name, std::move(value));
        i = at;
    }
    return out;
}

// Reads one part's headers (the bytes between its delimiter line and the empty line) into
// `part`. Lines end with CRLF; a bare CR or LF, a folded line or a control character is
// refused, so a file name is never cut at a line break or read past one.
core::Status readHeaders(QByteArrayView block, FormPart &part)
{
    bool disposition = false;
    qsizetype at = 0;
    while (at <= block.size()) {
        qsizetype end = block.indexOf("\r\n", at);
        if (end < 0)
            end = block.size();
        const QByteArrayView line = block.sliced(at, end - at);
        at = end + 2;
        if (line.isEmpty())
            continue;
        for (char c : line) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '\r' || c == '\n')
                return core::fail(Error::invalid(
                    "a multipart part's headers hold a bare CR or LF (a line break inside a "
                    "header, such as in a file name, is refused)"));
            if ((byte < 0x20 && c != '\t') || byte == 0x7F)
                return core::fail(
                    Error::invalid("a multipart part's headers hold a control character"));
        }
        if (isSpace(line.front()))
            return core::fail(Error::invalid("a multipart part has a folded header line"));
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return core::fail(Error::invalid("a multipart part has a header line without ':'"));
        const QByteArray name = line.first(colon).trimmed().toByteArray().toLower();
        const QByteArrayView value = QByteArrayView(line.sliced(colon + 1)).trimmed();
        if (name == "content-disposition") {
            if (disposition)
                return core::fail(
                    Error::invalid("a multipart part has two Content-Disposition headers"));
            disposition = true;
            qsizetype type = 0;
            while (type < value.size() && value[type] != ';' && !isSpace(value[type]))
                ++type;
            if (value.first(type).toByteArray().toLower() != "form-data")
                return core::fail(Error::invalid("a multipart part is not form-data"));
            auto params = parameters(value, type);
            if (!params)
                return core::fail(params.error());
            for (auto &[key, text] : *params) {
                if (key == "name")
                    part.name = std::move(text);
                else if (key == "filename")
                    part.filename = std::move(text);
            }
        } else if (name == "content-type") {
            part.contentType = value.toByteArray().toStdString();
        }
    }
    if (!disposition)
        return core::fail(Error::invalid("a multipart part has no Content-Disposition"));
    return {};
}

// The boundary parameter of a Content-Type (a token or a quoted string).
std::optional<std::string> boundaryOf(QByteArrayView contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    if (semicolon < 0)
        return std::nullopt;
    for (QByteArrayView param :
         QByteArrayView(contentType.sliced(semicolon + 1)).toByteArray().split(';')) {
        param = param.trimmed();
        const qsizetype eq = param.indexOf('=');
        if (eq < 0 || param.first(eq).trimmed().toByteArray().toLower() != "boundary")
            continue;
        QByteArrayView value = param.sliced(eq + 1).trimmed();
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
            value = value.sliced(1, value.size() - 2);
        return value.toByteArray().toStdString();
    }
    return std::nullopt;
}

} // namespace

bool isMultipartFormData(const QByteArray &contentType)
{
    return contentType.trimmed().toLower().startsWith("multipart/form-data");
}

core::Result<std::vector<FormPart>> parseMultipart(const QByteArray &contentType,
                                                   const QByteArray &body)
{
    const auto boundary = boundaryOf(contentType);
    if (!boundary || boundary->empty() || boundary->size() > 70)
        return core::fail(Error::invalid(
            "the multipart/form-data Content-Type needs a boundary of 1 to 70 characters"));
    const QByteArray delimiter = "--" + QByteArray::fromStdString(*boundary);
    const QByteArrayView all(body);
    qsizetype at = all.indexOf(delimiter);
    if (at < 0)
        return core::fail(Error::invalid("the multipart body has no part"));
    std::vector<FormPart> parts;
    while (true) {
        at += delimiter.size();
        if (all.sliced(at).startsWith("--"))
            return parts; // the closing delimiter
        if (!all.sliced(at).startsWith("\r\n"))
            return core::fail(Error::invalid("a multipart delimiter is not followed by CRLF"));
        at += 2;
        const qsizetype headersEnd = all.indexOf("\r\n\r\n", at);
        if (headersEnd < 0)
            return core::fail(Error::invalid("a multipart part has no end of its headers"));
        FormPart part;
        if (auto ok = readHeaders(all.sliced(at, headersEnd - at), part); !ok)
            return core::fail(ok.error());
        const qsizetype dataStart = headersEnd + 4;
        const QByteArray next = "\r\n" + delimiter;
        const qsizetype dataEnd = all.indexOf(next, dataStart);
        if (dataEnd < 0)
            return core::fail(
                Error::invalid("the multipart body ends before its closing delimiter"));
        part.data = all.sliced(dataStart, dataEnd - dataStart).toByteArray().toStdString();
        parts.push_back(std::move(part));
        if (parts.size() > kMaxParts)
            return core::fail(Error::invalid("a multipart body may have at most 1,000 parts"));
        at = dataEnd + 2;
    }
}

} // namespace pw::server
