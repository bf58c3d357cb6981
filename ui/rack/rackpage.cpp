// SPDX-License-Identifier: GPL-3.0-or-later
#include "rack/rackpage.h"

#include "accession/accessionnumber.h"
#include "demo/demorack.h"
#include "lab/lab.h"
#include "rack/rackdecoder.h"
#include "rack/rackgridwidget.h"
#include "rack/rackimageview.h"
#include "rack/rackwellstyle.h"
#include "rack/rackwelltable.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace benchside {

namespace {
QSpinBox *spinBox(QWidget *parent, const char *name, int value, int max)
{
    auto *box = new QSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(1, max);
    box->setValue(value);
    return box;
}

QString legendHtml()
{
    QStringList entries;
    const auto entry = [&entries](const RackWellStyle &style) {
        entries << QStringLiteral("<span style=\"background:%1; color:%2;\">&nbsp;%3&nbsp;</span>&nbsp;%4")
                       .arg(style.background.name(), style.foreground.name(), style.symbol.toHtmlEscaped(),
                            style.label.toHtmlEscaped());
    };
    for (RackCell::Kind kind : {RackCell::Kind::Known, RackCell::Kind::Unknown, RackCell::Kind::Empty,
                                RackCell::Kind::Unreadable, RackCell::Kind::Duplicate})
        entry(RackWellStyle::of(kind));
    entry(RackWellStyle::recorded(QStringLiteral("received")));
    entry(RackWellStyle::recorded(QStringLiteral("stored")));
    return entries.join(QStringLiteral("&nbsp;&nbsp;&nbsp;"));
}
} // namespace

