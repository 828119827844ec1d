#include "comparetab.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include <Qsci/qscilexeryaml.h>
#include <Qsci/qsciscintilla.h>

#include <algorithm>
#include <map>

#include "core/app/core.h"
#include "core/layout/layeredlayout.h"
#include "core/util/textdiff.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/graphscene.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

enum Marker
{
    Added = 1,
    Removed = 2,
    Changed = 3
};

QsciScintilla *makeSide(QWidget *parent)
{
    auto *editor = new QsciScintilla(parent);
    editor->setReadOnly(true);
    editor->setUtf8(true);
    editor->setMarginLineNumbers(0, false);
    editor->setMarginWidth(0, 0);
    editor->setMarginWidth(1, 0);
    // The texts are YAML, as the source view shows a spec; colours come from applyPalette().
    editor->setLexer(new QsciLexerYAML(editor));
    editor->markerDefine(QsciScintilla::Background, Added);
    editor->markerDefine(QsciScintilla::Background, Removed);
    editor->markerDefine(QsciScintilla::Background, Changed);
    return editor;
}

// The line of a node's entry (`- id: <id>`) in a YAML text, or -1.
int lineOfNode(const QsciScintilla *editor, const QString &id)
{
    const QString quoted = QStringLiteral("\"%1\"").arg(id);
    for (int line = 0; line < editor->lines(); ++line) {
        const QString text = editor->text(line).trimmed();
        if (!text.startsWith(QLatin1String("- id:")))
            continue;
        const QString value = text.mid(5).trimmed();
        if (value == id || value == quoted)
            return line;
    }
    return -1;
}

} // namespace

