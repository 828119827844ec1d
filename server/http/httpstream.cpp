#include "httpstream.h"

namespace pw::server {

void HttpStream::send(const QByteArray &data)
{
    if (m_open && !data.isEmpty())
        Q_EMIT chunk(data);
}

void HttpStream::finish()
{
    if (!m_open)
        return;
    m_open = false;
    Q_EMIT finished();
}

void HttpStream::markClosed()
{
    if (!m_open)
        return;
    m_open = false;
    Q_EMIT closed();
}

} // namespace pw::server
