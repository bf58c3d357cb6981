// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "specimen/specimen.h"

#include <QAbstractTableModel>
#include <QHash>

namespace benchside {

class SpecimenRepository;

// A specimen's chain of custody, newest step first, as the specimen page and the custody report
// show it. Reloading after a new step inserts the new rows at the top instead of resetting, so a
// view keeps its scroll position and selection while the technician records step after step.
class CustodyTimelineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Step, Actor, Station, Location, Detail, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // time in ms for Time, the display text otherwise
        KindRole,                    // journal kind, e.g. "custody.stored"
        EventIdRole,
        AtMsRole,
    };

    explicit CustodyTimelineModel(SpecimenRepository &specimens, QObject *parent = nullptr);

    // Reads the timeline of `accession` (empty clears the model).
    Status load(const QString &accession);
    Status reload() { return load(m_accession); }
    void clear();

    // User ids shown as display names ("p.nair" → "Priya Nair"); the id stays in the tooltip.
    void setUserNames(const QHash<QString, QString> &names);

    const QString &accession() const { return m_accession; }
    const QList<CustodyEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The text of the reason/detail column: rejection codes read as their labels.
    static QString describe(const CustodyEntry &entry);
    static QString timeText(qint64 ms);
    // The row of the step that put the specimen where it is now: the newest one, unless that is
    // a correction that changed neither status nor location. -1 for an empty timeline.
    static int currentStepRow(const QList<CustodyEntry> &entries);

private:
    void replace(const QString &accession, QList<CustodyEntry> entries);
    QString actorName(const QString &actor) const;

    SpecimenRepository &m_specimens;
    QString m_accession;
    QList<CustodyEntry> m_entries;
    QHash<QString, QString> m_userNames;
};

} // namespace benchside
