#pragma once

#include <QTreeWidget>

#include "core/spec/problem.h"

namespace pw::ui {

// The validator's problems of the open definition, kept live; double-click selects the node.
class ProblemsPanel : public QTreeWidget
{
    Q_OBJECT
public:
    explicit ProblemsPanel(QWidget *parent = nullptr);
    void showProblems(const core::Problems &problems);
    void clearProblems();

Q_SIGNALS:
    void nodeActivated(const QString &nodeId);
    void countChanged(int errors, int warnings);
};

} // namespace pw::ui
