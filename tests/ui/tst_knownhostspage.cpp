#include <QApplication>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "app/window/embeddedservercontrol.h"
#include "support/fixtures.h"
#include "support/sshserver.h"
#include "ui/theme/theme.h"
#include "ui/window/knownhostspage.h"
#include "ui/window/mainwindow.h"
#include "ui/window/settingsdialog.h"

using namespace pw;
using pw::test::Fixture;
using pw::test::SshServer;

namespace {

// A bare repository with one commit, served by the SSH server.
QString makeRemote(const QString &dir)
{
    auto run = [&](const QString &in, const QStringList &args) {
        QProcess p;
        p.setWorkingDirectory(in);
        p.start(QStringLiteral("git"),
                QStringList{QStringLiteral("-c"), QStringLiteral("user.name=t"),
                            QStringLiteral("-c"), QStringLiteral("user.email=t@example.com")} +
                    args);
        if (!p.waitForFinished(30000) || p.exitCode() != 0)
            qFatal("git failed: %s", p.readAllStandardError().constData());
    };
    run(dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("-b"),
              QStringLiteral("main"), QStringLiteral("src")});
    run(dir + QStringLiteral("/src"),
        {QStringLiteral("commit"), QStringLiteral("-q"), QStringLiteral("--allow-empty"),
         QStringLiteral("-m"), QStringLiteral("first")});
    run(dir, {QStringLiteral("clone"), QStringLiteral("-q"), QStringLiteral("--bare"),
              QStringLiteral("src"), QStringLiteral("r.git")});
    return dir + QStringLiteral("/r.git");
}

QString stateOf(Fixture &f, const core::Actor &actor, const std::string &repositoryId)
{
    return QString::fromStdString(
        f.core().registry().repository(actor.spaceId, repositoryId)->value().state);
}

} // namespace

