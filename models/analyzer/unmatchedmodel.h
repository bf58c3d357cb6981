// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "analyzer/unmatchedreadings.h"
#include "core/keyedrowsmodel.h"
#include "core/result.h"

namespace benchside {

// The open unmatched analyzer readings for the Instruments page, newest first: what each analyzer
// sent, for which sample, and why it was not entered. reload() keeps a view's selection while
// readings come in or are matched by someone else.
class UnmatchedModel : public KeyedRowsModel<UnmatchedReading>
{
    Q_OBJECT

public:
    enum Column { Received, Analyzer, SampleId, Code, Test, Value, Flags, Reason, ColumnCount };
    static constexpr int Limit = 500;

    explicit UnmatchedModel(const UnmatchedReadings &readings, QObject *parent = nullptr);

    // Fails (keeping the rows shown) on a database error.
    Status reload();

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

protected:
    QString keyOf(const UnmatchedReading &row) const override { return row.id; }
    bool same(const UnmatchedReading &a, const UnmatchedReading &b) const override;

private:
    const UnmatchedReadings &m_readings;
};

} // namespace benchside
