#include "httpconnection.h"

#include <QDateTime>
#include <QTcpSocket>

#include <algorithm>
#include <limits>

#include <sys/socket.h>

#include "apiserver.h"
#include "deferred.h"
#include "httpstream.h"

namespace pw::server {

namespace {

// Qt stops reading from the kernel once this much is buffered and unread, so a client that
// sends faster than the server reads is slowed by TCP, not held in memory.
constexpr qint64 kReadBufferBytes = 256 * 1024;
// A body's buffer starts at most this large, whatever its Content-Length says, and grows as
// bytes arrive: a declared size costs no memory.
constexpr qsizetype kInitialBodyBytes = 64 * 1024;

const char *reasonPhrase(int status)
{
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 429:
        return "Too Many Requests";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 414:
        return "URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 417:
        return "Expectation Failed";
    case 422:
        return "Unprocessable Content";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Status";
    }
}

// RFC 9110 Date, formatted once a second.
QByteArray httpDate()
{
    static thread_local qint64 second = -1;
    static thread_local QByteArray text;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != second) {
        second = now;
        static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
        static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        const QDateTime t = QDateTime::fromSecsSinceEpoch(now, Qt::UTC);
        const QDate d = t.date();
        const QTime h = t.time();
        text = QByteArray(days[d.dayOfWeek() - 1]) + ", " +
               QByteArray::number(d.day()).rightJustified(2, '0') + ' ' + months[d.month() - 1] +
               ' ' + QByteArray::number(d.year()) + ' ' +
               QByteArray::number(h.hour()).rightJustified(2, '0') + ':' +
               QByteArray::number(h.minute()).rightJustified(2, '0') + ':' +
               QByteArray::number(h.second()).rightJustified(2, '0') + " GMT";
    }
    return text;
}

} // namespace

HttpConnection::HttpConnection(ApiServer &server, QTcpSocket *socket)
    : m_server(server), m_limits(server.limits()), m_socket(socket), m_headParser(server.limits()),
      m_chunked(server.limits())
{
    m_clock.start();
    m_socket->setParent(this);
    m_socket->setReadBufferSize(kReadBufferBytes);
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::CoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::onBytesWritten);
    connect(m_socket, &QTcpSocket::disconnected, this, &HttpConnection::destroy);
    connect(m_socket, &QTcpSocket::errorOccurred, this, [this](QAbstractSocket::SocketError error) {
        // A client that closes its side after a request still reads the answer: Qt flushes it
        // and then reports `disconnected`. Any other error ends the connection now.
        if (error != QAbstractSocket::RemoteHostClosedError)
            destroy();
    });
    touch();
    beginIdle();
}

HttpConnection::~HttpConnection()
{
    endBodyCount();
    dropDeferred();
    releaseBody();
}

qint64 HttpConnection::unsentBytes() const
{
    return m_socket->bytesToWrite();
}

void HttpConnection::touch()
{
    // Not m_clock.elapsed(): each connection's clock starts when it is accepted, and the
    // server compares connections' times (the longest-idle one makes room at the cap).
    m_lastActivity = m_clock.msecsSinceReference() + m_clock.elapsed();
}

void HttpConnection::wait(Wait what, int ms)
{
    m_wait = what;
    m_timer.start(std::max(ms, 0));
}

void HttpConnection::releaseBody()
{
    if (m_reserved) {
        m_server.releaseBody(m_caller, m_reserved);
        m_reserved = 0;
    }
}

void HttpConnection::beginIdle()
{
    m_phase = Phase::Idle;
    m_head = HttpRequestHead{};
    m_pending.reset();
    m_body = QByteArray();
    m_chunked.reset();
    m_headParser.reset();
    wait(Wait::Idle, m_limits.idleTimeoutMs);
}

void HttpConnection::onReadyRead()
{
    if (m_phase == Phase::Closed)
        return;
    touch();
    if (m_phase == Phase::Closing) {
        m_socket->readAll(); // read and dropped: the answer is already on its way
        return;
    }
    if (m_paused)
        return; // left in the socket (bounded by kReadBufferBytes) until the client reads
    pull();
    process();
}

// Moves what the socket holds into m_in, up to kReadBufferBytes there: requests a client sends
// ahead wait in the socket (bounded by its read buffer, then by TCP) instead of piling up here
// while an answer is deferred. Whether anything was moved.
bool HttpConnection::pull()
{
    const qint64 room = kReadBufferBytes - m_in.size();
    if (room <= 0 || m_socket->bytesAvailable() <= 0)
        return false;
    const QByteArray more = m_socket->read(room);
    m_in.append(more);
    return !more.isEmpty();
}

