// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTimer>
#include <QWidget>
#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace benchside {

class AnalyzerHost;
class AnalyzerLineModel;
class AnalyzerRegistry;
class Lab;
class UnmatchedModel;
class UnmatchedReadings;

// The analyzers at a glance: each one's line and its state (connected, listening, connecting, or the
// error and its reason), the lines started by anyone at the bench and stopped by administrators, how
// many results came in today, and the readings that could not be entered, which technicians match to
// a tube (the accession typed or scanned) or discard with a reason. Read from the window's own Lab;
// what the AnalyzerHost reports, and a short timer, keep it current.
class InstrumentsPage : public QWidget
{
    Q_OBJECT

public:
    explicit InstrumentsPage(Lab &lab, QWidget *parent = nullptr);
    ~InstrumentsPage() override;

    void setActor(const QString &actor);
    // The analyzer lines this window runs; none: the page shows that they do not run here.
    void setHost(AnalyzerHost *host);
    // Reads the analyzers and the unmatched list again.
    void refresh();
    // Adds or changes an analyzer (administrators): Station ▸ Analyzers… and the page's button.
    void editAnalyzers();

    static constexpr int RefreshMs = 2'000;

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void showHostState();
    void showTakenToday();
    void showUnknownQueries();
    void startLines();
    void stopLines();
    void updateActions();
    void matchSelected();
    void discardSelected();
    // A refusal or a failure; a line's trouble worth knowing; what was done.
    enum class Tone { Error, Warning, Done };
    void showMessage(const QString &text, Tone tone);
    void refreshSoon();

    Lab &m_lab;
    QString m_actor;
    AnalyzerHost *m_host = nullptr;
    std::unique_ptr<AnalyzerRegistry> m_registry;
    std::unique_ptr<UnmatchedReadings> m_readings;
    AnalyzerLineModel *m_lineModel;
    UnmatchedModel *m_unmatchedModel;
    QLabel *m_hostState;
    QPushButton *m_start;
    QPushButton *m_stop;
    QPushButton *m_analyzers;
    QLabel *m_message;
    QTableView *m_lines;
    QLabel *m_today;
    QLabel *m_unmatchedTitle;
    QTableView *m_unmatched;
    QLabel *m_unknownQueries;
    QPushButton *m_match;
    QPushButton *m_discard;
    QTimer m_timer; // while the page is on screen
    QTimer m_soon;  // one refresh for a burst of the host's signals
};

} // namespace benchside
