// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "qc/qclockout.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;
class QTableWidget;

namespace benchside {

// A test's QC lockout on a bench, as a technician must act on it: why results are held, the
// corrective action, the look-back list of patient results released since the last accepted run
// with the review of each, and a supervisor's override. Actions are requests; the page records them.
class QcLockoutPanel : public QWidget
{
    Q_OBJECT

public:
    explicit QcLockoutPanel(QWidget *parent = nullptr);

    // nullopt or a resolved episode: nothing held.
    void setEpisode(const std::optional<QcLockoutEpisode> &episode, const QList<QcLookbackEntry> &lookback);
    QTableWidget *lookbackTable() const { return m_lookback; }
    QString selectedOrderId() const;
    // What the signed-in user may do here; a refusal disables the button and is its tooltip.
    void setPermissions(const Status &mayOverride, const Status &mayDocument);

signals:
    void correctiveActionRequested();
    void overrideRequested();
    void reviewRequested(const QString &orderId);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    // The state's wrapped lines all shown: the splitter above does not ask the label's height for its
    // width, and the look-back line was cut off at the bottom (audit finding 4).
    void fitState();

    QLabel *m_state;
    QPushButton *m_corrective;
    QPushButton *m_override;
    QPushButton *m_review;
    QTableWidget *m_lookback;
    QList<QcLookbackEntry> m_entries;
    std::optional<QcLockoutEpisode> m_episode;
    Status m_mayOverride;
    Status m_mayDocument;
};

} // namespace benchside
