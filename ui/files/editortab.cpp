#include "editortab.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QVBoxLayout>

#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include "codelexer.h"
#include "core/app/core.h"
#include "findbar.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

QsciScintilla *makeEditor(QWidget *parent, const QString &language)
{
    auto *editor = new QsciScintilla(parent);
    editor->setUtf8(true);
    editor->setMarginLineNumbers(0, true);
    editor->setMarginWidth(0, QStringLiteral("000000"));
    editor->setFolding(QsciScintilla::BoxedTreeFoldStyle);
    editor->setCaretLineVisible(true);
    editor->setBraceMatching(QsciScintilla::SloppyBraceMatch);
    editor->setAutoIndent(true);
    editor->setIndentationsUseTabs(false);
    const bool wide = language == QLatin1String("python") || language == QLatin1String("bash") ||
                      language == QLatin1String("sql");
    editor->setIndentationWidth(wide ? 4 : 2);
    editor->setTabWidth(wide ? 4 : 2);
    if (QsciLexer *lexer = lexerForLanguage(language, editor))
        editor->setLexer(lexer);
    styleCodeEditor(editor, editor->palette(), editor->font().pointSize());
    return editor;
}

} // namespace

EditorTab::EditorTab(DefinitionDocument *document, const QString &path, QWidget *parent)
    : QWidget(parent), m_document(document), m_path(path),
      m_language(QString::fromStdString(core::languageOfPath(path.toStdString()))),
      m_editor(makeEditor(this, m_language)), m_find(new FindBar(m_editor, this)),
      m_banner(new QWidget(this)), m_bannerText(new QLabel(m_banner))
{
    setObjectName(QStringLiteral("editorTab"));
    // Completion: the words of the text and the language's keywords.
    addKeywordCompletion(m_editor->lexer());
    m_editor->setAutoCompletionSource(QsciScintilla::AcsAll);
    m_editor->setAutoCompletionThreshold(3);
    m_editor->setAutoCompletionCaseSensitivity(false);
    m_editor->setAutoCompletionReplaceWord(true);

    m_bannerText->setWordWrap(true);
    auto *reloadButton = new QPushButton(tr("Reload"), m_banner);
    reloadButton->setObjectName(QStringLiteral("conflictReload"));
    auto *keepButton = new QPushButton(tr("Keep Mine"), m_banner);
    keepButton->setObjectName(QStringLiteral("conflictKeep"));
    auto *compareButton = new QPushButton(tr("Compare Side by Side"), m_banner);
    compareButton->setObjectName(QStringLiteral("conflictCompare"));
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    bannerLayout->addWidget(m_bannerText, 1);
    bannerLayout->addWidget(reloadButton);
    bannerLayout->addWidget(keepButton);
    bannerLayout->addWidget(compareButton);
    m_banner->setAutoFillBackground(true);
    m_banner->hide();
    connect(reloadButton, &QPushButton::clicked, this, &EditorTab::reload);
    connect(keepButton, &QPushButton::clicked, this, &EditorTab::keepMine);
    connect(compareButton, &QPushButton::clicked, this, &EditorTab::compareSideBySide);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_banner);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_find);
    connect(m_editor, &QsciScintilla::modificationChanged, this, &EditorTab::modifiedChanged);
    auto shortcut = [this](const QKeySequence &keys, std::function<void()> run) {
        auto *s = new QShortcut(keys, this, nullptr, nullptr, Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, [run] { run(); });
    };
    shortcut(QKeySequence(Qt::Key_F3), [this] { m_find->findNext(true); });
    shortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), [this] { m_find->findNext(false); });
    connect(&m_document->core().notifier(), &core::ChangeNotifier::changed, this,
            &EditorTab::onChange);
    load();
}

QString EditorTab::title() const
{
    const qsizetype slash = m_path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? m_path : m_path.mid(slash + 1);
}

bool EditorTab::isModified() const
{
    return m_editor->isModified();
}

QString EditorTab::text() const
{
    return m_editor->text();
}

void EditorTab::setText(const QString &text)
{
    m_editor->setText(text);
}

void EditorTab::load()
{
    core::Core &core = m_document->core();
    auto file =
        core.repositories().read(m_document->actor(), m_document->id(), m_path.toStdString());
    if (!file) {
        m_loaded = false;
        m_editor->setText(QString());
        m_editor->setReadOnly(true);
        Q_EMIT statusMessage(errorText(file.error()));
        return;
    }
    m_loaded = true;
    m_sha = file->sha;
    m_binary = file->binary;
    if (m_binary) {
        m_editor->setText(tr("%1 is a binary file (%n byte(s)); it is not shown as text.", nullptr,
                             static_cast<int>(file->content.size()))
                              .arg(m_path));
        m_editor->setReadOnly(true);
    } else {
        int line = 0, index = 0;
        m_editor->getCursorPosition(&line, &index);
        const int first = m_editor->firstVisibleLine();
        m_editor->setReadOnly(!m_document->canEdit());
        m_editor->setText(QString::fromStdString(file->content));
        m_editor->setCursorPosition(line, index);
        m_editor->setFirstVisibleLine(first);
    }
    m_editor->setModified(false);
    hideConflict();
}

