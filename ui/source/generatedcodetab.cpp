#include "generatedcodetab.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

#include "core/app/core.h"
#include "ui/files/codelexer.h"
#include "ui/theme/theme.h"

namespace pw::ui {

GeneratedCodeTab::GeneratedCodeTab(DefinitionDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 0);
    bar->addWidget(new QLabel(tr("Target:"), this));
    m_targetBox = new QComboBox(this);
    m_targetBox->setObjectName(QStringLiteral("generatedTarget"));
    m_targetBox->addItem(tr("Airflow"), QStringLiteral("airflow"));
    m_targetBox->addItem(tr("Dagster"), QStringLiteral("dagster"));
    bar->addWidget(m_targetBox);
    m_pathLabel = new QLabel(this);
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    bar->addWidget(m_pathLabel, 1);
    layout->addLayout(bar);
    m_banner = new QLabel(this);
    m_banner->setObjectName(QStringLiteral("generatedBanner"));
    m_banner->setWordWrap(true);
    m_banner->hide();
    layout->addWidget(m_banner);
    m_editor = new QsciScintilla(this);
    m_editor->setReadOnly(true);
    m_editor->setLexer(lexerForLanguage(QStringLiteral("python"), m_editor));
    styleCodeEditor(m_editor, palette(), 10);
    layout->addWidget(m_editor, 1);

    if (m_document->definition())
        setTarget(QString::fromStdString(m_document->definition()->meta.target));
    connect(m_targetBox, &QComboBox::currentIndexChanged, this, [this] { regenerate(); });
    connect(m_document, &DefinitionDocument::changed, this,
            [this](const core::DefinitionPtr &previous, const core::DefinitionPtr &current) {
                // Positions alone change no code.
                if (!previous || !current || previous->currentVersion != current->currentVersion ||
                    previous->meta != current->meta)
                    regenerate();
            });
    regenerate();
}

QString GeneratedCodeTab::target() const
{
    return m_targetBox->currentData().toString();
}

void GeneratedCodeTab::setTarget(const QString &target)
{
    const int index = m_targetBox->findData(target);
    if (index >= 0)
        m_targetBox->setCurrentIndex(index);
}

QString GeneratedCodeTab::problem() const
{
    return m_banner->isVisible() ? m_banner->text() : QString();
}

void GeneratedCodeTab::regenerate()
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return;
    const core::CompileResult result = m_document->core().compiler().compile(
        definition->spec, target().toStdString(), definition->meta.name, definition->id);
    if (result.files.empty()) {
        QStringList errors;
        for (const core::Problem &p : result.problems) {
            if (p.isError())
                errors << QString::fromStdString(p.message);
        }
        m_banner->setText(tr("The definition has errors, so this is the code of its last valid "
                             "state: %1")
                              .arg(errors.join(QStringLiteral("; "))));
        m_banner->show();
        return;
    }
    m_banner->hide();
    const core::GeneratedFile &file = result.files.front();
    m_path = QString::fromStdString(file.path);
    m_pathLabel->setText(tr("%1 · version %2").arg(m_path).arg(definition->currentVersion));
    const int line = m_editor->firstVisibleLine();
    m_editor->setReadOnly(false);
    m_editor->setText(QString::fromStdString(file.content));
    m_editor->setReadOnly(true);
    m_editor->setFirstVisibleLine(line);
}

void GeneratedCodeTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        styleCodeEditor(m_editor, palette(), 10); // light and dark follow the system
    QWidget::changeEvent(event);
}

} // namespace pw::ui
