// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/analyzerdefinition.h"
#include "astm/astmconnection.h"
#include "core/result.h"

#include <QAbstractTableModel>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <functional>

namespace benchside {

class AnalyzerRegistry;

// The station's analyzers for the Instruments page, one row each: where its line is, how the line is
// (as the running lines last said) and what came in today. The analyzers are read from the registry
// (reload()); states and counts come from the AnalyzerHost's signals, which the page passes on. The
// counts are this window's: they start at zero when it opens and again at midnight.
class AnalyzerLineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // The detail (an error's reason, a long device path) last, where the table has room for it.
    enum Column { Name, State, Where, LastMessage, Entered, Unmatched, Held, Detail, ColumnCount };

    struct Row
    {
        QString name;
        QString endpoint; // AstmEndpoint::describe()
        QString profile;
        bool active = true;
        bool defined = true; // false: reported by a line but no longer in the registry
        AstmConnection::State state = AstmConnection::State::Stopped;
        QString detail;
        QDateTime lastMessage;
        QDate day; // of the counts below
        int messages = 0;
        int entered = 0;
        int unmatched = 0;
        int held = 0;
    };
    struct Totals
    {
        int messages = 0;
        int entered = 0;
        int unmatched = 0;
        int held = 0;
    };

    explicit AnalyzerLineModel(const AnalyzerRegistry &registry, QObject *parent = nullptr);

    // Reads the analyzers again; states and counts stay with their names. Fails (keeping the rows
    // shown) on a database error.
    Status reload();
    // What a line reported (AnalyzerHost::lineChanged).
    void setLine(const QString &name, AstmConnection::State state, const QString &detail);
    // A message taken in from the analyzer (AnalyzerHost::taken).
    void addTaken(const QString &name, int matched, int unmatched, int held);
    // Every line as stopped: the lines were stopped, or never ran in this window.
    void stopAll();

    const Row &row(int r) const { return m_rows.at(r); }
    int rowOf(const QString &name) const;
    // Today's counts over every analyzer.
    Totals today() const;

    // The state in the user's language: "connected", "listening", …
    static QString stateLabel(AstmConnection::State state);
    // The colour the state is shown in (here and in the status bar), as #rrggbb.
    static QString stateColour(AstmConnection::State state);

    // For tests: "now", so that the counts' day can be moved on.
    void setClock(std::function<QDateTime()> clock) { m_clock = std::move(clock); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    // The row's counts as of today: yesterday's are zero.
    Row current(const Row &row) const;
    int ensureRow(const QString &name);
    void changed(int row);

    const AnalyzerRegistry &m_registry;
    QList<Row> m_rows;
    std::function<QDateTime()> m_clock;
};

} // namespace benchside
