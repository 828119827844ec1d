#pragma once

#include <QWidget>

#include "ui/model/definitiondocument.h"

class QsciScintilla;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;

namespace pw::ui {

// The definition as canonical YAML or JSON in an editor. Apply validates the text with core and
// writes one version; text with problems lists them with line numbers and changes nothing. The
// text follows the definition while it is not being edited, and says so when it has moved on.
class SourceTab : public QWidget
{
    Q_OBJECT
public:
    enum class Format
    {
        Yaml,
        Json
    };

    explicit SourceTab(DefinitionDocument *document, QWidget *parent = nullptr);

    DefinitionDocument *document() const { return m_document; }
    QsciScintilla *editor() const { return m_editor; }
    Format format() const { return m_format; }
    void setFormat(Format format);
    bool apply();
    void reload();
    bool isModified() const;
    QStringList problems() const;

Q_SIGNALS:
    void statusMessage(const QString &message);
    // The text differs from the definition's (unapplied edits) or no longer does.
    void modifiedChanged(bool modified);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    QString canonicalText() const;
    void showProblems(const QList<QPair<int, QString>> &problems);
    void onDocumentChanged(const core::DefinitionPtr &previous, const core::DefinitionPtr &current);

    DefinitionDocument *m_document;
    QsciScintilla *m_editor;
    QComboBox *m_formatBox;
    QLabel *m_banner;
    QPushButton *m_apply;
    QListWidget *m_problems;
    Format m_format = Format::Yaml;
    int m_loadedVersion = 0;
};

} // namespace pw::ui
