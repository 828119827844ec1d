#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "cli.h"
#include "core/app/core.h"
#include "core/spec/specio.h"

namespace pw::app {

// pipewright compile FILE|--definition ID [--target airflow|dagster] [--out DIR] [--data DIR]
int runCompile(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright compile FILE | --definition ID [--target airflow|dagster] [--out DIR]\n\n"
        "Generates Airflow or Dagster code from a spec file (JSON or YAML) or from a definition\n"
        "of the data directory. Without --out the files are printed, each after a '# file:'\n"
        "line. Exit status: 0 generated, 1 the spec has errors (printed), 2 usage or unreadable."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("The spec file; - reads standard input."));
    const QCommandLineOption definition(QStringLiteral("definition"),
                                        QStringLiteral("A definition's id (instead of FILE)."),
                                        QStringLiteral("id"));
    const QCommandLineOption target(
        QStringLiteral("target"),
        QStringLiteral("airflow or dagster (default: the definition's, else airflow)."),
        QStringLiteral("target"));
    const QCommandLineOption outDir(QStringLiteral("out"),
                                    QStringLiteral("Write the files under this folder."),
                                    QStringLiteral("dir"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    parser.addOptions({definition, target, outDir, data});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const bool fromDefinition = parser.isSet(definition);
    if (fromDefinition == (parser.positionalArguments().size() == 1) ||
        parser.positionalArguments().size() > 1) {
        err(QStringLiteral("usage: pipewright compile FILE | --definition ID [--target T] "
                           "[--out DIR]"));
        return 2;
    }
    std::string targetName = parser.value(target).toStdString();
    if (!targetName.empty() && !core::isValidTarget(targetName)) {
        err(QStringLiteral("--target must be airflow or dagster"));
        return 2;
    }

    core::Spec spec;
    std::string name;
    std::string definitionId; // none for a spec file: its dag_id names its files
    std::unique_ptr<core::Core> core;
    if (fromDefinition) {
        core = openCore(dataDirectory(parser, data));
        if (!core)
            return 1;
        auto actor = core->localActor();
        auto view = actor ? core->definitions().get(*actor, parser.value(definition).toStdString())
                          : core::Result<core::DefinitionView>(std::unexpected(actor.error()));
        if (!view) {
            err(QString::fromStdString(view.error().message));
            return 2;
        }
        spec = view->definition->spec;
        name = view->definition->meta.name;
        definitionId = view->definition->id;
        if (targetName.empty())
            targetName = view->definition->meta.target;
    } else {
        const QString path = parser.positionalArguments().front();
        auto document = readSpecFile(path);
        if (!document)
            return 2;
        spec = core::readSpec(std::move(*document)).spec;
        name = QFileInfo(path).completeBaseName().toStdString();
    }
    if (targetName.empty())
        targetName = "airflow";
    const core::CompilerService compiler(core::NodeCatalog::builtin());
    const core::CompileResult result = compiler.compile(spec, targetName, name, definitionId);
    if (result.files.empty()) {
        for (const core::Problem &p : result.problems) {
            if (p.isError())
                err(QStringLiteral("error: %1: %2 [%3]")
                        .arg(p.path.empty() ? QStringLiteral("spec")
                                            : QString::fromStdString(p.path),
                             QString::fromStdString(p.message), QString::fromStdString(p.code)));
        }
        return 1;
    }
    for (const core::GeneratedFile &file : result.files) {
        if (!parser.isSet(outDir)) {
            out(QStringLiteral("# file: %1").arg(QString::fromStdString(file.path)));
            out(QString::fromStdString(file.content));
            continue;
        }
        const QString path = QDir(parser.value(outDir)).filePath(QString::fromStdString(file.path));
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::fromStdString(file.content)) !=
                                                 static_cast<qint64>(file.content.size())) {
            err(QStringLiteral("%1: cannot write: %2").arg(path, f.errorString()));
            return 1;
        }
        out(path);
    }
    return 0;
}

} // namespace pw::app
