#include "httphead.h"

#include <algorithm>
#include <cctype>

namespace pw::server {

namespace {

// RFC 9110 tchar: the characters of methods and header names.
constexpr qsizetype kMaxMethodBytes = 32;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(const QByteArray &text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

QByteArray trimmedOws(QByteArray text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && (text[begin] == ' ' || text[begin] == '\t'))
        ++begin;
    while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\t'))
        --end;
    return text.mid(begin, end - begin);
}

QByteArray withoutCr(QByteArray line)
{
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

// Comma-separated list items of a header value, trimmed and lowercased, empty ones dropped.
std::vector<QByteArray> listItems(const QByteArray &value)
{
    std::vector<QByteArray> items;
    for (const QByteArray &part : value.split(',')) {
        QByteArray item = trimmedOws(part).toLower();
        if (!item.isEmpty())
            items.push_back(std::move(item));
    }
    return items;
}

} // namespace

QByteArray HttpRequestHead::header(const char *name) const
{
    for (const auto &[key, value] : headers) {
        if (key == name)
            return value;
    }
    return {};
}

HeadParser::Status HeadParser::fail(int status, std::string code, std::string message)
{
    m_failure = HttpFailure{status, std::move(code), std::move(message)};
    return Status::Failed;
}

HeadParser::Status HeadParser::parse(const QByteArray &buffer, HttpRequestHead &head,
                                     qsizetype &consumed)
{
    const qsizetype size = buffer.size();
    // Blank lines before a request line are allowed (RFC 9112 §2.2) but count as request line.
    qsizetype start = 0;
    while (start < size && (buffer[start] == '\r' || buffer[start] == '\n'))
        ++start;
    if (start > m_limits.maxRequestLineBytes)
        return fail(414, "uri_too_long",
                    "the request line is longer than " +
                        std::to_string(m_limits.maxRequestLineBytes) + " bytes");
    if (start == size)
        return Status::Incomplete;
    // A request starts with its method, a token: anything else (a TLS handshake, another
    // protocol) is answered at once instead of after the head's timeout.
    for (qsizetype i = start; i < size && buffer[i] != ' '; ++i) {
        if (i - start >= kMaxMethodBytes || !isTokenChar(buffer[i]))
            return fail(400, "invalid",
                        "this is not an HTTP/1.1 request (the API speaks plain HTTP, not TLS)");
    }
    if (m_lineEnd < 0)
        m_lineEnd = buffer.indexOf('\n', std::max(start, m_scanned));
    const qsizetype lineEnd = m_lineEnd;
    if (lineEnd < 0 || lineEnd - start > m_limits.maxRequestLineBytes) {
        if (lineEnd >= 0 || size - start > m_limits.maxRequestLineBytes)
            return fail(414, "uri_too_long",
                        "the request line is longer than " +
                            std::to_string(m_limits.maxRequestLineBytes) + " bytes");
        m_scanned = size;
        return Status::Incomplete;
    }
    // The head ends at the first empty line after the request line; resume where the last
    // call stopped looking.
    qsizetype from = std::max(lineEnd + 1, m_scanned);
    qsizetype headEnd = -1;
    while (from < size) {
        const qsizetype nl = buffer.indexOf('\n', from);
        if (nl < 0)
            break;
        const bool emptyLine =
            buffer[nl - 1] == '\n' || (buffer[nl - 1] == '\r' && nl >= 2 && buffer[nl - 2] == '\n');
        if (emptyLine && nl > lineEnd) {
            headEnd = nl + 1;
            break;
        }
        from = nl + 1;
    }
    if (headEnd < 0) {
        m_scanned = size;
        if (size - lineEnd - 1 > m_limits.maxHeaderBytes)
            return fail(431, "headers_too_large",
                        "the request headers are larger than " +
                            std::to_string(m_limits.maxHeaderBytes) + " bytes");
        return Status::Incomplete;
    }
    if (headEnd - lineEnd - 1 > m_limits.maxHeaderBytes + 2)
        return fail(431, "headers_too_large",
                    "the request headers are larger than " +
                        std::to_string(m_limits.maxHeaderBytes) + " bytes");
    consumed = headEnd;
    reset();
    return parseComplete(buffer, start, headEnd, head);
}

HeadParser::Status HeadParser::parseComplete(const QByteArray &buffer, qsizetype start,
                                             qsizetype end, HttpRequestHead &head)
{
    head = HttpRequestHead{};
    const qsizetype lineEnd = buffer.indexOf('\n', start);
    const QByteArray requestLine = withoutCr(buffer.mid(start, lineEnd - start));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3)
        return fail(400, "invalid", "the request line must be 'METHOD target HTTP/1.1'");
    head.method = parts[0];
    head.target = parts[1];
    const QByteArray &version = parts[2];
    if (!isToken(head.method) || head.method.size() > kMaxMethodBytes)
        return fail(400, "invalid", "the request method is not a valid token");
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        !digit(version[5]) || !digit(version[7]))
        return fail(400, "invalid",
                    "the request line must end with an HTTP version such as HTTP/1.1");
    if (version[5] != '1')
        return fail(505, "http_version_not_supported",
                    "HTTP version " + version.mid(5).toStdString() +
                        " is not supported; use HTTP/1.1");
    head.minorVersion = version[7] == '0' ? 0 : 1;
    for (char c : head.target) {
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return fail(400, "invalid", "the request target has a control character or a space");
    }
    QByteArray target = head.target;
    // Absolute form (RFC 9112 §3.2.2): keep the path and query.
    const QByteArray lowerTarget = target.left(8).toLower();
    if (lowerTarget.startsWith("http://") || lowerTarget.startsWith("https://")) {
        const qsizetype authority = target.indexOf("//") + 2;
        const qsizetype slash = target.indexOf('/', authority);
        const qsizetype question = target.indexOf('?', authority);
        if (slash < 0 || (question >= 0 && question < slash))
            target = "/" + (question >= 0 ? target.mid(question) : QByteArray());
        else
            target = target.mid(slash);
    }
    if (!target.startsWith('/'))
        return fail(400, "invalid", "the request target must be a path starting with '/'");
    if (const qsizetype hash = target.indexOf('#'); hash >= 0)
        target.truncate(hash);
    const qsizetype question = target.indexOf('?');
    head.path = question < 0 ? target : target.left(question);
    head.query = question < 0 ? QByteArray() : target.mid(question + 1);

