#include "comparetab.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include <Qsci/qscilexerjson.h>
#include <Qsci/qsciscintilla.h>

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
    auto *lexer = new QsciLexerJSON(editor);
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSize(9);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono);
    lexer->setDefaultPaper(parent->palette().color(QPalette::Base));
    lexer->setPaper(parent->palette().color(QPalette::Base));
    editor->setLexer(lexer);
    const CanvasColors c = canvasColors(parent->palette());
    auto tint = [](QColor colour) {
        colour.setAlpha(70);
        return colour;
    };
    editor->markerDefine(QsciScintilla::Background, Added);
    editor->setMarkerBackgroundColor(tint(c.added), Added);
    editor->markerDefine(QsciScintilla::Background, Removed);
    editor->setMarkerBackgroundColor(tint(c.removed), Removed);
    editor->markerDefine(QsciScintilla::Background, Changed);
    editor->setMarkerBackgroundColor(tint(c.changed), Changed);
    return editor;
}

} // namespace

CompareTab::CompareTab(DefinitionDocument *document, const std::string &fromVersionId,
                       const std::optional<std::string> &toVersionId, QWidget *parent)
    : QWidget(parent), m_scene(new GraphScene(document->core().definitions().catalog(), this)),
      m_view(new CanvasView(m_scene, this)), m_left(makeSide(this)), m_right(makeSide(this)),
      m_summary(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_summary->setWordWrap(true);
    m_summary->setContentsMargins(8, 6, 8, 6);
    layout->addWidget(m_summary);
    auto comparison = document->core().definitions().compare(document->actor(), document->id(),
                                                             fromVersionId, toVersionId);
    if (!comparison) {
        m_summary->setText(errorText(comparison.error()));
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
    m_scene->showComparison(from->spec, toSpec, positions);

    const core::SpecComparison &d = comparison->spec;
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
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(texts);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    layout->addWidget(split, 1);
    m_view->fitAll();
}

QString CompareTab::summary() const
{
    return m_summary->text();
}

} // namespace pw::ui
