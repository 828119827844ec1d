#pragma once

#include <optional>

#include <QByteArray>
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

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
        Streaming, // writing an answer over time (HttpStream)
        Closing,   // the last answer is written; draining and closing
        Closed,
    };

    HttpConnection(ApiServer &server, QTcpSocket *socket);
    ~HttpConnection() override;

    Phase phase() const { return m_phase; }
    // When the connection last received or sent something (monotonic milliseconds).
    qint64 lastActivity() const { return m_lastActivity; }
    // Closes at once: the server needs the slot for a new connection.
    void evict();
    // Answers `response` without reading anything and closes (a connection over the cap).
    void refuse(const ApiResponse &response);

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
        Linger
    };

    void onReadyRead();
    void onBytesWritten();
    void onTimeout();
    void process();
    bool readHead();
    bool readBody();
    void finishRequest();
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
    QByteArray m_body;
    qsizetype m_reserved = 0; // body bytes held in the server's budget
    qint64 m_bodyDeadline = 0;
    bool m_paused = false; // too much unsent output, or a stream: not reading further requests
    class HttpStream *m_stream = nullptr;
    bool m_writeShut = false;
};

} // namespace pw::server