    qsizetype pos = lineEnd + 1;
    while (pos < end) {
        const qsizetype nl = buffer.indexOf('\n', pos);
        const QByteArray line = withoutCr(buffer.mid(pos, nl - pos));
        pos = nl + 1;
        if (line.isEmpty())
            break;
        if (line[0] == ' ' || line[0] == '\t')
            return fail(400, "invalid", "folded header lines are not accepted");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return fail(400, "invalid", "a header line has no name");
        const QByteArray name = line.left(colon).toLower();
        if (!isToken(name))
            return fail(400, "invalid", "a header name is not a valid token");
        const QByteArray value = trimmedOws(line.mid(colon + 1));
        for (char c : value) {
            const auto u = static_cast<unsigned char>(c);
            if ((u < 0x20 && c != '\t') || u == 0x7f)
                return fail(400, "invalid",
                            "the value of header '" + name.toStdString() +
                                "' has a control character");
        }
        if (static_cast<int>(head.headers.size()) >= m_limits.maxHeaderCount)
            return fail(431, "headers_too_large",
                        "the request has more than " + std::to_string(m_limits.maxHeaderCount) +
                            " headers");
        head.headers.emplace_back(name, value);
    }

    int hosts = 0;
    std::vector<QByteArray> transferCodings;
    bool sawTransferEncoding = false;
    head.keepAlive = head.minorVersion == 1;
    for (const auto &[name, value] : head.headers) {
        if (name == "host") {
            ++hosts;
        } else if (name == "content-length") {
            for (const QByteArray &item : listItems(value)) {
                bool ok = item.size() <= 18 && std::all_of(item.begin(), item.end(), [](char c) {
                              return c >= '0' && c <= '9';
                          });
                const qint64 length = ok ? item.toLongLong(&ok) : -1;
                if (!ok)
                    return fail(400, "invalid",
                                "Content-Length must be a non-negative decimal number");
                if (head.contentLength && *head.contentLength != length)
                    return fail(400, "invalid",
                                "the request has two different Content-Length values");
                head.contentLength = length;
            }
            if (!head.contentLength)
                return fail(400, "invalid", "Content-Length is empty");
        } else if (name == "transfer-encoding") {
            sawTransferEncoding = true;
            for (QByteArray &item : listItems(value))
                transferCodings.push_back(std::move(item));
        } else if (name == "connection") {
            for (const QByteArray &item : listItems(value)) {
                if (item == "close")
                    head.keepAlive = false;
                else if (item == "keep-alive" && head.minorVersion == 0)
                    head.keepAlive = true;
            }
        } else if (name == "expect") {
            if (value.toLower() != "100-continue")
                return fail(417, "expectation_failed", "only 'Expect: 100-continue' is supported");
            head.expectContinue = head.minorVersion == 1;
        }
    }
    if (head.minorVersion == 1 && hosts == 0)
        return fail(400, "invalid", "HTTP/1.1 requests need a Host header");
    if (hosts > 1)
        return fail(400, "invalid", "the request has more than one Host header");
    if (sawTransferEncoding) {
        // Both framings at once is how requests are smuggled past proxies: refuse it.
        if (head.contentLength)
            return fail(400, "invalid",
                        "the request has both Content-Length and Transfer-Encoding");
        if (head.minorVersion == 0)
            return fail(400, "invalid", "Transfer-Encoding is not allowed in HTTP/1.0");
        if (transferCodings.empty() || transferCodings.back() != "chunked")
            return fail(400, "invalid", "Transfer-Encoding must end with 'chunked'");
        if (transferCodings.size() > 1)
            return fail(501, "not_implemented", "only 'Transfer-Encoding: chunked' is supported");
        head.chunked = true;
    }
    return Status::Complete;
}

