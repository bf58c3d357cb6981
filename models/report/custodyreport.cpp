// SPDX-License-Identifier: GPL-3.0-or-later
#include "report/custodyreport.h"

#include "custody/custodykind.h"
#include "custody/custodytimelinemodel.h"
#include "lab/lab.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QFile>
#include <QPageLayout>
#include <QPainter>
#include <QPdfWriter>
#include <QTextDocument>

namespace benchside {

namespace {
QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString orDash(const QString &s)
{
    return s.isEmpty() ? QStringLiteral("—") : s;
}

QString when(qint64 ms)
{
    return ms > 0 ? CustodyTimelineModel::timeText(ms) : QString();
}

QString row(const QString &label, const QString &value)
{
    return QStringLiteral("<tr><td class=\"k\" width=\"20%\">%1</td><td>%2</td></tr>")
        .arg(esc(label), esc(orDash(value)));
}

QString heading(const QString &text)
{
    return QStringLiteral("<p class=\"h\" style=\"margin-top: 12px; margin-bottom: 3px;\">%1</p>")
        .arg(esc(text));
}

QString keyValueTable()
{
    return QStringLiteral("<table width=\"100%\" cellspacing=\"0\" cellpadding=\"2\">");
}

// Resolution of the PDF's coordinate system; fonts are in points, so this only sets how finely
// positions are rounded.
constexpr int Dpi = 300;
constexpr qreal MarginMm = 15;
} // namespace

CustodyReport::CustodyReport(Specimen specimen, QList<CustodyEntry> timeline, Station station)
    : m_specimen(std::move(specimen)), m_timeline(std::move(timeline)), m_station(std::move(station))
{}

Result<CustodyReport> CustodyReport::forSpecimen(Lab &lab, const QString &accession)
{
    using R = Result<CustodyReport>;
    Result<std::optional<Specimen>> found = lab.specimens().find(accession);
    if (!found)
        return R::failure(found.error());
    if (!found.value())
        return R::failure(tr("No specimen %1 is known at this station.").arg(accession));
    Result<QList<CustodyEntry>> timeline = lab.specimens().custody(accession);
    if (!timeline)
        return R::failure(timeline.error());

    CustodyReport report(*found.value(), timeline.value(), lab.station());
    QHash<QString, QString> users;
    if (Result<QList<User>> list = lab.catalog().users()) {
        for (const User &u : list.value())
            users.insert(u.name, u.displayName);
    }
    report.setUserNames(users);
    report.setSpecimenTypeNames(Catalog::namesByCode(lab.catalog().specimenTypes()));
    report.setContainerNames(Catalog::namesByCode(lab.catalog().containers()));
    return report;
}

QString CustodyReport::user(const QString &id) const
{
    const QString name = m_userNames.value(id);
    return name.isEmpty() || name == id ? id : QStringLiteral("%1 (%2)").arg(name, id);
}

QString CustodyReport::producedLine() const
{
    QString line =
        tr("Produced %1 at station %2 (site %3)")
            .arg(m_producedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")), m_station.id, m_station.site);
    if (!m_producedBy.isEmpty())
        line += tr(" by %1").arg(user(m_producedBy));
    if (m_station.isDemo)
        line += tr(" · DEMO DATA");
    return line;
}

QString CustodyReport::html() const
{
    const Specimen &s = m_specimen;
    QString h;
    h += QStringLiteral(
        "<html><head><style>"
        "p.title { font-size: 16pt; font-weight: bold; margin: 0; }"
        "p.h { font-size: 10.5pt; font-weight: bold; margin-top: 9pt; margin-bottom: 2pt; }"
        "td { vertical-align: top; } td.k { color: #555555; }"
        "th { text-align: left; background-color: #e6e9ee; }"
        "table.t td { border-bottom: 1px solid #cccccc; }"
        ".id { font-size: 6.5pt; color: #777777; } .now { font-size: 13pt; font-weight: bold; }"
        "</style></head><body>");
    h += QStringLiteral("<p class=\"title\">%1</p>").arg(esc(tr("Chain of custody — %1").arg(s.accession)));

    // Where the tube is now, the question the report is usually printed to answer.
    const int current = CustodyTimelineModel::currentStepRow(m_timeline);
    h += QStringLiteral("<p><span class=\"now\">%1 · %2</span>")
             .arg(esc(CustodyKinds::statusLabel(s.status)), esc(orDash(s.location)));
    if (current >= 0) {
        const CustodyEntry &e = m_timeline.at(current);
        QString since = tr("Since %1 — %2 by %3 at station %4")
                            .arg(when(e.atMs), CustodyKinds::label(e.kind), user(e.actor), e.station);
        if (const QString why = CustodyTimelineModel::describe(e); !why.isEmpty())
            since += QStringLiteral(" · ") + why;
        h += QStringLiteral("<br/>%1").arg(esc(since));
    }
    h += QStringLiteral("</p>");

    h += heading(tr("Patient")) + keyValueTable();
    if (s.patient.mrn.isEmpty()) {
        h += row(tr("Patient"), tr("not identified"));
    } else {
        h += row(tr("Name"), s.patient.name);
        h += row(tr("MRN"), s.patient.mrn);
        h += row(tr("Date of birth"), s.patient.birthDate);
        h += row(tr("Sex"), s.patient.sex);
    }
    h += QStringLiteral("</table>");

    h += heading(tr("Specimen")) + keyValueTable();
    h += row(tr("Accession number"), s.accession);
    if (!s.parent.isEmpty())
        h += row(tr("Aliquot of"), s.parent);
    if (!s.children.isEmpty())
        h += row(tr("Aliquots"), s.children.join(QStringLiteral(", ")));
    h += row(tr("Specimen type"), m_typeNames.value(s.specimenType, s.specimenType));
    h += row(tr("Container"), m_containerNames.value(s.container, s.container));
    h += row(tr("Priority"), s.priority.toUpper());
    h += row(tr("Collected"), s.collector.isEmpty() ? when(s.collectedAtMs)
                                                    : tr("%1 by %2").arg(when(s.collectedAtMs), s.collector));
    h += row(tr("Accessioned"), tr("%1 by %2").arg(when(s.accessionedAtMs), user(s.accessionedBy)));
    QStringList tests;
    for (const TestOrder &o : s.orders)
        tests << QStringLiteral("%1 %2 (%3, %4)").arg(o.testCode, o.testName, o.bench, o.status);
    h += row(tr("Tests"), tests.join(QStringLiteral("; ")));
    h += QStringLiteral("</table>");

    h += heading(tr("Custody timeline, newest first — steps: %1").arg(m_timeline.size()));
    h += QStringLiteral("<table class=\"t\" width=\"100%\" cellspacing=\"0\" cellpadding=\"3\"><thead><tr>");
    const struct
    {
        QString title;
        int percent;
    } columns[] = {{tr("Time"), 13},   {tr("Step"), 19},     {tr("By"), 17},
                   {tr("Station"), 9}, {tr("Location"), 22}, {tr("Reason / detail"), 20}};
    for (const auto &c : columns)
        h += QStringLiteral("<th width=\"%1%\">%2</th>").arg(c.percent).arg(esc(c.title));
    h += QStringLiteral("</tr></thead>");
    for (const CustodyEntry &e : m_timeline) {
        // Date over time, so the column stays narrow and each line reads whole.
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(e.atMs);
        h += QStringLiteral("<tr><td>%1<br/>%2</td><td>%3<br/><span class=\"id\">%4</span></td><td>%5</td>"
                            "<td>%6</td><td>%7</td><td>%8</td></tr>")
                 .arg(at.toString(QStringLiteral("yyyy-MM-dd")), at.toString(QStringLiteral("HH:mm:ss")),
                      esc(CustodyKinds::label(e.kind)), esc(e.eventId), esc(user(e.actor)), esc(e.station),
                      esc(e.location), esc(CustodyTimelineModel::describe(e)));
    }
    h += QStringLiteral("</table>");
    h += QStringLiteral("<p class=\"id\">%1</p>")
             .arg(esc(tr("Each step is an entry of the station journal, which is append-only and "
                         "hash-chained; the small identifier under each step names its journal entry. "
                         "\"benchside-cli verify\" checks that no entry was altered or removed.")));
    h += QStringLiteral("</body></html>");
    return h;
}

Result<int> CustodyReport::writePdf(const QString &path) const
{
    using R = Result<int>;
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return R::failure(tr("Cannot write the report to %1: %2").arg(path, file.errorString()));

    QPdfWriter writer(&file);
    writer.setResolution(Dpi);
    writer.setTitle(tr("Chain of custody — %1").arg(m_specimen.accession));
    writer.setCreator(QStringLiteral("Benchside"));
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(MarginMm, MarginMm, MarginMm, MarginMm),
                                     QPageLayout::Millimeter));

