#include "sourcetab.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QVBoxLayout>

#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include "core/app/core.h"
#include "core/spec/specio.h"
#include "core/spec/specvalidator.h"
#include "core/spec/yamljson.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {
constexpr int kErrorMarker = 1;

} // namespace

SourceTab::SourceTab(DefinitionDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_editor(new QsciScintilla(this)),
      m_formatBox(new QComboBox(this)), m_banner(new QLabel(this)),
      m_apply(new QPushButton(tr("Apply"), this)), m_problems(new QListWidget(this))
{
    m_formatBox->addItem(tr("YAML"));
    m_formatBox->addItem(tr("JSON"));
    auto *reloadButton = new QPushButton(tr("Reload"), this);
    reloadButton->setToolTip(tr("Replace the text with the current definition"));
    m_apply->setToolTip(tr("Validate and save as one new version (Ctrl+Return)"));
    m_banner->setWordWrap(true);
    m_banner->setVisible(false);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    bar->addWidget(new QLabel(tr("Format:"), this));
    bar->addWidget(m_formatBox);
    bar->addStretch();
    bar->addWidget(reloadButton);
    bar->addWidget(m_apply);
    m_editor->setUtf8(true);
    m_editor->setMarginLineNumbers(0, true);
    m_editor->setMarginWidth(0, QStringLiteral("00000"));
    m_editor->setMarginWidth(1, 14);
    m_editor->setMarginSensitivity(1, false);
    m_editor->markerDefine(QsciScintilla::Circle, kErrorMarker);
    m_editor->setIndentationsUseTabs(false);
    m_editor->setIndentationWidth(2);
    m_editor->setAutoIndent(true);
    m_editor->setFolding(QsciScintilla::BoxedTreeFoldStyle);
    m_editor->setCaretLineVisible(true);
    m_problems->setMaximumHeight(110);
    m_problems->setVisible(false);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_banner);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_problems);
    connect(m_formatBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setFormat(index == 0 ? Format::Yaml : Format::Json); });
    connect(reloadButton, &QPushButton::clicked, this, &SourceTab::reload);
    connect(m_apply, &QPushButton::clicked, this, &SourceTab::apply);
    connect(m_problems, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const int line = item->data(Qt::UserRole).toInt();
        if (line > 0) {
            m_editor->setCursorPosition(line - 1, 0);
            m_editor->ensureLineVisible(line - 1);
            m_editor->setFocus();
        }
    });
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), this, nullptr, nullptr,
                                   Qt::WidgetWithChildrenShortcut);
    connect(shortcut, &QShortcut::activated, this, &SourceTab::apply);
    connect(m_document, &DefinitionDocument::changed, this, &SourceTab::onDocumentChanged);
    connect(m_editor, &QsciScintilla::modificationChanged, this, &SourceTab::modifiedChanged);
    setFormat(Format::Yaml);
}

void SourceTab::setFormat(Format format)
{
    if (isModified() && format != m_format) {
        // Re-express the edited text in the other format when it parses; otherwise keep it.
        auto parsed = core::parseJsonOrYaml(m_editor->text().toStdString());
        if (parsed) {
            m_format = format;
            const QString text = QString::fromStdString(
                format == Format::Yaml ? core::jsonToYaml(*parsed) : parsed->dump(2) + "\n");
            m_editor->setText(text);
            m_editor->setModified(true);
        }
    } else {
        m_format = format;
    }
    QsciLexer *lexer = format == Format::Yaml
                           ? static_cast<QsciLexer *>(new QsciLexerYAML(m_editor))
                           : static_cast<QsciLexer *>(new QsciLexerJSON(m_editor));
    m_editor->setLexer(lexer);
    applyPalette();
    m_formatBox->blockSignals(true);
    m_formatBox->setCurrentIndex(format == Format::Yaml ? 0 : 1);
    m_formatBox->blockSignals(false);
    if (!isModified())
        reload();
}

QString SourceTab::canonicalText() const
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return {};
    // Positions are layout, not content: the source never shows them.
    if (m_format == Format::Json)
        return QString::fromStdString(
            core::specToText(definition->spec, {.pretty = true, .positions = false}));
    return QString::fromStdString(core::specToYaml(definition->spec));
}

void SourceTab::reload()
{
    const int line = m_editor->firstVisibleLine();
    m_editor->setText(canonicalText());
    m_editor->setModified(false);
    m_editor->setFirstVisibleLine(line);
    m_loadedVersion = m_document->definition() ? m_document->definition()->currentVersion : 0;
    m_banner->setVisible(false);
    showProblems({});
}

bool SourceTab::isModified() const
{
    return m_editor->isModified();
}

void SourceTab::onDocumentChanged(const core::DefinitionPtr &, const core::DefinitionPtr &current)
{
    if (!current || current->currentVersion == m_loadedVersion)
        return;
    if (!isModified()) {
        reload();
        return;
    }
    m_banner->setText(tr("The definition is now at version %1, changed since you started editing. "
                         "Apply saves your text over it; Reload discards your edits.")
                          .arg(current->currentVersion));
    m_banner->setVisible(true);
}

QStringList SourceTab::problems() const
{
    QStringList out;
    for (int i = 0; i < m_problems->count(); ++i)
        out.append(m_problems->item(i)->text());
    return out;
}

void SourceTab::showProblems(const QList<QPair<int, QString>> &problems)
{
    m_editor->markerDeleteAll(kErrorMarker);
    m_problems->clear();
    for (const auto &[line, message] : problems) {
        auto *item = new QListWidgetItem(
            line > 0 ? tr("Line %1: %2").arg(line).arg(message) : message, m_problems);
        item->setData(Qt::UserRole, line);
        if (line > 0)
            m_editor->markerAdd(line - 1, kErrorMarker);
    }
    m_problems->setVisible(!problems.isEmpty());
}

bool SourceTab::apply()
{
    const std::string text = m_editor->text().toStdString();
    auto parsed = core::parseJsonOrYaml(text);
    if (!parsed) {
        const int line = parsed.error().details.value("line", 0);
        showProblems({{line, QString::fromStdString(parsed.error().message)}});
        Q_EMIT statusMessage(tr("The text does not parse; nothing was saved."));
        return false;
    }
    core::Spec spec;
    const core::Problems problems =
        core::validateSpecJson(*parsed, m_document->core().definitions().catalog(), &spec);
    QList<QPair<int, QString>> shown;
    bool errors = false;
    for (const core::Problem &p : problems) {
        errors = errors || p.isError();
        const int line = core::lineOfPath(text, p.path).value_or(0);
        shown.append({line, (p.isError() ? QString() : tr("Warning: ")) +
                                QString::fromStdString(p.message)});
    }
    showProblems(shown);
    if (errors) {
        Q_EMIT statusMessage(tr("The spec has problems; nothing was saved."));
        return false;
    }
    const int before = m_document->definition() ? m_document->definition()->currentVersion : 0;
    if (!m_document->replaceSpec(spec, tr("Edit source")))
        return false;
    const int after = m_document->definition() ? m_document->definition()->currentVersion : 0;
    reload();
    showProblems(shown);
    Q_EMIT statusMessage(after != before ? tr("Saved version %1").arg(after)
                                         : tr("No changes to save"));
    return true;
}

void SourceTab::applyPalette()
{
    styleCodeEditor(m_editor, palette(), 10);
    m_editor->setMarkerBackgroundColor(canvasColors(palette()).error, kErrorMarker);
}

void SourceTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette(); // the system switched between light and dark
    QWidget::changeEvent(event);
}

} // namespace pw::ui