RackPage::RackPage(Lab &lab, QWidget *parent) : QWidget(parent), m_lab(lab)
{
    setObjectName(QStringLiteral("rackPage"));
    m_pool.setMaxThreadCount(1);

    auto *heading = new QLabel(tr("<b>Rack</b> — drop, paste or open an image of the tube bottoms."), this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    heading->setFont(headingFont);

    auto *open = new QPushButton(tr("Open rack image…"), this);
    open->setObjectName(QStringLiteral("rackOpenButton"));
    connect(open, &QPushButton::clicked, this, &RackPage::openImageRequested);
    // Without a rack scanner a new user could not try this page: the demo draws its own rack.
    auto *demo = new QPushButton(tr("Demo rack"), this);
    demo->setObjectName(QStringLiteral("rackDemoButton"));
    demo->setToolTip(tr("A rack image of demo tubes waiting for receipt, drawn by Benchside."));
    demo->setVisible(m_lab.station().isDemo);
    connect(demo, &QPushButton::clicked, this, &RackPage::loadDemoRack);
    auto *capture = new QPushButton(tr("Capture from camera"), this);
    capture->setObjectName(QStringLiteral("rackCaptureButton"));
    capture->setToolTip(
        tr("Read the rack under the station's camera, from a picture at its full resolution."));
    connect(capture, &QPushButton::clicked, this, &RackPage::captureRequested);
    const RackLayout standard;
    m_rows = spinBox(this, "rackRows", standard.rows, RackLayout::MaxRows);
    m_cols = spinBox(this, "rackColumns", standard.cols, RackLayout::MaxCols);
    auto *rowsLabel = new QLabel(tr("&Rows:"), this);
    rowsLabel->setBuddy(m_rows);
    auto *colsLabel = new QLabel(tr("C&olumns:"), this);
    colsLabel->setBuddy(m_cols);
    for (QSpinBox *box : {m_rows, m_cols})
        connect(box, &QSpinBox::valueChanged, this, [this] {
            // The wells are only known for the shape the image was read with.
            if (!m_image.isNull())
                decode();
            else
                m_grid->setRackLayout({m_rows->value(), m_cols->value()});
        });
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("rackStatus"));

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("rackMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont messageFont = m_message->font();
    messageFont.setPointSizeF(messageFont.pointSizeF() * 1.15);
    messageFont.setBold(true);
    m_message->setFont(messageFont);
    m_message->hide();

    m_imageView = new RackImageView(this);
    m_grid = new RackGridWidget(this);
    m_grid->setRackLayout(standard);
    auto *legend = new QLabel(legendHtml(), this);
    legend->setObjectName(QStringLiteral("rackLegend"));
    legend->setWordWrap(true);
    m_counts = new QLabel(this);
    m_counts->setObjectName(QStringLiteral("rackCounts"));
    QFont countsFont = m_counts->font();
    countsFont.setPointSizeF(countsFont.pointSizeF() * 1.2);
    countsFont.setBold(true);
    m_counts->setFont(countsFont);
    m_details = new QLabel(tr("Click a well to see its tube."), this);
    m_details->setObjectName(QStringLiteral("rackWellDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_details->setMinimumHeight(m_details->fontMetrics().height() * 3);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_table = new RackWellTable(this);

    m_receive = new QPushButton(tr("Receive all known tubes"), this);
    m_receive->setObjectName(QStringLiteral("rackReceiveButton"));
    m_store = new QPushButton(tr("Store rack at…"), this);
    m_store->setObjectName(QStringLiteral("rackStoreButton"));
    m_location = new QLineEdit(this);
    m_location->setObjectName(QStringLiteral("rackLocation"));
    m_location->setPlaceholderText(tr("e.g. Freezer 2 / Rack 5"));
    m_location->setClearButtonEnabled(true);
    for (QPushButton *b : {m_receive, m_store}) {
        QFont f = b->font();
        f.setPointSizeF(f.pointSizeF() * 1.2);
        b->setFont(f);
        b->setMinimumHeight(b->sizeHint().height() + 8);
    }
    m_location->setMinimumHeight(m_store->minimumHeight());
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 8);
    connect(m_receive, &QPushButton::clicked, this, &RackPage::receiveAll);
    connect(m_store, &QPushButton::clicked, this, &RackPage::storeAtLocation);
    connect(m_location, &QLineEdit::returnPressed, this, &RackPage::storeAtLocation);

    connect(m_grid, &RackGridWidget::wellSelected, this, &RackPage::showWell);
    connect(m_imageView, &RackImageView::wellSelected, m_grid, &RackGridWidget::select);
    connect(m_table, &RackWellTable::wellSelected, m_grid, &RackGridWidget::select);
    connect(m_grid, &RackGridWidget::wellActivated, this, [this](int index) {
        const RackCell &cell = m_grid->cells().at(index);
        if (cell.specimen)
            emit specimenRequested(cell.specimen->accession);
    });
    connect(&m_watcher, &QFutureWatcher<Decoding>::finished, this, &RackPage::onDecoded);

    auto *toolbar = new QHBoxLayout;
    toolbar->addWidget(open);
    toolbar->addWidget(demo);
    toolbar->addWidget(capture);
    toolbar->addSpacing(16);
    toolbar->addWidget(rowsLabel);
    toolbar->addWidget(m_rows);
    toolbar->addWidget(colsLabel);
    toolbar->addWidget(m_cols);
    toolbar->addSpacing(16);
    toolbar->addWidget(m_status, 1);

    auto *gridColumn = new QWidget(this);
    auto *gridLayout = new QVBoxLayout(gridColumn);
    gridLayout->setContentsMargins(0, 0, 0, 0);
    gridLayout->addWidget(m_grid, 1);
    gridLayout->addWidget(legend);
    gridLayout->addWidget(m_counts);
    gridLayout->addWidget(m_details);

    auto *views = new QSplitter(Qt::Horizontal, this);
    views->addWidget(m_imageView);
    views->addWidget(gridColumn);
    views->setStretchFactor(0, 1);
    views->setStretchFactor(1, 1);
    auto *body = new QSplitter(Qt::Vertical, this);
    body->addWidget(views);
    body->addWidget(m_table);
    body->setStretchFactor(0, 3);
    body->setStretchFactor(1, 1);

    auto *actions = new QHBoxLayout;
    actions->addWidget(m_receive);
    actions->addSpacing(24);
    actions->addWidget(m_store);
    actions->addWidget(m_location, 1);
    actions->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(8);
    layout->addWidget(heading);
    layout->addLayout(toolbar);
    layout->addWidget(m_message);
    layout->addWidget(body, 1);
    layout->addLayout(actions);

    setFocusProxy(m_grid);
    updateButtons();
}

void RackPage::setActor(const QString &actor)
{
    if (actor != m_actor)
        m_message->hide();
    m_actor = actor;
}

void RackPage::loadImage(const QImage &image, const QString &source)
{
    m_image = image;
    m_source = source;
    m_imageView->setImage(image);
    decode();
}

void RackPage::loadDemoRack()
{
    const Result<QImage> picture =
        DemoRack::picture(m_lab.database().connection(), {m_rows->value(), m_cols->value()});
    if (!picture) {
        showProblem(picture.error());
        return;
    }
    loadImage(picture.value(), tr("demo rack"));
}

void RackPage::showProblem(const QString &message)
{
    // A rack still on show after a failed load would be taken for the one just dropped.
    m_image = QImage();
    m_reading.reset();
    m_imageView->setImage(QImage());
    m_grid->setRackLayout({m_rows->value(), m_cols->value()});
    m_table->setCells({});
    m_counts->clear();
    m_details->clear();
    m_status->clear();
    updateButtons();
    warn(message);
}

void RackPage::warn(const QString &message)
{
    QApplication::beep();
    showMessage(message, true);
}

void RackPage::decode()
{
    const RackLayout layout{m_rows->value(), m_cols->value()};
    m_reading.reset();
    m_grid->setRackLayout(layout);
    m_imageView->setCells({}, {});
    m_table->setCells({});
    m_counts->clear();
    m_details->clear();
    m_message->hide();
    m_status->setText(tr("Reading %1 as a %2 rack…").arg(m_source, layout.toString()));
    // Only the newest image and shape matter: one still waiting is dropped, one already running is
    // left to finish unheard (setFuture disconnects it).
    m_watcher.future().cancel();
    m_watcher.setFuture(QtConcurrent::run(&m_pool, [image = m_image, layout] {
        QElapsedTimer clock;
        clock.start();
        Result<RackReading> read = RackDecoder().read(image, layout);
        Decoding d;
        if (read)
            d.reading = std::move(read).value();
        else
            d.error = read.error();
        d.ms = clock.elapsed();
        return d;
    }));
    updateButtons();
}

void RackPage::onDecoded()
{
    const Decoding d = m_watcher.result();
    if (!d.reading) {
        m_status->setText(tr("%1 could not be read as a rack.").arg(m_source));
        warn(d.error);
        updateButtons();
        emit decodeFinished(false);
        return;
    }
    Result<QList<RackCell>> cells = cellsFor(*d.reading);
    if (!cells) {
        m_status->setText(
            tr("%1 was read, but the station's specimens could not be looked up.").arg(m_source));
        warn(cells.error());
        updateButtons();
        emit decodeFinished(false);
        return;
    }
    m_reading = d.reading;
    m_status->setText(tr("%1 read in %2 ms.").arg(m_source).arg(d.ms));
    showCells(cells.value());
    QStringList untrusted;
    for (const WellReading &w : m_reading->wells)
        if (w.state == WellReading::State::Unreadable || w.state == WellReading::State::Duplicate)
            untrusted << w.well;
    if (!untrusted.isEmpty())
        showMessage(tr("Scan by hand — not read, or the same code in two wells: %1.")
                        .arg(untrusted.join(QStringLiteral(", "))),
                    true);
    updateButtons();
    emit decodeFinished(true);
}

Result<QList<RackCell>> RackPage::cellsFor(const RackReading &reading)
{
    QList<RackCell> cells;
    cells.reserve(reading.wells.size());
    for (const WellReading &w : reading.wells) {
        RackCell cell;
        cell.reading = w;
        switch (w.state) {
        case WellReading::State::Empty:
            cell.kind = RackCell::Kind::Empty;
            break;
        case WellReading::State::Unreadable:
            cell.kind = RackCell::Kind::Unreadable;
            break;
        case WellReading::State::Duplicate:
            cell.kind = RackCell::Kind::Duplicate;
            cell.problem = tr("Read in more than one well.");
            break;
        case WellReading::State::Decoded: {
            cell.kind = RackCell::Kind::Unknown;
            // A code that cannot be an accession number is never looked up: it names no specimen.
            const AccessionNumber::Problem problem = AccessionNumber::validate(w.text);
            if (problem != AccessionNumber::Problem::None) {
                cell.problem = AccessionNumber::problemText(problem, w.text);
                break;
            }
            Result<std::optional<Specimen>> found = m_lab.specimens().find(w.text);
            if (!found)
                return Result<QList<RackCell>>::failure(found.error());
            if (found.value()) {
                cell.kind = RackCell::Kind::Known;
                cell.specimen = found.value();
            } else {
                cell.problem = tr("Not known at this station.");
            }
            break;
        }
        }
        cells.append(cell);
    }
    return cells;
}

void RackPage::receiveAll()
{
    record(false);
}

void RackPage::storeAtLocation()
{
    record(true);
}

void RackPage::record(bool store)
{
    if (!m_reading)
        return;
    const QString location = m_location->text().trimmed();
    Result<RackService::Outcome> outcome = store ? m_lab.racks().store(*m_reading, location, m_actor)
                                                 : m_lab.racks().receive(*m_reading, m_actor);
    if (!outcome) {
        if (store && location.isEmpty())
            m_location->setFocus();
        warn(outcome.error());
        return;
    }
    // Look the tubes up again: their status and location have just changed.
    Result<QList<RackCell>> cells = cellsFor(*m_reading);
    if (!cells) {
        warn(tr("Recorded, but the rack could not be shown again: %1").arg(cells.error()));
        return;
    }
    for (const RackService::WellOutcome &o : outcome->wells) {
        for (RackCell &cell : cells.value()) {
            if (cell.reading.well != o.well)
                continue;
            cell.outcome = o.outcome;
            cell.outcomeMessage = o.message;
            cell.recorded = o.recorded;
        }
    }
    showCells(cells.value());
    // Empty wells are not a problem to report; a tube that was left out is, by name.
    QStringList leftOut;
    for (const RackService::WellOutcome &o : outcome->wells) {
        if (!o.recorded && o.state != WellReading::State::Empty)
            leftOut << QStringLiteral("%1 (%2)").arg(o.well, o.outcome);
    }
    // Counts after a colon read right for one tube as for many, with or without a translation.
    QString text = store ? tr("Tubes stored at %1: %2.").arg(location).arg(outcome->recorded)
                         : tr("Tubes received: %1.").arg(outcome->recorded);
    if (!leftOut.isEmpty())
        text += QLatin1Char(' ') +
                tr("Not recorded: %1 — the list says why.").arg(leftOut.join(QStringLiteral(", ")));
    showMessage(text, !leftOut.isEmpty());
    QApplication::beep();
}

void RackPage::showCells(const QList<RackCell> &cells)
{
    m_grid->setCells(cells);
    m_imageView->setCells(cells, m_reading->pitch);
    m_table->setCells(cells);
    int known = 0;
    int unknown = 0;
    for (const RackCell &c : cells) {
        known += c.kind == RackCell::Kind::Known;
        unknown += c.kind == RackCell::Kind::Unknown;
    }
    m_counts->setText(tr("%1 read · %2 empty · %3 unreadable · %4 duplicate  —  %5 known · %6 unknown")
                          .arg(m_reading->count(WellReading::State::Decoded))
                          .arg(m_reading->count(WellReading::State::Empty))
                          .arg(m_reading->count(WellReading::State::Unreadable))
                          .arg(m_reading->count(WellReading::State::Duplicate))
                          .arg(known)
                          .arg(unknown));
    if (m_grid->selected() >= 0)
        showWell(m_grid->selected());
}

void RackPage::showWell(int index)
{
    const RackCell &cell = m_grid->cells().at(index);
    m_imageView->setSelected(index);
    m_table->selectWell(index);
    const RackWellStyle style = RackWellStyle::of(cell.kind);
    QStringList lines;
    lines << tr("<b>%1</b> · %2 %3")
                 .arg(cell.reading.well, style.symbol.toHtmlEscaped(), style.label.toHtmlEscaped());
    if (!cell.reading.text.isEmpty())
        lines.last() += QStringLiteral(" · <b>%1</b>").arg(cell.reading.text.toHtmlEscaped());
    if (cell.specimen)
        lines << tr("%1 · status %2%3")
                     .arg(cell.specimen->summary().toHtmlEscaped(), cell.specimen->status.toHtmlEscaped(),
                          cell.specimen->location.isEmpty()
                              ? QString()
                              : tr(" · at %1").arg(cell.specimen->location.toHtmlEscaped()));
    else if (!cell.problem.isEmpty())
        lines << cell.problem.toHtmlEscaped();
    if (!cell.outcome.isEmpty())
        lines << QStringLiteral("%1 %2 — %3")
                     .arg(cell.recorded ? QStringLiteral("\u2714") : QStringLiteral("\u2716"),
                          RackWellStyle::outcomeWord(cell.outcome).toHtmlEscaped(),
                          cell.outcomeMessage.toHtmlEscaped());
    m_details->setText(lines.join(QStringLiteral("<br>")));
}

void RackPage::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setStyleSheet(
        problem ? QStringLiteral("QLabel { background: #ffebee; color: #b71c1c; border: 2px solid #b71c1c; "
                                 "border-radius: 6px; padding: 8px; }")
                : QStringLiteral("QLabel { background: #e3f2fd; color: #0d47a1; border: 2px solid #0d47a1; "
                                 "border-radius: 6px; padding: 8px; }"));
    m_message->show();
}

void RackPage::updateButtons()
{
    const bool ready = m_reading.has_value() && !isDecoding();
    m_receive->setEnabled(ready);
    m_store->setEnabled(ready);
}

} // namespace benchside
