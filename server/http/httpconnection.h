#pragma once

#include <memory>
#include <optional>

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include "apirequest.h"
#include "apiresponse.h"
#include "httphead.h"

class QTcpSocket;

namespace pw::server {

class ApiServer;
struct PendingRequest;

// One client connection: reads requests (keep-alive and pipelined) within the server's
// HttpLimits, hands each to the server, writes the answers, and enforces every timeout. Nothing
// a client sends can make it buffer more than the limits allow or wait longer than they say.
class HttpConnection : public QObject
{
    Q_OBJECT
public:
    enum class Phase
    {
        Idle,      // between requests (or before the first)
        Head,      // receiving a request head
        Body,      // receiving an accepted request's body
        Waiting,   // the handler answers later (Deferred): reading nothing meanwhile
        Streaming, // writing an answer over time (HttpStream)
        Closing,   // the last answer is written; draining and closing
        Closed,
    };

    HttpConnection(ApiServer &server, QTcpSocket *socket);
    ~HttpConnection() override;

    Phase phase() const { return m_phase; }
    // When the connection last received or sent something: monotonic milliseconds on one clock
    // for every connection, so the server can tell which of two was idle longer.
    qint64 lastActivity() const { return m_lastActivity; }
    // Who the request being received or answered is counted against.
    const Caller &caller() const { return m_caller; }
    // Not reading further requests because the client does not read its answers.
    bool heldBack() const
    {
        return m_paused && m_phase != Phase::Streaming && m_phase != Phase::Waiting;
    }
    qint64 unsentBytes() const;
    // Closes at once: the server needs the slot for a new connection.
    void evict();
    // Answers `response` without reading anything and closes (a connection over the cap).
    void refuse(const ApiResponse &response);
    // A deferred answer arrives (queued from Deferred::complete on any thread).
    void deliverDeferred(const std::shared_ptr<DeferredState> &state, ApiResponse response);
    // The server is going away: a deferred answer still pending is answered 503 and cancelled.
    void serverStopping();
    // The caller's turn has come: the deferred answer that waited for it starts.
    void resumeTurn();

signals:
    void finished(pw::server::HttpConnection *connection);

private:
    enum class Wait
    {
        None,
        Idle,
        Head,
        Body,
        Send,
        Linger,
        Deferred
    };

    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    bool pull();
    bool unpark();
    void endBodyCount();
    void process();
    bool readHead();
    bool readBody();
    // The body's timer: the next moment one of its limits (deadline, gap, rate) is due.
    void armBodyTimer();
    void checkBodyProgress();
    void startRateWindow(qint64 now);
    void finishRequest();
    // Writes a handler's response: at once, as a stream, or later (deferred).
    void answerWith(ApiResponse response);
    void startDeferred(ApiResponse response);
    // Cancels a pending deferred answer (its callbacks run) and stops waiting for it. False when
    // there is none, or it was completed and its answer is already on its way.
    bool cancelDeferred();
    // Stops waiting for a deferred answer in any state (the connection is going away).
    void dropDeferred();
    void forgetDeferred();
    void closeStreamBudget();
    // Reads what the client sent while the connection was not reading, and carries on.
    void resumeReading();
    void failWith(int status, std::string_view code, std::string message);
    void respond(const ApiResponse &response, bool close);
    QByteArray responseHead(const ApiResponse &response, bool close, bool chunked) const;
    void startStream(const ApiResponse &response);
    void writeChunk(const QByteArray &data);
    void endStream();
    void beginIdle();
    void shutdownWrites();
    void destroy();
    void wait(Wait what, int ms);
    void touch();
    void releaseBody();

    ApiServer &m_server;
    const HttpLimits &m_limits;
    QTcpSocket *m_socket;
    QTimer m_timer;
    Wait m_wait = Wait::None;
    Phase m_phase = Phase::Idle;
    qint64 m_lastActivity = 0;
    QElapsedTimer m_clock;

    QByteArray m_in;
    HeadParser m_headParser;
    ChunkedDecoder m_chunked;
    HttpRequestHead m_head;
    std::unique_ptr<PendingRequest> m_pending;
    Caller m_caller;
    QByteArray m_body;
    qsizetype m_reserved = 0; // body bytes charged to the caller's budget
    qint64 m_bodyDeadline = 0;
    qint64 m_lastBodyByteAt = 0;
    qint64 m_rateCheckAt = 0;    // when the current rate window ends
    qsizetype m_bodyArrived = 0; // bytes of this body received, as sent (chunk framing too)
    qsizetype m_windowStartBytes = 0;
    qsizetype m_windowRequired = 0; // bytes the current window must bring
    bool m_paused = false; // too much unsent output, or a stream: not reading further requests
    class HttpStream *m_stream = nullptr;
    std::shared_ptr<DeferredState> m_deferred;
    int m_deferredTimeoutMs = 0;
    bool m_deferredCounted = false;      // in the server's count of the caller's deferred answers
    bool m_bodyCounted = false;          // in the server's count of the token's bodies arriving
    std::optional<ApiResponse> m_parked; // a deferred answer waiting for the caller's turn
    bool m_streamCounted = false;        // in the server's stream budget
    bool m_writeShut = false;
};

} // namespace pw::server