bool EditorTab::save()
{
    if (!m_loaded || m_binary || m_editor->isReadOnly())
        return false;
    core::Core &core = m_document->core();
    auto saved =
        core.repositories().save(m_document->actor(), m_document->id(),
                                 {m_path.toStdString(), m_editor->text().toStdString(), m_sha});
    if (!saved) {
        if (saved.error().code == core::ErrorCode::Conflict)
            showConflict(tr("%1 was changed elsewhere since you opened it. Reload it, keep your "
                            "text, or compare the two.")
                             .arg(m_path));
        Q_EMIT statusMessage(errorText(saved.error()));
        return false;
    }
    m_sha = saved->sha;
    m_editor->setModified(false);
    hideConflict();
    Q_EMIT statusMessage(tr("Saved %1 to the draft").arg(m_path));
    return true;
}

bool EditorTab::reload()
{
    load();
    return m_loaded;
}

bool EditorTab::keepMine()
{
    // Mine over theirs: the current sha becomes the base, so the save is deliberate.
    core::Core &core = m_document->core();
    auto current =
        core.repositories().read(m_document->actor(), m_document->id(), m_path.toStdString());
    if (current)
        m_sha = current->sha;
    auto saved =
        core.repositories().save(m_document->actor(), m_document->id(),
                                 {m_path.toStdString(), m_editor->text().toStdString(),
                                  current ? std::optional<std::string>(m_sha) : std::nullopt});
    if (!saved) {
        Q_EMIT statusMessage(errorText(saved.error()));
        return false;
    }
    m_sha = saved->sha;
    m_editor->setModified(false);
    hideConflict();
    return true;
}

void EditorTab::compareSideBySide()
{
    core::Core &core = m_document->core();
    auto theirs =
        core.repositories().read(m_document->actor(), m_document->id(), m_path.toStdString());
    auto *dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("compareDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("%1: yours and the draft's").arg(m_path));
    auto *splitter = new QSplitter(dialog);
    auto side = [&](const QString &name, const QString &title, const QString &text) {
        auto *box = new QWidget(splitter);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 0, 0, 0);
        l->addWidget(new QLabel(title, box));
        QsciScintilla *editor = makeEditor(box, m_language);
        editor->setObjectName(name);
        editor->setText(text);
        editor->setReadOnly(true);
        l->addWidget(editor);
        return editor;
    };
    QsciScintilla *mine =
        side(QStringLiteral("compareMine"), tr("Yours (not saved)"), m_editor->text());
    QsciScintilla *other = side(QStringLiteral("compareTheirs"), tr("In the draft now"),
                                theirs ? QString::fromStdString(theirs->content)
                                       : tr("(deleted: %1)").arg(errorText(theirs.error())));
    // Scroll together.
    connect(mine->verticalScrollBar(), &QScrollBar::valueChanged, other->verticalScrollBar(),
            &QScrollBar::setValue);
    connect(other->verticalScrollBar(), &QScrollBar::valueChanged, mine->verticalScrollBar(),
            &QScrollBar::setValue);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(splitter, 1);
    layout->addWidget(buttons);
    dialog->resize(1100, 650);
    dialog->show();
}

void EditorTab::onChange(const core::ChangeEvent &event)
{
    if (event.kind != core::ChangeEvent::Kind::File || event.objectId != m_document->id())
        return;
    auto file = m_document->core().repositories().read(m_document->actor(), m_document->id(),
                                                       m_path.toStdString());
    if (file && file->sha == m_sha)
        return; // another file changed, or this one to what the editor holds
    if (!isModified()) {
        if (file) {
            load();
            Q_EMIT statusMessage(tr("%1 changed elsewhere and was reloaded").arg(m_path));
        } else {
            showConflict(
                tr("%1 was deleted elsewhere. Keep your copy to save it again.").arg(m_path));
        }
        return;
    }
    showConflict(file ? tr("%1 changed elsewhere while you were editing it. Reload it (your "
                           "edits are lost), keep yours, or compare the two.")
                            .arg(m_path)
                      : tr("%1 was deleted elsewhere while you were editing it.").arg(m_path));
}

void EditorTab::showConflict(const QString &message)
{
    m_conflict = true;
    m_bannerText->setText(message);
    QPalette palette = m_banner->palette();
    palette.setColor(
        QPalette::Window,
        canvasColors(this->palette()).warning.lighter(isDark(this->palette()) ? 60 : 170));
    m_banner->setPalette(palette);
    m_banner->show();
}

void EditorTab::hideConflict()
{
    m_conflict = false;
    m_banner->hide();
}

void EditorTab::goToLine(int line, int column)
{
    const int target = std::max(0, line - 1);
    m_editor->setCursorPosition(target, std::max(0, column - 1));
    m_editor->ensureLineVisible(target);
    // The line a little below the top, so the context above it shows.
    m_editor->setFirstVisibleLine(std::max(0, target - 5));
    m_editor->setFocus();
}

void EditorTab::askGoToLine()
{
    bool ok = false;
    int line = 0, index = 0;
    m_editor->getCursorPosition(&line, &index);
    const int target =
        QInputDialog::getInt(this, tr("Go to Line"), tr("Line (1 to %1):").arg(m_editor->lines()),
                             line + 1, 1, std::max(1, m_editor->lines()), 1, &ok);
    if (ok)
        goToLine(target);
}

void EditorTab::openFind(bool replace)
{
    m_find->open(replace && !m_editor->isReadOnly());
}

void EditorTab::restyle()
{
    styleCodeEditor(m_editor, palette(), m_editor->font().pointSize());
}

bool EditorTab::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        restyle();
    return QWidget::event(event);
}

} // namespace pw::ui