void HttpConnection::process()
{
    while (m_phase == Phase::Idle || m_phase == Phase::Head || m_phase == Phase::Body) {
        if (m_paused)
            return;
        if (m_phase == Phase::Idle) {
            if (m_in.isEmpty() && !pull())
                return;
            m_phase = Phase::Head;
            wait(Wait::Head, m_limits.headerTimeoutMs);
        }
        if (m_phase == Phase::Head && !readHead()) {
            if (m_phase == Phase::Head && pull())
                continue;
            return;
        }
        if (m_phase == Phase::Body && !readBody()) {
            if (m_phase == Phase::Body && pull())
                continue;
            return;
        }
    }
}

// Returns whether the head is complete and the next step can run.
bool HttpConnection::readHead()
{
    qsizetype consumed = 0;
    switch (m_headParser.parse(m_in, m_head, consumed)) {
    case HeadParser::Status::Incomplete:
        return false;
    case HeadParser::Status::Failed: {
        const HttpFailure &f = m_headParser.failure();
        failWith(f.status, f.code, f.message);
        return false;
    }
    case HeadParser::Status::Complete:
        break;
    }
    m_in.remove(0, consumed);
    auto admitted = m_server.admit(m_head);
    if (!admitted) {
        // Refused before the body: the body is never read, so the connection cannot carry
        // another request after it.
        respond(admitted.error(), !m_head.keepAlive || m_head.hasBody());
        if (m_phase != Phase::Closing)
            beginIdle();
        return m_phase == Phase::Idle;
    }
    m_pending = std::make_unique<PendingRequest>(std::move(*admitted));
    m_caller = m_pending->request.caller();
    if (!m_head.hasBody()) {
        finishRequest();
        return m_phase == Phase::Idle;
    }
    if (std::optional<ApiResponse> refused = m_server.beginBody(m_caller)) {
        respond(*refused, true); // the body is not read: the connection ends with the answer
        return false;
    }
    m_bodyCounted = true;
    // What the head declares is charged nothing: the body is charged as it arrives (readBody).
    if (m_head.contentLength)
        m_body.reserve(std::min<qsizetype>(*m_head.contentLength, kInitialBodyBytes));
    if (m_head.expectContinue && m_in.isEmpty()) {
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
        m_socket->flush();
    }
    m_phase = Phase::Body;
    const qint64 now = m_clock.elapsed();
    m_bodyDeadline = now + m_limits.bodyTimeoutMs;
    m_lastBodyByteAt = now;
    m_bodyArrived = 0;
    m_windowStartBytes = 0;
    m_windowRequired = 0; // the grace: the first window asks for nothing
    m_rateCheckAt = m_limits.minBodyBytesPerSecond > 0 ? now + m_limits.bodyRateGraceMs
                                                       : std::numeric_limits<qint64>::max();
    armBodyTimer();
    return true;
}

void HttpConnection::armBodyTimer()
{
    const qint64 due =
        std::min({m_lastBodyByteAt + m_limits.bodyIdleTimeoutMs, m_bodyDeadline, m_rateCheckAt});
    wait(Wait::Body, static_cast<int>(std::max<qint64>(due - m_clock.elapsed(), 0)));
}

// A rate window: the bytes it must bring are the floor's share of it, or the rest of the body
// when that is less (a small body is not asked for more than it has).
void HttpConnection::startRateWindow(qint64 now)
{
    m_windowStartBytes = m_bodyArrived;
    qsizetype required = m_limits.minBodyBytesPerSecond * m_limits.bodyRateWindowMs / 1000;
    if (m_head.contentLength)
        required = std::min<qsizetype>(required, *m_head.contentLength - m_body.size());
    m_windowRequired = required;
    m_rateCheckAt = now + m_limits.bodyRateWindowMs;
}

// The body timer fired (Qt's coarse timers may fire a little early: then nothing is due yet).
void HttpConnection::checkBodyProgress()
{
    const qint64 now = m_clock.elapsed();
    if (now >= m_bodyDeadline) {
        failWith(408, "request_timeout",
                 "the request body did not arrive within " +
                     std::to_string(m_limits.bodyTimeoutMs) + " ms");
        return;
    }
    if (now - m_lastBodyByteAt >= m_limits.bodyIdleTimeoutMs) {
        failWith(408, "request_timeout",
                 "the request body stopped arriving (nothing for " +
                     std::to_string(m_limits.bodyIdleTimeoutMs) + " ms)");
        return;
    }
    if (now >= m_rateCheckAt) {
        if (m_bodyArrived - m_windowStartBytes < m_windowRequired) {
            failWith(408, "request_timeout",
                     "the request body arrives slower than " +
                         std::to_string(m_limits.minBodyBytesPerSecond) + " bytes per second");
            return;
        }
        startRateWindow(now);
    }
    armBodyTimer();
}

