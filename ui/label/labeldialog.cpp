// SPDX-License-Identifier: GPL-3.0-or-later
#include "label/labeldialog.h"

#include "lab/lab.h"
#include "label/labelprinterclient.h"
#include "label/labelrenderer.h"
#include "label/zplwriter.h"
#include "settings/settings.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QStandardPaths>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace benchside {

namespace {
// The preview is drawn at the printer's resolution and shown about this many screen pixels per
// millimetre, large enough to read the small print.
constexpr double PreviewPixelsPerMm = 9;
} // namespace

LabelDialog::LabelDialog(Lab &lab, const QStringList &accessions, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(accessions.size() == 1 ? tr("Tube label %1").arg(accessions.first())
                                          : tr("Tube labels (%n)", nullptr, int(accessions.size())));
    const Settings settings;
    m_format = LabelFormat::fromSettings(settings);
    m_printerAddress = settings.value(Settings::Key::LabelPrinterAddress).toString();

    auto *layout = new QVBoxLayout(this);
    m_choice = new QComboBox(this);
    m_choice->setObjectName(QStringLiteral("labelChoice"));
    layout->addWidget(m_choice);
    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("labelPreview"));
    m_preview->setAlignment(Qt::AlignCenter);
    m_preview->setFrameShape(QFrame::StyledPanel);
    layout->addWidget(m_preview, 1);
    m_size = new QLabel(this);
    m_size->setObjectName(QStringLiteral("labelSize"));
    layout->addWidget(m_size);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("labelMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    layout->addWidget(m_message);

    const QHash<QString, QString> types = Catalog::namesByCode(lab.catalog().specimenTypes());
    QStringList problems;
    for (const QString &accession : accessions) {
        Result<std::optional<Specimen>> found = lab.specimens().find(accession, false);
        if (!found)
            problems << found.error();
        else if (!found.value())
            problems << tr("No specimen %1 is known at this station.").arg(accession);
        else
            m_labels << TubeLabel::fromSpecimen(*found.value(), types.value(found.value()->specimenType));
    }
    for (const TubeLabel &l : m_labels)
        m_choice->addItem(l.accession);
    m_choice->setVisible(m_labels.size() > 1);
    connect(m_choice, &QComboBox::currentIndexChanged, this, &LabelDialog::updatePreview);

    const int n = int(m_labels.size());
    auto *buttons = new QHBoxLayout;
    const auto button = [&](const char *name, const QString &text) {
        auto *b = new QPushButton(text, this);
        b->setObjectName(QLatin1String(name));
        b->setEnabled(n > 0);
        buttons->addWidget(b);
        return b;
    };
    m_print = button("printButton", n > 1 ? tr("&Print %n labels…", nullptr, n) : tr("&Print…"));
    m_pdf = button("pdfButton", tr("Save as P&DF…"));
    m_png = button("pngButton", tr("Save as P&NG…"));
    m_png->setToolTip(tr("Saves the label on show."));
    m_zpl = button("zplButton", tr("Save as &ZPL…"));
    m_send = button("sendButton", tr("&Send to label printer"));
    buttons->addStretch(1);
    layout->addLayout(buttons);
    auto *close = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(close, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(close);

    connect(m_print, &QPushButton::clicked, this, &LabelDialog::print);
    connect(m_pdf, &QPushButton::clicked, this, [this] {
        askPath(tr("Save labels as PDF"), QStringLiteral(".pdf"), tr("PDF documents (*.pdf)"),
                &LabelDialog::savePdf);
    });
    connect(m_png, &QPushButton::clicked, this, [this] {
        askPath(tr("Save label as PNG"), QStringLiteral(".png"), tr("PNG images (*.png)"),
                &LabelDialog::savePng);
    });
    connect(m_zpl, &QPushButton::clicked, this, [this] {
        askPath(tr("Save labels as ZPL"), QStringLiteral(".zpl"), tr("ZPL label files (*.zpl)"),
                &LabelDialog::saveZpl);
    });
    connect(m_send, &QPushButton::clicked, this, &LabelDialog::sendToPrinter);
    connect(&m_sending, &QFutureWatcher<Status>::finished, this, &LabelDialog::onSent);

    setPrinterAddress(m_printerAddress);
    updatePreview();
    if (!problems.isEmpty())
        showOutcome(false, problems.join(QLatin1Char('\n')));
}

void LabelDialog::setFormat(const LabelFormat &format)
{
    m_format = format;
    updatePreview();
}

void LabelDialog::setPrinterAddress(const QString &address)
{
    m_printerAddress = address.trimmed();
    m_send->setEnabled(!m_labels.isEmpty() && !m_printerAddress.isEmpty());
    m_send->setToolTip(m_printerAddress.isEmpty()
                           ? tr("Set the label printer's address (host:port) in the settings first.")
                           : tr("Sends ZPL to %1.").arg(m_printerAddress));
}

QString LabelDialog::shownAccession() const
{
    const int i = m_choice->currentIndex();
    return i >= 0 && i < m_labels.size() ? m_labels.at(i).accession : QString();
}

void LabelDialog::updatePreview()
{
    m_size->setText(
        tr("%1 × %2 mm label, %3 dpi").arg(m_format.widthMm).arg(m_format.heightMm).arg(m_format.dpi));
    const int i = m_choice->currentIndex();
    if (i < 0 || i >= m_labels.size()) {
        m_preview->setText(tr("No label to show."));
        return;
    }
    Result<QImage> image = LabelRenderer::toImage(m_labels.at(i), m_format);
    if (!image) {
        m_preview->setText(image.error());
        return;
    }
    const int width = qRound(m_format.widthMm * PreviewPixelsPerMm);
    m_preview->setPixmap(QPixmap::fromImage(image->scaledToWidth(width, Qt::SmoothTransformation)));
}

void LabelDialog::showOutcome(bool ok, const QString &text)
{
    m_message->setStyleSheet(ok ? QStringLiteral("QLabel { color: #0d3d1a; }")
                                : QStringLiteral("QLabel { color: #7a0000; font-weight: bold; }"));
    m_message->setText(text);
    m_message->show();
}

void LabelDialog::askPath(const QString &title, const QString &suffix, const QString &filter,
                          bool (LabelDialog::*save)(const QString &))
{
    QString dir = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    if (dir.isEmpty())
        dir = QDir::homePath();
    const QString suggested =
        QDir(dir).filePath(tr("label-%1", "file name of a tube label").arg(shownAccession()) + suffix);
    QString path = QFileDialog::getSaveFileName(this, title, suggested, filter);
    if (path.isEmpty())
        return;
    if (!path.endsWith(suffix, Qt::CaseInsensitive))
        path += suffix;
    (this->*save)(path);
}

bool LabelDialog::savePdf(const QString &path)
{
    const Status s = LabelRenderer::writePdf(m_labels, m_format, path);
    showOutcome(
        s.ok(),
        s ? tr("Saved %n label(s) to %1.", nullptr, int(m_labels.size())).arg(QDir::toNativeSeparators(path))
          : s.error());
    return s.ok();
}

bool LabelDialog::savePng(const QString &path)
{
    const int i = m_choice->currentIndex();
    if (i < 0 || i >= m_labels.size())
        return false;
    const Status s = LabelRenderer::writePng(m_labels.at(i), m_format, path);
    showOutcome(s.ok(),
                s ? tr("Saved label %1 to %2.").arg(m_labels.at(i).accession, QDir::toNativeSeparators(path))
                  : s.error());
    return s.ok();
}

bool LabelDialog::saveZpl(const QString &path)
{
    Result<QByteArray> zpl = ZplWriter::write(m_labels, m_format);
    if (!zpl) {
        showOutcome(false, zpl.error());
        return false;
    }
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(zpl.value()) != zpl->size() ||
        !file.flush()) {
        showOutcome(false, tr("Cannot write the labels to %1: %2").arg(path, file.errorString()));
        return false;
    }
    showOutcome(
        true,
        tr("Saved %n label(s) to %1.", nullptr, int(m_labels.size())).arg(QDir::toNativeSeparators(path)));
    return true;
}