CompareTab::CompareTab(DefinitionDocument *document, const std::string &fromVersionId,
                       const std::optional<std::string> &toVersionId, QWidget *parent)
    : QWidget(parent), m_scene(new GraphScene(document->core().definitions().catalog(), this)),
      m_view(new CanvasView(m_scene, this)), m_left(makeSide(this)), m_right(makeSide(this)),
      m_summary(new QLabel(this)), m_detail(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_summary);
    applyPalette();
    m_detail->setContentsMargins(8, 0, 8, 6);
    m_detail->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_detail->setText(tr("Select a node to see what changed in it."));
    layout->addWidget(m_detail);
    auto comparison = document->core().definitions().compare(
        document->actor(), document->id(), fromVersionId, toVersionId,
        core::DefinitionService::CompareText::Yaml);
    if (!comparison) {
        m_summary->setText(errorText(comparison.error()));
        m_detail->hide();
        layout->addStretch();
        return;
    }
    auto from =
        document->core().definitions().version(document->actor(), document->id(), fromVersionId);
    const core::DefinitionPtr current = document->definition();
    std::optional<core::VersionDetail> to;
    if (toVersionId)
        if (auto v = document->core().definitions().version(document->actor(), document->id(),
                                                            *toVersionId))
            to = std::move(*v);
    if (!from || !current) {
        m_summary->setText(tr("The versions could not be read."));
        return;
    }
    m_valid = true;
    const core::Spec &toSpec = to ? to->spec : current->spec;
    m_title = to ? tr("v%1 ↔ v%2").arg(comparison->from.number).arg(comparison->toNumber)
                 : tr("v%1 ↔ current").arg(comparison->from.number);

    // Positions: where the nodes are now; nodes no longer there are placed by the layout
    // around them. Moves never count as changes.
    core::Spec united = toSpec;
    for (const core::Node &n : from->spec.nodes)
        if (!united.findNode(n.id))
            united.nodes.push_back(n);
    for (const core::Edge &e : from->spec.edges)
        if (united.indexOfEdge(e.upstream, e.downstream) < 0)
            united.edges.push_back(e);
    std::vector<std::string> pinned;
    for (core::Node &n : united.nodes) {
        const core::Node *now = current->spec.findNode(n.id);
        n.position = now ? now->position : std::nullopt;
        if (n.position)
            pinned.push_back(n.id);
    }
    core::LayoutOptions options;
    options.nodeWidth = NodeItem::Width;
    options.nodeHeight = NodeItem::Height;
    options.pinned = pinned;
    std::map<std::string, core::Position> positions;
    for (const auto &[id, p] : core::layeredLayout(united, options).positions)
        positions[id] = p;
    m_changes = comparison->spec;
    m_fromNumber = comparison->from.number;
    m_scene->showComparison(from->spec, toSpec, m_changes, positions);
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &CompareTab::showSelection);

    const core::SpecComparison &d = m_changes;
    QStringList parts;
    parts << tr("nodes added: %n", nullptr, static_cast<int>(d.nodesAdded.size()))
          << tr("removed: %n", nullptr, static_cast<int>(d.nodesRemoved.size()))
          << tr("changed: %n", nullptr, static_cast<int>(d.nodesChanged.size()))
          << tr("dependencies added: %n", nullptr, static_cast<int>(d.edgesAdded.size()))
          << tr("removed: %n", nullptr, static_cast<int>(d.edgesRemoved.size()));
    if (!d.deployment.empty())
        parts << tr("deployment changed");
    if (!comparison->metadata.empty())
        parts << tr("metadata changed");
    if (comparison->textOmitted)
        parts << tr("the texts are too large to show side by side");
    m_summary->setText(
        QStringLiteral("<b>%1</b> — %2")
            .arg(m_title.toHtmlEscaped(), parts.join(QStringLiteral(", ")).toHtmlEscaped()));

    // Side-by-side text: equal lines face each other, a deleted block faces the inserted block
    // that replaces it, padding keeps both sides aligned.
    const auto lines = core::diffLines(comparison->fromText, comparison->toText);
    QStringList left;
    QStringList right;
    QList<int> leftMarks;
    QList<int> rightMarks;
    size_t i = 0;
    while (i < lines.size()) {
        if (lines[i].op == core::DiffLine::Op::Equal) {
            left << QString::fromUtf8(lines[i].text.data(),
                                      static_cast<qsizetype>(lines[i].text.size()));
            right << left.back();
            leftMarks << 0;
            rightMarks << 0;
            ++i;
            continue;
        }
        QStringList deleted;
        QStringList inserted;
        while (i < lines.size() && lines[i].op != core::DiffLine::Op::Equal) {
            const QString text = QString::fromUtf8(lines[i].text.data(),
                                                   static_cast<qsizetype>(lines[i].text.size()));
            (lines[i].op == core::DiffLine::Op::Delete ? deleted : inserted) << text;
            ++i;
        }
        const qsizetype rows = std::max(deleted.size(), inserted.size());
        for (qsizetype r = 0; r < rows; ++r) {
            const bool both = r < deleted.size() && r < inserted.size();
            left << (r < deleted.size() ? deleted[r] : QString());
            right << (r < inserted.size() ? inserted[r] : QString());
            leftMarks << (r < deleted.size() ? (both ? Changed : Removed) : 0);
            rightMarks << (r < inserted.size() ? (both ? Changed : Added) : 0);
        }
    }
    m_left->setText(left.join(QLatin1Char('\n')));
    m_right->setText(right.join(QLatin1Char('\n')));
    for (int l = 0; l < leftMarks.size(); ++l) {
        if (leftMarks[l])
            m_left->markerAdd(l, leftMarks[l]);
        if (rightMarks[l])
            m_right->markerAdd(l, rightMarks[l]);
    }
    // Scroll both sides together.
    connect(m_left, &QsciScintilla::SCN_UPDATEUI, this, [this] {
        if (m_right->firstVisibleLine() != m_left->firstVisibleLine())
            m_right->setFirstVisibleLine(m_left->firstVisibleLine());
    });
    connect(m_right, &QsciScintilla::SCN_UPDATEUI, this, [this] {
        if (m_left->firstVisibleLine() != m_right->firstVisibleLine())
            m_left->setFirstVisibleLine(m_right->firstVisibleLine());
    });

    auto *texts = new QSplitter(Qt::Horizontal, this);
    auto header = [this](const QString &text, QsciScintilla *editor) {
        auto *box = new QWidget(this);
        auto *column = new QVBoxLayout(box);
        column->setContentsMargins(0, 0, 0, 0);
        column->addWidget(new QLabel(text, box));
        column->addWidget(editor, 1);
        return box;
    };
    texts->addWidget(header(tr("Version %1").arg(comparison->from.number), m_left));
    texts->addWidget(header(to ? tr("Version %1").arg(comparison->toNumber)
                               : tr("Current (version %1)").arg(comparison->toNumber),
                            m_right));
    // The texts get the larger share and never fewer than a dozen lines: they are what a
    // reviewer reads; the graph is the map.
    texts->setMinimumHeight(m_left->textHeight(0) * 12 + 24);
    m_split = new QSplitter(Qt::Vertical, this);
    m_split->addWidget(m_view);
    m_split->addWidget(texts);
    m_split->setStretchFactor(0, 2);
    m_split->setStretchFactor(1, 3);
    m_split->setChildrenCollapsible(false);
    m_split->setSizes({2000, 3000}); // proportions: scaled to the real height when shown
    layout->addWidget(m_split, 1);
    m_view->fitAll();
}

