#include "publishgates.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>

#include <fstream>

namespace pw::core {

namespace {

// Parses every file named on the command line; prints "path:line: message" per error.
constexpr const char *kParse = R"py(
import ast, sys
for path in sys.argv[1:]:
    try:
        with open(path, encoding="utf-8") as f:
            ast.parse(f.read(), filename=path)
    except SyntaxError as e:
        print(f"{path}:{e.lineno}: {e.msg}")
)py";

} // namespace

bool PublishReport::passed() const
{
    return std::all_of(gates.begin(), gates.end(), [](const GateResult &g) { return g.passed; });
}

nlohmann::json PublishReport::toJson() const
{
    nlohmann::json list = nlohmann::json::array();
    for (const GateResult &g : gates)
        list.push_back({{"name", g.name},
                        {"passed", g.passed},
                        {"message", g.message},
                        {"details", g.details}});
    return {{"passed", passed()}, {"gates", std::move(list)}};
}

Result<std::vector<std::string>> pythonSyntaxErrors(const std::vector<GeneratedFile> &files,
                                                    const std::function<bool()> &cancelled)
{
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(Error::internal("could not make a folder to check the generated code in"));
    QStringList arguments{QStringLiteral("-c"), QString::fromUtf8(kParse)};
    for (size_t i = 0; i < files.size(); ++i) {
        const QString path = dir.filePath(QString::number(i) + QStringLiteral(".py"));
        std::ofstream out(path.toStdString(), std::ios::binary);
        out << files[i].content;
        if (!out)
            return fail(Error::internal("could not write the generated code to check it"));
        arguments << path;
    }
    QProcess python;
    python.start(QStringLiteral("python3"), arguments);
    if (!python.waitForStarted(10000))
        return fail(Error{ErrorCode::Unavailable,
                          "python3 could not be started to check the generated code",
                          nlohmann::json::object()});
    // On the publish job's thread: waited in short steps so a cancel ends python3 at once.
    QElapsedTimer clock;
    clock.start();
    while (!python.waitForFinished(100)) {
        if (python.state() == QProcess::NotRunning)
            break;
        if (cancelled && cancelled()) {
            python.kill();
            python.waitForFinished(5000);
            return fail(Error::conflict("the check of the generated code was cancelled"));
        }
        if (clock.elapsed() > 60000) {
            python.kill();
            python.waitForFinished(5000);
            break;
        }
    }
    if (python.state() != QProcess::NotRunning || python.exitStatus() != QProcess::NormalExit)
        return fail(Error{ErrorCode::Unavailable, "python3 did not finish checking the code",
                          nlohmann::json::object()});
    std::vector<std::string> errors;
    const QString prefix = dir.path() + QLatin1Char('/');
    for (const QByteArray &line : python.readAllStandardOutput().split('\n')) {
        if (line.isEmpty())
            continue;
        // "<dir>/<i>.py:<line>: message" → "<generated path>:<line>: message"
        QString text = QString::fromUtf8(line);
        text.remove(0, prefix.size());
        const qsizetype dot = text.indexOf(QStringLiteral(".py:"));
        const size_t index = text.left(dot).toULong();
        errors.push_back((index < files.size() ? files[index].path : std::string("?")) +
                         text.mid(dot + 3).toStdString());
    }
    if (python.exitCode() != 0 && errors.empty())
        errors.push_back("python3 failed: " +
                         QString::fromUtf8(python.readAllStandardError()).trimmed().toStdString());
    return errors;
}

PublishReport runPublishGates(const CompilerService &compiler, const Spec &spec,
                              const std::string &target, const std::string &name,
                              const std::string &definitionId,
                              const std::function<bool(const GateResult &)> &onGate,
                              const std::function<bool()> &cancelled)
{
    PublishReport report;
    auto finished = [&](GateResult gate) {
        report.gates.push_back(std::move(gate));
        return !onGate || onGate(report.gates.back());
    };
    const ValidationReport validation = compiler.validate(spec);
    if (!finished({"spec_valid",
                   validation.valid,
                   validation.valid ? "the spec validates" : "the spec has errors",
                   {{"problems", validation.toJson().value("problems", nlohmann::json())}}}))
        return report;
    report.compiled = compiler.compile(spec, target, name, definitionId);
    const bool compiled = !report.compiled.files.empty();
    if (!finished({"compiles",
                   compiled,
                   compiled ? "it compiles for " + target : "it does not compile for " + target,
                   {{"target", target}, {"files", report.compiled.files.size()}}}))
        return report;
    GateResult parses{"python_parses", false, {}, nlohmann::json::object()};
    if (!compiled) {
        parses.message = "no code to check: it did not compile";
    } else if (auto errors = pythonSyntaxErrors(report.compiled.files, cancelled); !errors) {
        parses.message = errors.error().message;
    } else {
        parses.passed = errors->empty();
        parses.message =
            parses.passed ? "the generated Python parses" : "the generated Python does not parse";
        parses.details["errors"] = *errors;
    }
    finished(std::move(parses));
    return report;
}

} // namespace pw::core