bool LabelDialog::sendToPrinter()
{
    Result<LabelPrinterClient::Address> address = LabelPrinterClient::parseAddress(m_printerAddress);
    if (!address) {
        showOutcome(false, address.error());
        return false;
    }
    Result<QByteArray> zpl = ZplWriter::write(m_labels, m_format);
    if (!zpl) {
        showOutcome(false, zpl.error());
        return false;
    }
    if (m_sending.isRunning())
        return false;
    m_sendingTo = address->text();
    m_send->setEnabled(false);
    showOutcome(true, tr("Sending to the label printer at %1…").arg(m_sendingTo));
    const LabelPrinterClient client(address.value());
    m_sending.setFuture(QtConcurrent::run([client, data = zpl.value()] { return client.send(data); }));
    return true;
}

void LabelDialog::onSent()
{
    const Status s = m_sending.result();
    m_send->setEnabled(!m_labels.isEmpty() && !m_printerAddress.isEmpty());
    showOutcome(
        s.ok(),
        s ? tr("Sent %n label(s) to the label printer at %1.", nullptr, int(m_labels.size())).arg(m_sendingTo)
          : s.error());
    emit sendFinished(s.ok());
}

void LabelDialog::print()
{
    QPrinter printer(QPrinter::HighResolution);
    printer.setFullPage(true);
    printer.setDocName(windowTitle());
    printer.setPageLayout(
        QPageLayout(QPageSize(QSizeF(std::min(m_format.widthMm, m_format.heightMm),
                                     std::max(m_format.widthMm, m_format.heightMm)),
                              QPageSize::Millimeter, QString(), QPageSize::ExactMatch),
                    m_format.widthMm > m_format.heightMm ? QPageLayout::Landscape : QPageLayout::Portrait,
                    QMarginsF(), QPageLayout::Millimeter));
    QPrintDialog dialog(&printer, this);
    dialog.setWindowTitle(tr("Print tube labels"));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const Status s = LabelRenderer::print(m_labels, m_format, printer);
    showOutcome(s.ok(),
                s ? tr("Sent %n label(s) to %1.", nullptr, int(m_labels.size())).arg(printer.printerName())
                  : s.error());
}

} // namespace benchside
