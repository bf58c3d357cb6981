// SPDX-License-Identifier: GPL-3.0-or-later
#include "instruments/analyzerstatusindicator.h"

#include "analyzer/analyzerhost.h"
#include "analyzer/analyzerlinemodel.h"

#include <QHBoxLayout>
#include <QLabel>

namespace benchside {

AnalyzerStatusIndicator::AnalyzerStatusIndicator(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("analyzerStatus"));
    m_layout = new QHBoxLayout(this);
    m_layout->setContentsMargins(0, 0, fontMetrics().horizontalAdvance(QLatin1Char('M')), 0);
    m_layout->setSpacing(fontMetrics().horizontalAdvance(QLatin1Char('M')));
    hide();
}

void AnalyzerStatusIndicator::setHost(AnalyzerHost *host)
{
    if (m_host)
        m_host->disconnect(this);
    m_host = host;
    if (host) {
        connect(host, &AnalyzerHost::stateChanged, this, &AnalyzerStatusIndicator::rebuild);
        connect(host, &AnalyzerHost::lineChanged, this, &AnalyzerStatusIndicator::showLine);
    }
    rebuild();
}

// Lines come and go only when the host starts or stops: the labels are made again then.
void AnalyzerStatusIndicator::rebuild()
{
    qDeleteAll(m_labels);
    m_labels.clear();
    if (m_host) {
        for (const AnalyzerHost::Line &l : m_host->lines())
            showLine(l.name, l.state, l.detail);
    }
    setVisible(!m_labels.isEmpty());
}

void AnalyzerStatusIndicator::showLine(const QString &name, AstmConnection::State state,
                                       const QString &detail)
{
    // A line that stopped leaves the status bar: it shows what runs.
    if (state == AstmConnection::State::Stopped) {
        delete m_labels.take(name);
        setVisible(!m_labels.isEmpty());
        return;
    }
    QLabel *label = m_labels.value(name);
    if (!label) {
        label = new QLabel(this);
        label->setObjectName(QStringLiteral("analyzerStatus_") + name);
        label->setTextFormat(Qt::RichText);
        m_labels.insert(name, label);
        // In the order of the names, whatever order the lines reported in.
        int at = 0;
        for (int i = 0; i < m_layout->count(); ++i) {
            if (auto *other = qobject_cast<QLabel *>(m_layout->itemAt(i)->widget());
                other && m_labels.key(other) < name)
                at = i + 1;
        }
        m_layout->insertWidget(at, label);
    }
    label->setText(QStringLiteral("<span style=\"color:%1\">&#9679;</span> %2")
                       .arg(AnalyzerLineModel::stateColour(state),
                            tr("%1: %2").arg(name, AnalyzerLineModel::stateLabel(state)).toHtmlEscaped()));
    label->setToolTip(detail.isEmpty() ? QString() : tr("%1: %2").arg(name, detail));
    setVisible(true);
}

} // namespace benchside