ChunkedDecoder::Status ChunkedDecoder::fail(int status, std::string code, std::string message)
{
    m_failure = HttpFailure{status, std::move(code), std::move(message)};
    return Status::Failed;
}

void ChunkedDecoder::reset()
{
    m_state = State::Size;
    m_remaining = 0;
    m_trailerBytes = 0;
}

ChunkedDecoder::Status ChunkedDecoder::feed(QByteArray &in, QByteArray &out)
{
    constexpr qsizetype kMaxSizeLine = 1024;
    qsizetype pos = 0;
    auto finish = [&](Status status) {
        in.remove(0, pos);
        return status;
    };
    while (true) {
        switch (m_state) {
        case State::Size: {
            const qsizetype nl = in.indexOf('\n', pos);
            if (nl < 0) {
                if (in.size() - pos > kMaxSizeLine)
                    return fail(400, "invalid", "a chunk size line is too long");
                return finish(Status::NeedMore);
            }
            const QByteArray line = withoutCr(in.mid(pos, nl - pos));
            pos = nl + 1;
            qsizetype digits = 0;
            while (digits < line.size() && std::isxdigit(static_cast<unsigned char>(line[digits])))
                ++digits;
            const QByteArray rest = trimmedOws(line.mid(digits));
            if (digits == 0 || digits > 15 || (!rest.isEmpty() && !rest.startsWith(';')))
                return fail(400, "invalid", "a chunk size is not a hexadecimal number");
            bool ok = false;
            const qint64 size = line.left(digits).toLongLong(&ok, 16);
            if (!ok)
                return fail(400, "invalid", "a chunk size is not a hexadecimal number");
            if (size == 0) {
                m_state = State::Trailer;
                break;
            }
            if (out.size() + size > m_limits.maxBodyBytes)
                return fail(413, "payload_too_large",
                            "the request body is larger than " +
                                std::to_string(m_limits.maxBodyBytes) + " bytes");
            m_remaining = size;
            m_state = State::Data;
            break;
        }
        case State::Data: {
            const qint64 take = std::min<qint64>(m_remaining, in.size() - pos);
            if (take == 0)
                return finish(Status::NeedMore);
            out.append(in.constData() + pos, take);
            pos += take;
            m_remaining -= take;
            if (m_remaining == 0)
                m_state = State::DataEnd;
            break;
        }
        case State::DataEnd: {
            if (pos >= in.size())
                return finish(Status::NeedMore);
            if (in[pos] == '\n') {
                pos += 1;
            } else if (in[pos] == '\r') {
                if (pos + 1 >= in.size())
                    return finish(Status::NeedMore);
                if (in[pos + 1] != '\n')
                    return fail(400, "invalid", "chunk data is not followed by a line end");
                pos += 2;
            } else {
                return fail(400, "invalid", "chunk data is longer than its size");
            }
            m_state = State::Size;
            break;
        }
        case State::Trailer: {
            const qsizetype nl = in.indexOf('\n', pos);
            if (nl < 0) {
                if (m_trailerBytes + in.size() - pos > m_limits.maxHeaderBytes)
                    return fail(431, "headers_too_large", "the trailer is too large");
                return finish(Status::NeedMore);
            }
            m_trailerBytes += nl + 1 - pos;
            if (m_trailerBytes > m_limits.maxHeaderBytes)
                return fail(431, "headers_too_large", "the trailer is too large");
            const bool empty = withoutCr(in.mid(pos, nl - pos)).isEmpty();
            pos = nl + 1;
            if (empty) {
                m_state = State::Done;
                return finish(Status::Done);
            }
            break;
        }
        case State::Done:
            return finish(Status::Done);
        }
    }
}

} // namespace pw::server
