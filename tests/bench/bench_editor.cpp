// Editor figures on the offscreen platform: open a 50,000-line Python draft file in an editor
// tab to its first paint (read from the draft, lexer, folding, completion list), and save it.
// Prints JSON lines; asserts nothing.
#include <QApplication>
#include <QTemporaryDir>

#include <Qsci/qsciscintilla.h>

#include "benchutil.h"
#include "core/app/core.h"
#include "ui/files/editortab.h"
#include "ui/model/definitiondocument.h"

using namespace pw;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    auto core = std::move(*core::Core::open(dir.path().toStdString()));
    auto actor = *core->localActor();
    const std::string id =
        core->definitions().list(actor, {})->items.front().id; // the demo, on its repository
    std::string text;
    for (int i = 0; i < 50000; ++i) {
        if (i % 10 == 0)
            text += "def step_" + std::to_string(i) + "(frame, window=" + std::to_string(i % 97) +
                    "):\n";
        else
            text += "    frame = frame.apply(lambda row: row[\"value\"] * " + std::to_string(i) +
                    ")  # step\n";
    }
    if (auto saved = core->repositories().save(actor, id, {"pipelines/big.py", text, std::nullopt});
        !saved) {
        std::fprintf(stderr, "save failed: %s\n", saved.error().message.c_str());
        return 1;
    }
    ui::DefinitionDocument doc(*core, actor, id);
    std::vector<double> opens, saves;
    for (int run = 0; run < 7; ++run) {
        const auto start = bench::Clock::now();
        auto tab = std::make_unique<ui::EditorTab>(&doc, QStringLiteral("pipelines/big.py"));
        tab->resize(1400, 900);
        tab->show();
        tab->editor()->viewport()->repaint();
        QCoreApplication::processEvents();
        opens.push_back(bench::msSince(start));
        tab->editor()->append(QStringLiteral("# edited\n"));
        const auto saveStart = bench::Clock::now();
        tab->save();
        saves.push_back(bench::msSince(saveStart));
        if (run == 0)
            bench::report("editor_file",
                          {{"lines", tab->editor()->lines()}, {"bytes", text.size()}});
    }
    bench::report("open_50000_line_file_to_first_paint",
                  {{"median_ms", bench::median(opens)}, {"runs", opens}});
    bench::report("save_50000_line_file", {{"median_ms", bench::median(saves)}});
    return 0;
}