    QPainter painter;
    if (!painter.begin(&writer))
        return R::failure(tr("Cannot write the report to %1.").arg(path));

    const QRect paper = writer.pageLayout().paintRectPixels(Dpi);
    QFont small(QStringLiteral("DejaVu Sans"));
    small.setPointSizeF(7.5);
    const QFontMetrics fm(small, &writer);
    const int band = fm.height() * 2;
    const QRectF body(0, band, paper.width(), paper.height() - 2 * band);

    QTextDocument doc;
    doc.documentLayout()->setPaintDevice(&writer);
    QFont base(QStringLiteral("DejaVu Sans"));
    base.setPointSizeF(9);
    doc.setDefaultFont(base);
    doc.setDocumentMargin(0);
    doc.setHtml(html());
    doc.setPageSize(body.size());
    const int pages = doc.pageCount();

    for (int page = 0; page < pages; ++page) {
        if (page > 0)
            writer.newPage();
        painter.setFont(small);
        painter.setPen(QColor(0x44, 0x44, 0x44));
        const QRectF header(0, 0, paper.width(), fm.height());
        painter.drawText(header, Qt::AlignLeft | Qt::AlignVCenter,
                         tr("Benchside · chain-of-custody report · %1").arg(m_specimen.accession));
        painter.drawText(header, Qt::AlignRight | Qt::AlignVCenter,
                         tr("Station %1 · site %2").arg(m_station.id, m_station.site));
        painter.drawLine(QPointF(0, fm.height() * 1.3), QPointF(paper.width(), fm.height() * 1.3));
        const QRectF footer(0, paper.height() - fm.height(), paper.width(), fm.height());
        painter.drawLine(QPointF(0, footer.top() - fm.height() * 0.3),
                         QPointF(paper.width(), footer.top() - fm.height() * 0.3));
        painter.drawText(footer, Qt::AlignLeft | Qt::AlignVCenter, producedLine());
        painter.drawText(footer, Qt::AlignRight | Qt::AlignVCenter,
                         tr("Page %1 of %2").arg(page + 1).arg(pages));

        // The document is laid out as one tall strip of pages; show this page's slice of it.
        painter.save();
        painter.translate(body.left(), body.top() - page * body.height());
        QAbstractTextDocumentLayout::PaintContext context;
        context.clip = QRectF(0, page * body.height(), body.width(), body.height());
        painter.setClipRect(context.clip);
        doc.documentLayout()->draw(&painter, context);
        painter.restore();
    }
    if (!painter.end())
        return R::failure(tr("Cannot finish the report %1.").arg(path));
    file.close();
    if (file.error() != QFileDevice::NoError)
        return R::failure(tr("Cannot write the report to %1: %2").arg(path, file.errorString()));
    return pages;
}

} // namespace benchside
