// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/result.h"
#include "specimen/specimen.h"
#include "store/station.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHash>

namespace benchside {

class Lab;

// The chain-of-custody report for one specimen, as a PDF that can leave the laboratory: the
// specimen and patient, where the tube is now, every custody step with who, where, when and why,
// and which station produced the report when. Each page carries the accession number and
// "page n of m", so a loose page can be put back where it belongs.
class CustodyReport
{
    Q_DECLARE_TR_FUNCTIONS(CustodyReport)

public:
    CustodyReport(Specimen specimen, QList<CustodyEntry> timeline, Station station);

    // Reads the specimen and its timeline, with the catalogue's names for codes and users.
    static Result<CustodyReport> forSpecimen(Lab &lab, const QString &accession);

    void setProducedBy(const QString &actor) { m_producedBy = actor; }
    void setProducedAt(const QDateTime &at) { m_producedAt = at; }
    void setUserNames(const QHash<QString, QString> &names) { m_userNames = names; }
    void setSpecimenTypeNames(const QHash<QString, QString> &names) { m_typeNames = names; }
    void setContainerNames(const QHash<QString, QString> &names) { m_containerNames = names; }

    const Specimen &specimen() const { return m_specimen; }

    // The body of the report (every page's header and footer are painted separately).
    QString html() const;
    // Writes the report; returns the number of pages written.
    Result<int> writePdf(const QString &path) const;

private:
    QString user(const QString &id) const;
    QString producedLine() const;

    Specimen m_specimen;
    QList<CustodyEntry> m_timeline;
    Station m_station;
    QString m_producedBy;
    QDateTime m_producedAt = QDateTime::currentDateTime();
    QHash<QString, QString> m_userNames, m_typeNames, m_containerNames;
};

} // namespace benchside
