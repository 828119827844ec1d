#pragma once

#include <QWidget>

#include "ui/model/definitiondocument.h"

class QsciScintilla;
class QComboBox;
class QLabel;

namespace pw::ui {

// The code the definition compiles to, read-only: Airflow or Dagster (the definition's target
// first), regenerated whenever the definition changes. A definition with errors keeps the last
// code it had and says why it is not current.
class GeneratedCodeTab : public QWidget
{
    Q_OBJECT
public:
    explicit GeneratedCodeTab(DefinitionDocument *document, QWidget *parent = nullptr);

    DefinitionDocument *document() const { return m_document; }
    QsciScintilla *editor() const { return m_editor; }
    QString target() const;
    void setTarget(const QString &target);
    QString path() const { return m_path; }
    QString problem() const;
    void regenerate();

protected:
    void changeEvent(QEvent *event) override;

private:
    DefinitionDocument *m_document;
    QComboBox *m_targetBox;
    QLabel *m_pathLabel;
    QLabel *m_banner;
    QsciScintilla *m_editor;
    QString m_path;
};

} // namespace pw::ui