bool HttpConnection::readBody()
{
    if (m_in.isEmpty())
        return false;
    const qsizetype available = m_in.size();
    bool complete = false;
    ChunkedDecoder::Status status = ChunkedDecoder::Status::NeedMore;
    if (m_head.contentLength) {
        const qint64 take = std::min<qint64>(*m_head.contentLength - m_body.size(), m_in.size());
        m_body.append(m_in.constData(), take);
        m_in.remove(0, take);
        complete = m_body.size() == *m_head.contentLength;
    } else {
        status = m_chunked.feed(m_in, m_body);
        complete = status == ChunkedDecoder::Status::Done;
    }
    if (m_in.size() < available) {
        m_bodyArrived += available - m_in.size();
        m_lastBodyByteAt = m_clock.elapsed();
    }
    // What arrived is what is charged.
    if (m_body.size() > m_reserved) {
        if (!m_server.chargeBody(m_caller, m_body.size() - m_reserved)) {
            ApiResponse busy = ApiResponse::error(
                503, "unavailable",
                "the server is receiving too many request bodies at once; retry shortly");
            busy.headers.emplace_back("Retry-After", "1");
            respond(busy, true);
            return false;
        }
        m_reserved = m_body.size();
    }
    if (status == ChunkedDecoder::Status::Failed) {
        const HttpFailure &f = m_chunked.failure();
        failWith(f.status, f.code, f.message);
        return false;
    }
    if (!complete) {
        armBodyTimer();
        return false;
    }
    finishRequest();
    return m_phase == Phase::Idle;
}

void HttpConnection::endBodyCount()
{
    if (m_bodyCounted) {
        m_bodyCounted = false;
        m_server.endBody(m_caller);
    }
}

void HttpConnection::finishRequest()
{
    endBodyCount();
    m_timer.stop();
    ApiResponse response = m_server.answer(std::move(*m_pending), std::move(m_body));
    // The work of a deferred answer may still hold the body (a large one is handled on a job
    // thread): its bytes stay charged until the answer is given or stops being wanted.
    if (!response.startDeferred)
        releaseBody();
    answerWith(std::move(response));
}

void HttpConnection::answerWith(ApiResponse response)
{
    if (response.startDeferred) {
        startDeferred(std::move(response));
        return;
    }
    if (response.stream && m_head.method != "HEAD") {
        if (std::optional<ApiResponse> refused = m_server.openStream(m_caller)) {
            answerWith(std::move(*refused));
            return;
        }
        m_streamCounted = true;
        startStream(response);
        return;
    }
    respond(response, !m_head.keepAlive);
    if (m_phase == Phase::Closing || m_phase == Phase::Closed)
        return;
    beginIdle();
    if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes) {
        // The client is not reading its answers: stop reading its requests until it does.
        m_paused = true;
        wait(Wait::Send, m_limits.sendTimeoutMs);
    }
}

// The handler answers later. The connection reads nothing meanwhile (a pipelined request waits
// in the socket, so answers keep their order), and the only timer is the ceiling.
void HttpConnection::startDeferred(ApiResponse response)
{
    if (std::optional<ApiResponse> refused = m_server.beginDeferred(m_caller)) {
        if (response.waitsForTurn && m_server.waitForTurn(m_caller, this)) {
            // Wait, reading nothing, until one of the caller's answers ends (or the ceiling).
            m_phase = Phase::Waiting;
            m_paused = true;
            m_deferredTimeoutMs = m_limits.deferredTimeoutMs;
            wait(Wait::Deferred, m_deferredTimeoutMs);
            m_parked = std::move(response);
            return;
        }
        releaseBody();
        answerWith(std::move(*refused));
        return;
    }
    m_deferredCounted = true;
    m_phase = Phase::Waiting;
    m_paused = true;
    auto state = std::make_shared<DeferredState>();
    state->connection = this;
    m_deferred = state;
    m_deferredTimeoutMs =
        response.deferredTimeoutMs > 0 ? response.deferredTimeoutMs : m_limits.deferredTimeoutMs;
    wait(Wait::Deferred, m_deferredTimeoutMs);
    response.startDeferred(Deferred(state));
}

void HttpConnection::resumeTurn()
{
    if (m_phase != Phase::Waiting || !m_parked)
        return;
    ApiResponse response = std::move(*m_parked);
    m_parked.reset();
    m_timer.stop();
    startDeferred(std::move(response));
}

