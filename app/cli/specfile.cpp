#include <QFile>

#include "cli.h"
#include "core/spec/yamljson.h"

namespace pw::app {

std::optional<nlohmann::json> readSpecFile(const QString &path)
{
    QFile file;
    const bool opened = path == QLatin1String("-")
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        err(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    const QByteArray bytes = file.readAll();
    auto parsed = core::parseJsonOrYaml(
        std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    if (!parsed) {
        err(QStringLiteral("%1: %2").arg(path, QString::fromStdString(parsed.error().message)));
        return std::nullopt;
    }
    nlohmann::json document = std::move(*parsed);
    // A whole definition document ({"name": ..., "spec": {...}}) stands for its spec.
    if (document.is_object() && document.contains("spec") && !document.contains("nodes"))
        return std::move(document["spec"]);
    return document;
}

} // namespace pw::app
