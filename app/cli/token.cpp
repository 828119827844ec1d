#include <QCommandLineParser>
#include <QDateTime>

#include "cli.h"
#include "core/app/core.h"
#include "core/util/duration.h"

namespace pw::app {

namespace {

const char *kUsage =
    "usage: pipewright token create --role ROLE (--user USER [--name NAME] | --name USER)\n"
    "                               [--expires DURATION] [--space SLUG] [--data DIR]\n"
    "       pipewright token list [--space SLUG] [--user USER] [--data DIR]\n"
    "       pipewright token revoke ID [--data DIR]";

// A stored UTC time as "2026-12-06 16:40" (minutes; the table's header says UTC).
QString shortTime(const std::optional<std::string> &iso, const QString &none)
{
    if (!iso)
        return none;
    const QDateTime at = QDateTime::fromString(QString::fromStdString(*iso), Qt::ISODateWithMs);
    return at.isValid() ? at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                        : QString::fromStdString(*iso);
}

// Names come from users: one line each in the table, whatever they hold.
QString cell(const std::string &text)
{
    QString out = QString::fromStdString(text);
    for (QChar &c : out) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            c = QLatin1Char('?');
    }
    return out;
}

void printTable(const std::vector<core::TokenInfo> &tokens)
{
    std::vector<QStringList> rows;
    rows.push_back({QStringLiteral("ID"), QStringLiteral("NAME"), QStringLiteral("USER"),
                    QStringLiteral("CREATED (UTC)"), QStringLiteral("LAST USED"),
                    QStringLiteral("EXPIRES")});
    for (const core::TokenInfo &t : tokens) {
        QString expires = shortTime(t.expiresAt, QStringLiteral("never"));
        if (t.expired)
            expires += QStringLiteral(" (expired)");
        rows.push_back({QString::fromStdString(t.id), cell(t.name), cell(t.userName),
                        shortTime(t.createdAt, {}),
                        shortTime(t.lastUsedAt, QStringLiteral("never")), expires});
    }
    std::vector<qsizetype> widths(rows.front().size(), 0);
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[static_cast<size_t>(i)] =
                std::max(widths[static_cast<size_t>(i)], row[i].size());
    }
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < row.size(); ++i) {
            const bool last = i + 1 == row.size();
            line += last ? row[i] : row[i].leftJustified(widths[static_cast<size_t>(i)] + 2);
        }
        out(line);
    }
}

} // namespace

int runToken(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QString::fromLatin1(kUsage).remove(0, 7) +
        QStringLiteral(
            "\n\n"
            "create  Creates an API token for USER (created if new) with the role in the space\n"
            "        and prints it as the last line of output. The token is shown once and\n"
            "        stored only as a hash. --name is the token's name; without --user it\n"
            "        names the user, as it always did. --expires: 90m, 12h, 30d, 8w (up to\n"
            "        3650 days); without it the token lives until revoked.\n"
            "list    Prints the tokens that are not revoked: id, name, user, created, last used\n"
            "        (recorded at most once a minute), expires. --space: of the space's members.\n"
            "revoke  Revokes the token with that id; a server running on the same data\n"
            "        directory refuses it from its next request."));
    parser.addHelpOption();
    const QCommandLineOption role(
        QStringLiteral("role"), QStringLiteral("admin, editor or viewer."), QStringLiteral("role"));
    const QCommandLineOption user(QStringLiteral("user"),
                                  QStringLiteral("The user the token acts as."),
                                  QStringLiteral("user"));
    const QCommandLineOption name(
        QStringLiteral("name"),
        QStringLiteral("The token's name (default: the user's); without --user, the user."),
        QStringLiteral("name"));
    const QCommandLineOption expires(QStringLiteral("expires"),
                                     QStringLiteral("Lifetime: 90m, 12h, 30d or 8w."),
                                     QStringLiteral("duration"));
    const QCommandLineOption space(
        QStringLiteral("space"),
        QStringLiteral("Space slug (create: default 'default'; list: only its members)."),
        QStringLiteral("slug"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    parser.addOptions({role, user, name, expires, space, data});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("create, list or revoke."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const auto usage = [] {
        err(QString::fromLatin1(kUsage));
        return 2;
    };
    const auto refuse = [](const QString &why) {
        err(why);
        return 2;
    };
    if (action == QLatin1String("create")) {
        if (positional.size() != 1)
            return usage();
        const auto parsedRole = core::roleFromName(parser.value(role).toStdString());
        if (!parsedRole)
            return refuse(QStringLiteral("--role must be admin, editor or viewer"));
        // The first form named the user with --name; --user frees --name for the token.
        const QString userName =
            (parser.isSet(user) ? parser.value(user) : parser.value(name)).trimmed();
        const QString tokenName = parser.isSet(user) ? parser.value(name).trimmed() : userName;
        if (userName.isEmpty())
            return refuse(QStringLiteral("--user (or --name) is required"));
        core::TokenLifetime lifetime;
        if (parser.isSet(expires)) {
            auto parsed = core::parseDuration(parser.value(expires).toStdString(), "expires");
            if (!parsed)
                return refuse(QStringLiteral("--expires: ") +
                              QString::fromStdString(parsed.error().message));
            lifetime = *parsed;
        }
        const QString slug = parser.isSet(space) ? parser.value(space) : QStringLiteral("default");
        const auto opened = openCore(dataDirectory(parser, data));
        if (!opened)
            return 1;
        auto token = opened->access().createToken(slug.toStdString(), userName.toStdString(),
                                                  *parsedRole, tokenName.toStdString(), lifetime);
        if (!token) {
            err(QString::fromStdString(token.error().message));
            return 1;
        }
        const QString until =
            token->expiresAt
                ? QStringLiteral(", valid until %1 UTC").arg(shortTime(token->expiresAt, {}))
                : QString();
        out(QStringLiteral("Created a %1 token for '%2' in space '%3' (id %4%5). Keep it secret; "
                           "it is not shown again:")
                .arg(parser.value(role), userName, slug, QString::fromStdString(token->tokenId),
                     until));
        out(QString::fromStdString(token->token));
        return 0;
    }
    if (action == QLatin1String("list")) {
        if (positional.size() != 1)
            return usage();
        if (parser.isSet(role) || parser.isSet(name) || parser.isSet(expires))
            return refuse(QStringLiteral("token list takes only --space, --user and --data"));
        const auto opened = openCore(dataDirectory(parser, data));
        if (!opened)
            return 1;
        auto tokens = opened->access().tokens(
            {parser.value(space).toStdString(), parser.value(user).trimmed().toStdString()});
        if (!tokens) {
            err(QString::fromStdString(tokens.error().message));
            return 1;
        }
        printTable(*tokens);
        return 0;
    }
    if (action == QLatin1String("revoke")) {
        if (positional.size() != 2)
            return usage();
        if (parser.isSet(role) || parser.isSet(name) || parser.isSet(user) ||
            parser.isSet(expires) || parser.isSet(space))
            return refuse(QStringLiteral("token revoke takes only the token's id and --data"));
        const auto opened = openCore(dataDirectory(parser, data));
        if (!opened)
            return 1;
        auto revoked = opened->access().revokeToken(positional.at(1).toStdString());
        if (!revoked) {
            err(QStringLiteral("%1 (%2)").arg(QString::fromStdString(revoked.error().message),
                                              positional.at(1)));
            return 1;
        }
        out(QStringLiteral("Revoked token %1 ('%2' of %3).")
                .arg(QString::fromStdString(revoked->id), cell(revoked->name),
                     cell(revoked->userName)));
        return 0;
    }
    return usage();
}

} // namespace pw::app