// A deferred answer still waiting for its turn stops waiting: forgotten by the server.
bool HttpConnection::unpark()
{
    if (!m_parked)
        return false;
    m_parked.reset();
    m_server.leaveTurn(m_caller, this);
    return true;
}

void HttpConnection::deliverDeferred(const std::shared_ptr<DeferredState> &state,
                                     ApiResponse response)
{
    if (m_phase != Phase::Waiting || state != m_deferred)
        return; // no longer waited for: the ceiling passed or the client left
    dropDeferred();
    m_timer.stop();
    m_paused = false;
    answerWith(std::move(response));
    resumeReading();
}

bool HttpConnection::cancelDeferred()
{
    if (!m_deferred)
        return false;
    std::vector<std::function<void()>> callbacks;
    {
        std::lock_guard lock(m_deferred->mutex);
        if (m_deferred->status != DeferredState::Status::Pending)
            return false;
        m_deferred->status = DeferredState::Status::Cancelled;
        m_deferred->cancelled.store(true, std::memory_order_release);
        m_deferred->connection = nullptr;
        callbacks.swap(m_deferred->cancelCallbacks);
    }
    forgetDeferred();
    for (const auto &callback : callbacks) {
        try {
            callback();
        } catch (...) {
            qCritical("pipewright: a cancel callback of %s %s threw", m_head.method.constData(),
                      m_head.path.constData());
        }
    }
    return true;
}

void HttpConnection::dropDeferred()
{
    cancelDeferred();
    if (!m_deferred)
        return;
    {
        std::lock_guard lock(m_deferred->mutex);
        m_deferred->connection = nullptr;
    }
    forgetDeferred();
}

void HttpConnection::forgetDeferred()
{
    m_deferred.reset();
    releaseBody();
    if (m_deferredCounted) {
        m_deferredCounted = false;
        m_server.endDeferred(m_caller);
    }
}

void HttpConnection::closeStreamBudget()
{
    if (m_streamCounted) {
        m_streamCounted = false;
        m_server.closeStream(m_caller);
    }
}

void HttpConnection::resumeReading()
{
    if (m_phase != Phase::Idle || m_paused)
        return;
    pull();
    process();
}

void HttpConnection::serverStopping()
{
    if (m_phase != Phase::Waiting || !(unpark() || cancelDeferred()))
        return;
    respond(ApiResponse::error(503, "unavailable",
                               "the server stopped before this request was finished"),
            true);
}

void HttpConnection::failWith(int status, std::string_view code, std::string message)
{
    respond(ApiResponse::error(status, code, std::move(message)), true);
}

QByteArray HttpConnection::responseHead(const ApiResponse &response, bool close, bool chunked) const
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) +
           "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    out += "Content-Type: " + response.contentType + "\r\n";
    // A stream is chunked, or (HTTP/1.0) ends with the connection: no Content-Length either way.
    if (chunked)
        out += "Transfer-Encoding: chunked\r\n";
    else if (!response.stream)
        out +=
            "Content-Length: " + QByteArray::number(static_cast<qsizetype>(response.body.size())) +
            "\r\n";
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    else if (m_head.minorVersion == 0)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    return out;
}

void HttpConnection::respond(const ApiResponse &response, bool close)
{
    if (m_phase == Phase::Closed)
        return;
    // Only HEAD gets here with a stream: its head is the stream's, which HTTP/1.0 ends by closing.
    const bool streamed = static_cast<bool>(response.stream);
    close = close || (streamed && m_head.minorVersion == 0);
    QByteArray out = responseHead(response, close, streamed && m_head.minorVersion == 1);
    // An answer to HEAD has the headers of the answer to GET and no content (RFC 9110 §9.3.2).
    if (m_head.method != "HEAD")
        out.append(response.body.data(), static_cast<qsizetype>(response.body.size()));
    m_socket->write(out);
    // Hand it to the kernel now: QTcpSocket drops unsent data when it reads the end of a
    // client that closed its sending side right after the request (printf … | nc), and an
    // answer in the kernel's buffer is delivered whatever Qt does next.
    m_socket->flush();
    touch();
    if (close) {
        m_phase = Phase::Closing;
        endBodyCount();
        m_pending.reset();
        releaseBody();
        m_in.clear();
        m_body = QByteArray();
        if (m_socket->bytesToWrite() == 0)
            shutdownWrites();
        else
            wait(Wait::Send, m_limits.sendTimeoutMs);
    }
}

