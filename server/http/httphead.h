#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>

#include "limits.h"

namespace pw::server {

// The head of one HTTP/1.x request, checked: what the transport and the dispatcher need.
struct HttpRequestHead
{
    QByteArray method;
    QByteArray target;    // as sent: percent-encoded path and query
    QByteArray path;      // the target up to '?', still percent-encoded
    QByteArray query;     // after '?', still percent-encoded
    int minorVersion = 1; // HTTP/1.0 or HTTP/1.1
    std::vector<std::pair<QByteArray, QByteArray>> headers; // names lowercased, values trimmed

    std::optional<qint64> contentLength;
    bool chunked = false;
    bool keepAlive = true;
    bool expectContinue = false;

    // The first value of a header (name in lowercase), or empty.
    QByteArray header(const char *name) const;
    bool hasBody() const { return chunked || contentLength.value_or(0) > 0; }
};

// A request the transport refuses before any handler sees it.
struct HttpFailure
{
    int status = 400;
    std::string code; // the JSON error code: invalid, payload_too_large, ...
    std::string message;
};

// Reads a request head incrementally from the front of a buffer. It remembers how far it has
// looked, so a head that trickles in a byte at a time costs linear time, and refuses a head
// over the limits as soon as it is over them.
class HeadParser
{
public:
    enum class Status
    {
        Incomplete,
        Complete,
        Failed
    };

    explicit HeadParser(const HttpLimits &limits) : m_limits(limits) {}

    // On Complete, `head` is filled and `consumed` says how many bytes of `buffer` it took.
    Status parse(const QByteArray &buffer, HttpRequestHead &head, qsizetype &consumed);
    const HttpFailure &failure() const { return m_failure; }
    // Forget where the last call stopped: the buffer's front was consumed.
    void reset()
    {
        m_scanned = 0;
        m_lineEnd = -1;
    }

private:
    Status fail(int status, std::string code, std::string message);
    Status parseComplete(const QByteArray &buffer, qsizetype start, qsizetype end,
                         HttpRequestHead &head);

    const HttpLimits &m_limits;
    qsizetype m_scanned = 0;  // bytes already searched for the line end that ends the head
    qsizetype m_lineEnd = -1; // the request line's '\n', once seen
    HttpFailure m_failure;
};

// Decodes a chunked body as it arrives (RFC 9112 §7.1), counting decoded bytes against the body
// limit and trailer bytes against the header limit. Chunk extensions and trailers are read and
// dropped.
class ChunkedDecoder
{
public:
    enum class Status
    {
        NeedMore,
        Done,
        Failed
    };

    explicit ChunkedDecoder(const HttpLimits &limits) : m_limits(limits) {}

    // Takes what it can from the front of `in` (removing it) and appends decoded bytes to `out`.
    Status feed(QByteArray &in, QByteArray &out);
    const HttpFailure &failure() const { return m_failure; }
    void reset();

private:
    enum class State
    {
        Size,
        Data,
        DataEnd,
        Trailer,
        Done
    };
    Status fail(int status, std::string code, std::string message);

    const HttpLimits &m_limits;
    State m_state = State::Size;
    qint64 m_remaining = 0;
    qsizetype m_trailerBytes = 0;
    HttpFailure m_failure;
};

} // namespace pw::server