void CompareTab::applyPalette()
{
    const CanvasColors c = canvasColors(palette());
    auto tint = [](QColor colour) {
        colour.setAlpha(70);
        return colour;
    };
    for (QsciScintilla *side : {m_left, m_right}) {
        styleCodeEditor(side, palette(), 9);
        side->setMarkerBackgroundColor(tint(c.added), Added);
        side->setMarkerBackgroundColor(tint(c.removed), Removed);
        side->setMarkerBackgroundColor(tint(c.changed), Changed);
    }
}

void CompareTab::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        applyPalette(); // the system switched between light and dark
    QWidget::changeEvent(event);
}

void CompareTab::showSelection()
{
    const QString detail = selectionDetail();
    m_detail->setText(detail.isEmpty() ? tr("Select a node to see what changed in it.") : detail);
    const QStringList ids = m_scene->selectedNodeIds();
    if (ids.size() != 1)
        return;
    // Bring the node's entry into view in both texts (they scroll together).
    int line = lineOfNode(m_right, ids.front());
    if (line < 0)
        line = lineOfNode(m_left, ids.front());
    if (line >= 0)
        m_right->setFirstVisibleLine(std::max(0, line - 2));
}

QString CompareTab::selectionDetail() const
{
    const QStringList ids = m_scene->selectedNodeIds();
    if (ids.size() != 1)
        return {};
    const std::string id = ids.front().toStdString();
    const QString name = ids.front().toHtmlEscaped();
    auto contains = [&id](const std::vector<std::string> &list) {
        return std::find(list.begin(), list.end(), id) != list.end();
    };
    if (contains(m_changes.nodesAdded))
        return tr("<b>%1</b>: added since version %2").arg(name).arg(m_fromNumber);
    if (contains(m_changes.nodesRemoved))
        return tr("<b>%1</b>: removed since version %2").arg(name).arg(m_fromNumber);
    for (const core::NodeChange &change : m_changes.nodesChanged) {
        if (change.id != id)
            continue;
        QStringList fields;
        for (const std::string &field : change.fields)
            fields << QString::fromStdString(field).toHtmlEscaped();
        return tr("<b>%1</b>: changed — %2").arg(name, fields.join(QStringLiteral(", ")));
    }
    return tr("<b>%1</b>: unchanged").arg(name);
}

bool CompareTab::textHasFocus() const
{
    return m_left->hasFocus() || m_right->hasFocus();
}

void CompareTab::zoomIn()
{
    if (textHasFocus()) {
        m_left->zoomIn();
        m_right->zoomIn();
    } else {
        m_view->zoomIn();
    }
}

void CompareTab::zoomOut()
{
    if (textHasFocus()) {
        m_left->zoomOut();
        m_right->zoomOut();
    } else {
        m_view->zoomOut();
    }
}

void CompareTab::resetZoom()
{
    if (textHasFocus()) {
        m_left->zoomTo(0);
        m_right->zoomTo(0);
    } else {
        m_view->fitAll();
    }
}

QString CompareTab::summary() const
{
    return m_summary->text();
}

} // namespace pw::ui