// A streamed answer: the head now, chunks as the stream sends them. The connection reads no
// further request meanwhile (an HTTP/1.0 client gets the stream until the connection closes).
void HttpConnection::startStream(const ApiResponse &response)
{
    const bool chunked = m_head.minorVersion == 1;
    m_socket->write(responseHead(response, !chunked, chunked));
    m_socket->flush();
    touch();
    m_phase = Phase::Streaming;
    m_paused = true;
    m_timer.stop();
    m_wait = Wait::None;
    m_stream = new HttpStream(this);
    connect(m_stream, &HttpStream::chunk, this, &HttpConnection::writeChunk);
    connect(m_stream, &HttpStream::finished, this, &HttpConnection::endStream);
    response.stream(*m_stream);
}

void HttpConnection::writeChunk(const QByteArray &data)
{
    if (m_phase != Phase::Streaming)
        return;
    // A client that does not keep up loses the stream (it can resume from its last event)
    // instead of making the server hold everything sent since.
    if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes) {
        destroy();
        return;
    }
    if (m_head.minorVersion == 1)
        m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    else
        m_socket->write(data);
    m_socket->flush();
    touch();
}

void HttpConnection::endStream()
{
    if (m_phase != Phase::Streaming)
        return;
    m_stream->deleteLater();
    m_stream = nullptr;
    closeStreamBudget();
    if (m_head.minorVersion == 1 && m_head.keepAlive) {
        m_socket->write("0\r\n\r\n");
        m_socket->flush();
        m_paused = false;
        beginIdle();
        pull();
        process();
        return;
    }
    if (m_head.minorVersion == 1)
        m_socket->write("0\r\n\r\n");
    m_phase = Phase::Closing;
    m_paused = false;
    if (m_socket->bytesToWrite() == 0)
        shutdownWrites();
    else
        wait(Wait::Send, m_limits.sendTimeoutMs);
}

// The answer is sent: close our side and keep reading (and dropping) until the client closes
// or lingerMs pass, so a client still sending its body reads the answer instead of a reset.
void HttpConnection::shutdownWrites()
{
    if (m_writeShut)
        return;
    m_writeShut = true;
    m_socket->flush();
    ::shutdown(static_cast<int>(m_socket->socketDescriptor()), SHUT_WR);
    wait(Wait::Linger, m_limits.lingerMs);
}

void HttpConnection::onBytesWritten()
{
    if (m_phase == Phase::Closed)
        return;
    touch();
    if (m_phase == Phase::Closing) {
        if (m_socket->bytesToWrite() == 0)
            shutdownWrites();
        else
            wait(Wait::Send, m_limits.sendTimeoutMs);
        return;
    }
    if (!m_paused || m_phase == Phase::Streaming || m_phase == Phase::Waiting)
        return; // a stream or a deferred answer resumes reading when it is written
    if (m_socket->bytesToWrite() > m_limits.maxPendingOutputBytes / 2) {
        wait(Wait::Send, m_limits.sendTimeoutMs);
        return;
    }
    m_paused = false;
    wait(Wait::Idle, m_limits.idleTimeoutMs);
    pull();
    process();
}

void HttpConnection::onTimeout()
{
    switch (m_wait) {
    case Wait::None:
        return;
    case Wait::Idle:
        if (m_phase == Phase::Idle)
            destroy(); // nothing was asked: close without an answer
        return;
    case Wait::Head:
        failWith(408, "request_timeout",
                 "the request head did not arrive within " +
                     std::to_string(m_limits.headerTimeoutMs) + " ms");
        return;
    case Wait::Body:
        checkBodyProgress();
        return;
    case Wait::Send:
    case Wait::Linger:
        destroy();
        return;
    case Wait::Deferred:
        if (m_phase != Phase::Waiting || !(unpark() || cancelDeferred()))
            return; // completed meanwhile: its answer is on its way
        releaseBody();
        m_paused = false;
        answerWith(ApiResponse::error(503, "unavailable",
                                      "the server did not finish this request within " +
                                          std::to_string(m_deferredTimeoutMs) +
                                          " ms; it was cancelled"));
        resumeReading();
        return;
    }
}

void HttpConnection::evict()
{
    destroy();
}

void HttpConnection::refuse(const ApiResponse &response)
{
    respond(response, true);
}

void HttpConnection::destroy()
{
    if (m_phase == Phase::Closed)
        return;
    m_phase = Phase::Closed;
    m_timer.stop();
    if (m_stream) {
        m_stream->markClosed();
        m_stream = nullptr; // a child: deleted with the connection
    }
    closeStreamBudget();
    endBodyCount();
    unpark();
    dropDeferred(); // the client left: the work for its answer may stop
    releaseBody();
    m_socket->abort();
    emit finished(this);
}

} // namespace pw::server
