#include "multipart.h"

#include <QByteArrayView>

namespace pw::server {

namespace {

using core::Error;

constexpr int kMaxParts = 1000;

// The value of `key` in a header's parameters (`; key="value"` or `; key=value`), with
// backslash escapes undone; nullopt when absent.
std::optional<std::string> parameter(QByteArrayView header, QByteArrayView key)
{
    qsizetype i = header.indexOf(';');
    while (i >= 0 && i < header.size()) {
        ++i;
        while (i < header.size() && (header[i] == ' ' || header[i] == '\t'))
            ++i;
        qsizetype eq = i;
        while (eq < header.size() && header[eq] != '=' && header[eq] != ';')
            ++eq;
        const QByteArray name = header.sliced(i, eq - i).trimmed().toByteArray().toLower();
        if (eq >= header.size() || header[eq] == ';') {
            i = eq;
            continue;
        }
        qsizetype at = eq + 1;
        std::string value;
        if (at < header.size() && header[at] == '"') {
            ++at;
            while (at < header.size() && header[at] != '"') {
                if (header[at] == '\\' && at + 1 < header.size())
                    ++at;
                value.push_back(header[at++]);
            }
            ++at; // closing quote
        } else {
            while (at < header.size() && header[at] != ';')
                value.push_back(header[at++]);
            while (!value.empty() && (value.back() == ' ' || value.back() == '\t'))
                value.pop_back();
        }
        if (name == key)
            return value;
        i = header.indexOf(';', at);
        if (i < 0)
            break;
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
    const auto boundary = parameter(contentType, "boundary");
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
        bool disposition = false;
        for (QByteArrayView line :
             QByteArrayView(all.sliced(at, headersEnd - at)).toByteArray().split('\n')) {
            QByteArray header = line.toByteArray().trimmed();
            const qsizetype colon = header.indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = header.left(colon).trimmed().toLower();
            const QByteArray value = header.mid(colon + 1).trimmed();
            if (name == "content-disposition") {
                if (!value.toLower().startsWith("form-data"))
                    return core::fail(Error::invalid("a multipart part is not form-data"));
                disposition = true;
                part.name = parameter(value, "name").value_or(std::string());
                part.filename = parameter(value, "filename");
            } else if (name == "content-type") {
                part.contentType = value.toStdString();
            }
        }
        if (!disposition)
            return core::fail(Error::invalid("a multipart part has no Content-Disposition"));
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
