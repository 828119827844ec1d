#pragma once

#include <QElapsedTimer>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <mutex>
#include <optional>

#include "fixtures.h"

namespace pw::test {

using nlohmann::json;

struct GitRun
{
    int exitCode = -1;
    QString out;
};

inline GitRun git(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("git"), args);
    p.waitForFinished(30000);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()).trimmed()};
}

// Test double of a forge's REST API (GitHub pulls, GitLab merge requests) on loopback, on a
// thread of its own (a publish waits for the forge's answer): records each request and answers
// as told.
class FakeForge : public QObject
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        json body;
        QByteArray header(const QByteArray &name) const
        {
            for (const auto &[n, v] : headers) {
                if (n.toLower() == name.toLower())
                    return v;
            }
            return {};
        }
    };

    FakeForge()
    {
        moveToThread(&m_thread);
        m_thread.start();
        QMetaObject::invokeMethod(
            this,
            [this] {
                m_server = new QTcpServer(this);
                m_server->listen(QHostAddress::LocalHost, 0);
                QObject::connect(m_server, &QTcpServer::newConnection, this, [this] {
                    while (QTcpSocket *s = m_server->nextPendingConnection())
                        serve(s);
                });
                m_port = m_server->serverPort();
            },
            Qt::BlockingQueuedConnection);
    }
    ~FakeForge() override
    {
        QMetaObject::invokeMethod(
            this, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }
    std::vector<Request> requests() const
    {
        std::lock_guard lock(m_mutex);
        return m_requests;
    }
    void answerWith(int status, json answer)
    {
        std::lock_guard lock(m_mutex);
        m_status = status;
        m_answer = std::move(answer);
    }

private:
    void serve(QTcpSocket *socket)
    {
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
            QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
            socket->setProperty("buffer", buffer);
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request r;
            qsizetype length = 0;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines[0].trimmed().split(' ');
            r.method = first.value(0);
            r.path = first.value(1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                const QByteArray name = lines[i].left(colon).trimmed();
                const QByteArray value = lines[i].mid(colon + 1).trimmed();
                r.headers.append({name, value});
                if (name.toLower() == "content-length")
                    length = value.toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return;
            r.body = json::parse(buffer.mid(end + 4, length).toStdString(), nullptr, false);
            std::string text;
            int status = 0;
            {
                std::lock_guard lock(m_mutex);
                m_requests.push_back(r);
                text = m_answer.dump();
                status = m_status;
            }
            socket->write(QByteArray::fromStdString(
                "HTTP/1.1 " + std::to_string(status) +
                " X\r\nContent-Type: application/json\r\nContent-Length: " +
                std::to_string(text.size()) + "\r\nConnection: close\r\n\r\n" + text));
            socket->disconnectFromHost();
        });
    }
    QThread m_thread;
    QTcpServer *m_server = nullptr;
    quint16 m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<Request> m_requests;
    int m_status = 201;
    json m_answer;
};

// A bare remote in `dir` holding the demo repository's main, a repository of the space cloned
// from it (with `forge` when given), and a copy of the demo definition on it: the definition's
// id and the bare remote's path. `n` names the remote (remote-<n>.git).
inline std::pair<std::string, QString> definitionOnRemote(Fixture &f, const QString &dir, int n,
                                                          std::optional<core::Forge> forge)
{
    using namespace pw::core;
    const QString bare =
        dir + QStringLiteral("/remote-") + QString::number(n) + QStringLiteral(".git");
    const QString demo = QString::fromStdString(
        f.core().registry().repository(f.local().spaceId, f.demoRepositoryId())->value().localPath);
    if (git({QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"), demo, bare})
            .exitCode != 0)
        qFatal("could not make the remote");
    RepositoryConnect input;
    input.remoteUrl = "file://" + bare.toStdString();
    input.credentialType = "TOKEN";
    input.credential = core::SecretValue(std::string("tok-123"));
    input.forge = std::move(forge);
    auto info = expectOk(f.core().repositories().connect(f.local(), input), "connect");
    QElapsedTimer timer;
    timer.start();
    while (f.core().registry().repository(f.local().spaceId, info.repository.id)->value().state !=
               "ready" &&
           timer.elapsed() < 20000)
        QTest::qWait(20);
    DefinitionCreate create;
    create.meta.name = "Published";
    create.meta.workspaceId = f.demoWorkspaceId();
    create.meta.repositoryId = info.repository.id;
    create.spec = f.core().definitions().get(f.local(), f.demoDefinitionId())->definition->spec;
    const std::string id =
        expectOk(f.core().definitions().create(f.local(), std::move(create)), "create")
            .definition->id;
    return {id, bare};
}

} // namespace pw::test