// Settings → Known hosts: trust on first use shown to the user, with a real SSH server whose key
// a clone met.
class tst_KnownHostsPage : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;

    std::string connectOver(SshServer &ssh, Fixture &f, const QString &remote)
    {
        core::RepositoryConnect input;
        input.remoteUrl = ssh.url(remote);
        input.credentialType = "SSH_KEY";
        input.credential = core::SecretValue(ssh.clientKey());
        auto info = f.core().repositories().connect(f.local(), input);
        if (!info)
            qFatal("connect: %s", info.error().message.c_str());
        return info->repository.id;
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("pipewright"));
    }

    void pendingKeyIsAcceptedAfterTheUserConfirmsItsFingerprint()
    {
        SshServer ssh;
        QVERIFY2(ssh.started(), qPrintable(ssh.errors()));
        const QString remote = makeRemote(ssh.dir());
        Fixture f;
        ui::KnownHostsPage page(f.core().knownHosts(), f.core().notifier(), f.local());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        QCOMPARE(page.table()->rowCount(), 0);

        // A clone meets the server's key: refused, and the page shows the key at once.
        const std::string first = connectOver(ssh, f, remote);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(f, f.local(), first), QStringLiteral("failed"), 30000);
        QTRY_COMPARE(page.table()->rowCount(), 1);
        const QString fingerprint = QString::fromStdString(ssh.hostFingerprint());
        const int row = page.rowOf(fingerprint);
        QCOMPARE(row, 0);
        QCOMPARE(page.table()->item(row, 0)->text(), QStringLiteral("127.0.0.1"));
        QCOMPARE(page.table()->item(row, 1)->text(), QString::number(ssh.port()));
        QCOMPARE(page.table()->item(row, 2)->text(), QStringLiteral("ssh-ed25519"));
        QCOMPARE(page.table()->item(row, 4)->text(), QStringLiteral("Pending: not trusted"));
        QCOMPARE(page.table()->item(row, 4)->foreground().color(),
                 ui::canvasColors(page.palette()).warning);
        QVERIFY(!page.acceptButton()->isEnabled()); // nothing selected
        page.table()->selectRow(row);
        QVERIFY(page.acceptButton()->isEnabled());
        QVERIFY(page.removeButton()->isEnabled());
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            page.grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                             QStringLiteral(".knownhosts.png"));

        // The question shows what is trusted; saying no changes nothing.
        QString asked;
        page.setConfirm([&](const QString &, const QString &question) {
            asked = question;
            return false;
        });
        QVERIFY(!page.acceptButton()->isHidden());
        QTest::mouseClick(page.acceptButton(), Qt::LeftButton);
        QVERIFY(asked.contains(fingerprint));
        QVERIFY(asked.contains(QStringLiteral("127.0.0.1")));
        QVERIFY(asked.contains(QString::number(ssh.port())));
        QVERIFY(asked.contains(QStringLiteral("ssh-ed25519")));
        QCOMPARE(f.core().knownHosts().list(f.local())->entries.front().state,
                 core::KnownHostEntry::State::Pending);
        page.setConfirm([](const QString &, const QString &) { return true; });
        QVERIFY(page.acceptSelected());
        QCOMPARE(page.table()->item(page.rowOf(fingerprint), 4)->text(), QStringLiteral("Trusted"));
        QVERIFY(!page.acceptButton()->isEnabled());

        // Connecting again clones.
        const std::string second = connectOver(ssh, f, remote);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(f, f.local(), second), QStringLiteral("ready"), 30000);

        // Removing the key: the host is unknown again.
        page.table()->selectRow(page.rowOf(fingerprint));
        QVERIFY(page.removeSelected());
        QCOMPARE(page.table()->rowCount(), 0);
        QVERIFY(f.core().knownHosts().list(f.local())->entries.empty());
    }

    void pendingKeysFollowTheDarkPalette()
    {
        Fixture f;
        std::string blob("\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
        blob += std::string(32, '\x07');
        QVERIFY(f.core().knownHosts().recordPending(
            f.local(), *core::hostKeyOfBlob("git.example.com", 22, blob), std::nullopt));
        ui::KnownHostsPage page(f.core().knownHosts(), f.core().notifier(), f.local());
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        auto restore = qScopeGuard([&] { QApplication::setPalette(light); });
        QTRY_COMPARE(page.table()->item(0, 4)->foreground().color(),
                     ui::canvasColors(dark).warning);
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            page.grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                             QStringLiteral(".knownhosts-dark.png"));
    }

    void viewersSeeKeysButCannotChangeThem()
    {
        Fixture f;
        std::string blob("\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
        blob += std::string(32, '\x09');
        QVERIFY(f.core().knownHosts().recordPending(
            f.local(), *core::hostKeyOfBlob("git.example.com", 22, blob), std::nullopt));
        ui::KnownHostsPage page(f.core().knownHosts(), f.core().notifier(),
                                f.actor(core::Role::Viewer, "vic"));
        QCOMPARE(page.table()->rowCount(), 1);
        page.table()->selectRow(0);
        QVERIFY(!page.acceptButton()->isEnabled());
        QVERIFY(!page.removeButton()->isEnabled());
        QVERIFY(!page.acceptSelected());
        QCOMPARE(f.core().knownHosts().list(f.local())->entries.front().state,
                 core::KnownHostEntry::State::Pending);
    }

    void operatorFileIsShownReadOnlyWithItsNotes()
    {
        Fixture f;
        QTemporaryDir keys;
        QProcess keygen;
        keygen.start(QStringLiteral("ssh-keygen"),
                     {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                      QStringLiteral("-N"), QString(), QStringLiteral("-f"),
                      keys.filePath(QStringLiteral("k"))});
        QVERIFY(keygen.waitForFinished(30000) && keygen.exitCode() == 0);
        QFile pub(keys.filePath(QStringLiteral("k.pub")));
        QVERIFY(pub.open(QIODevice::ReadOnly));
        const QByteArray key = pub.readAll().trimmed();
        QFile file(f.dataDir() + QStringLiteral("/known_hosts"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("git.example.com " + key + "\n@cert-authority *.example.com " + key + "\n");
        file.close();
        ui::KnownHostsPage page(f.core().knownHosts(), f.core().notifier(), f.local());
        QCOMPARE(page.table()->rowCount(), 1);
        QCOMPARE(page.table()->item(0, 0)->text(), QStringLiteral("git.example.com"));
        QCOMPARE(page.table()->item(0, 4)->text(),
                 QStringLiteral("Trusted (operator's file, line 1)"));
        page.table()->selectRow(0);
        QVERIFY(!page.acceptButton()->isEnabled());
        QVERIFY(!page.removeButton()->isEnabled()); // only the operator edits the file
        QVERIFY(page.notes().contains(QStringLiteral("line 2: @cert-authority")));
    }

    void settingsHasAKnownHostsPage()
    {
        QSettings().setValue(QStringLiteral("server/port"), 0);
        Fixture f;
        app::EmbeddedServerControl server(f.core());
        ui::MainWindow window(f.core(), &server);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QStringList tabs;
        // Looks for the modal dialog until it is up, reads its pages and closes it.
        QTimer look;
        connect(&look, &QTimer::timeout, &window, [&] {
            if (auto *dialog =
                    qobject_cast<ui::SettingsDialog *>(QApplication::activeModalWidget())) {
                look.stop();
                for (int i = 0; i < dialog->pages()->count(); ++i)
                    tabs << dialog->pages()->tabText(i);
                if (qEnvironmentVariableIsSet("PW_SCREENSHOT")) {
                    dialog->pages()->setCurrentIndex(
                        static_cast<int>(tabs.indexOf(QStringLiteral("Known hosts"))));
                    dialog->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                        QStringLiteral(".settings.png"));
                }
                dialog->reject();
            }
        });
        look.start(10);
        window.action(QStringLiteral("settings"))->trigger();
        QVERIFY2(tabs.contains(QStringLiteral("Known hosts")), qPrintable(tabs.join(u',')));

        // A connection of any face meets an untrusted key: the status bar says where to look.
        std::string blob("\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
        blob += std::string(32, '\x0a');
        QVERIFY(f.core().knownHosts().recordPending(
            f.local(), *core::hostKeyOfBlob("git.example.com", 22, blob), std::nullopt));
        QTRY_VERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Known hosts")));
    }
};

QTEST_MAIN(tst_KnownHostsPage)
#include "tst_knownhostspage.moc"
