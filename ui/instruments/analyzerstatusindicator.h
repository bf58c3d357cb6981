// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmconnection.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

class QHBoxLayout;
class QLabel;

namespace benchside {

class AnalyzerHost;

// The status bar's view of the analyzer lines: each running analyzer with a dot in its state's
// colour and the state ("c311: connected"), the reason in its tooltip. Nothing shows while no line
// runs in this window.
class AnalyzerStatusIndicator : public QWidget
{
    Q_OBJECT

public:
    explicit AnalyzerStatusIndicator(QWidget *parent = nullptr);

    void setHost(AnalyzerHost *host);

    // The label of one analyzer, or none while its line does not run.
    QLabel *label(const QString &name) const { return m_labels.value(name); }

private:
    void rebuild();
    void showLine(const QString &name, AstmConnection::State state, const QString &detail);

    QPointer<AnalyzerHost> m_host;
    QHBoxLayout *m_layout;
    QHash<QString, QLabel *> m_labels;
};

} // namespace benchside
