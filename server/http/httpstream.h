#pragma once

#include <QByteArray>
#include <QObject>

namespace pw::server {

// The body of an answer that is written over time (text/event-stream): the handler's stream
// callback gets one, and whatever it sends goes out at once as one chunk of a chunked answer.
// It lives on the server thread; a producer on another thread sends through a queued call.
// When the client goes away (or reads too slowly) `closed` is emitted and later sends are
// dropped, so producers can let go.
class HttpStream : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    void send(const QByteArray &data);
    // Ends the answer; the connection may then carry the client's next request.
    void finish();
    bool isOpen() const { return m_open; }

Q_SIGNALS:
    // To the connection.
    void chunk(const QByteArray &data);
    void finished();
    // To the producer: nothing more will be delivered.
    void closed();

private:
    friend class HttpConnection;
    void markClosed();
    bool m_open = true;
};

} // namespace pw::server
