// SPDX-License-Identifier: GPL-3.0-or-later
#include "camera/camerapage.h"

#include "camera/camerafeed.h"
#include "camera/cameraview.h"
#include "receiving/scanfeedbackpanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace benchside {

CameraPage::CameraPage(CameraFeed &feed, QWidget *parent) : QWidget(parent), m_feed(feed)
{
    setObjectName(QStringLiteral("cameraPage"));
    auto *heading = new QLabel(tr("<b>Camera</b> — hold each tube's label under the camera: it is received "
                                  "as if scanned, once."),
                               this);
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.3);
    heading->setFont(headingFont);

    m_source = new QLabel(this);
    m_source->setObjectName(QStringLiteral("cameraSource"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("cameraMessage"));
    m_message->setWordWrap(true);
    m_message->setStyleSheet(QStringLiteral("QLabel { color: #c62828; font-weight: bold; }"));
    m_stats = new QLabel(this);
    m_stats->setObjectName(QStringLiteral("cameraStats"));
    m_stats->setToolTip(tr("Frames arrive faster than they can be decoded: the decoder always takes the "
                           "newest and skips the rest, so it never falls behind the picture."));

    m_view = new CameraView(m_feed, this);
    m_view->setObjectName(QStringLiteral("cameraView"));
    m_view->setSaysProblem(false); // m_message says it, above the view
    m_startStop = new QPushButton(this);
    m_startStop->setObjectName(QStringLiteral("cameraStartButton"));
    connect(m_startStop, &QPushButton::clicked, this, [this] {
        if (m_feed.isRunning())
            emit stopRequested();
        else
            emit startRequested();
    });
    m_captureRack = new QPushButton(tr("Capture &rack"), this);
    m_captureRack->setObjectName(QStringLiteral("captureRackButton"));
    m_captureRack->setToolTip(tr("Take a picture of the rack under the camera at full resolution and read "
                                 "it on the Rack page."));
    connect(m_captureRack, &QPushButton::clicked, this, &CameraPage::captureRackRequested);

    m_panel = new ScanFeedbackPanel(this);
    m_panel->setObjectName(QStringLiteral("cameraFeedbackPanel"));
    connect(m_panel, &ScanFeedbackPanel::accessionRequested, this, &CameraPage::accessionRequested);
    connect(m_panel, &ScanFeedbackPanel::specimenRequested, this, &CameraPage::specimenRequested);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_startStop);
    buttons->addWidget(m_captureRack);
    buttons->addSpacing(16);
    buttons->addWidget(m_source);
    buttons->addStretch(1);
    buttons->addWidget(m_stats);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addWidget(heading);
    layout->addLayout(buttons);
    layout->addWidget(m_message);
    layout->addWidget(m_view, 3);
    layout->addWidget(m_panel, 2);

    connect(&m_feed, &CameraFeed::stateChanged, this, &CameraPage::updateState);
    m_statsTimer.setInterval(1000);
    connect(&m_statsTimer, &QTimer::timeout, this, &CameraPage::updateStats);
    updateState();
}

void CameraPage::showOutcome(const ScanOutcome &outcome, const QString &specimenTypeName)
{
    m_panel->showOutcome(outcome, specimenTypeName);
}

void CameraPage::updateState()
{
    const bool running = m_feed.isRunning();
    m_startStop->setText(running ? tr("&Stop") : tr("&Start"));
    m_captureRack->setEnabled(running);
    m_source->setText(running ? tr("Reading from %1").arg(m_feed.sourceName()) : QString());
    m_message->setText(m_feed.problem());
    m_message->setVisible(!m_feed.problem().isEmpty());
    if (running) {
        m_statsTimer.start();
    } else {
        m_statsTimer.stop();
    }
    updateStats();
}

void CameraPage::updateStats()
{
    const FramePipeline::Stats s = m_feed.pipeline().stats();
    if (s.offered == 0) {
        m_stats->clear();
        return;
    }
    m_stats->setText(tr("%1 ms a frame · %2 frames, %3 skipped while decoding")
                         .arg(s.decoded ? s.totalDecodeUs / s.decoded / 1000 : 0)
                         .arg(s.offered)
                         .arg(s.dropped));
}

} // namespace benchside
