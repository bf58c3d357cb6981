// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmrecord.h"
#include "core/result.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QList>
#include <QString>
#include <QStringList>

namespace benchside {

// Where an analyzer maker puts the test code in R-3 / O-5 and the sample number in O, which the
// standard leaves open: Roche, Horiba, Abbott and Siemens write `^^^code`, Sysmex `^^^^code^dilution`
// with the sample as the third component of O-4, GeneXpert `^panel^^assay^name^version^analyte^kind`.
enum class AstmProfile { Generic, Roche, Horiba, Abbott, Siemens, Sysmex, GeneXpert };

// A C record: its source (C-3), text components (C-4) and type (C-5).
struct AstmComment
{
    int record = -1; // index in AstmMessage::records()
    QString source;
    QStringList text;
    QString type;
};

struct AstmResult
{
    int record = -1;
    QString testCode;       // R-3, the component the profile names
    QStringList testId;     // R-3, every component
    QString value;          // R-4, its first non-empty component, padding trimmed
    QStringList valueParts; // R-4, every component (GeneXpert: qualitative^quantitative)
    QString units;
    QString referenceRange;
    QStringList flags;      // R-7, one per repeat (L, H, LL, HH, A, N, >, < …)
    QString status;         // F final, C correction, X cannot be done, W questionable …
    QString operatorId;
    QString startedAt;      // R-12, as written: some analyzers (DCA Vantage) put the test's time here
    QString completedAt;    // R-13, as written (YYYYMMDDHHMMSS)
    QString instrument;
    QList<AstmComment> comments;
};

struct AstmOrder
{
    int record = -1;       // -1 for the order made up for results that came without one
    QString specimenId;    // from O-4 (instrument specimen ID) or O-3, per profile, trimmed
    QStringList testCodes; // O-5, one per repeat
    QString priority;      // O-6: S stat, A as soon as possible, R routine
    QString actionCode;    // O-12: Q means the analyzer ran the specimen as a control
    QString specimenType;  // O-16
    QString reportType;    // O-26
    QList<AstmResult> results;
    QList<AstmComment> comments;
};

struct AstmPatient
{
    int record = -1;      // -1 for the patient made up for orders that came without one
    QString practiceId;   // P-3
    QString laboratoryId; // P-4
    QString patientId;    // P-5
    QStringList name;     // P-6 components
    QString birthDate;    // P-8
    QString sex;          // P-9
    QList<AstmOrder> orders;
    QList<AstmComment> comments;
};

// A Q record: the instrument asks which tests to run on these specimens.
struct AstmQuery
{
    int record = -1;
    QStringList specimenIds; // Q-3, one per repeat, trimmed
    QStringList testIds;     // Q-5 repeats as written ("ALL" or test IDs)
    QString requestStatus;   // O order request, … as written
};

// One E1394 (LIS2-A2) message, H to L, read into patients → orders → results, with queries and
// comments where they belong. Every record is kept as received; M (manufacturer) records and types
// the standard does not know are kept with a note, never refused.
class AstmMessage
{
    Q_DECLARE_TR_FUNCTIONS(AstmMessage)

public:
    // The messages in the text of a session (as AstmLink gives it, or records one per line): records
    // end at CR (or at LF when there is no CR at all), and every H record starts a message. Text is
    // read as UTF-8 when it is valid UTF-8, else as ISO 8859-1 (E1394 declares no character set). A
    // part that does not start with an H record is refused, with the reason.
    // The records of a session that come before its first H record (which parseSession() cannot
    // read as a message), as text.
    static QStringList recordsBeforeHeader(QByteArrayView text);
    static QList<Result<AstmMessage>> parseSession(QByteArrayView text,
                                                   AstmProfile profile = AstmProfile::Generic);

    const AstmDelimiters &delimiters() const { return m_delimiters; }
    const QList<AstmRecord> &records() const { return m_records; }

    QString controlId() const;    // H-3
    QStringList sender() const;   // H-5 components
    QString receiver() const;     // H-10
    QString processingId() const; // H-12
    QString version() const;      // H-13
    QString timestamp() const;    // H-14

    const QList<AstmPatient> &patients() const { return m_patients; }
    const QList<AstmQuery> &queries() const { return m_queries; }
    // Comments after the H record, before any patient.
    const QList<AstmComment> &comments() const { return m_comments; }
    // The last record is L: the message arrived whole.
    bool isComplete() const;
    // L-3 (N normal, T sender aborted, I no information …); "" without L.
    QString terminationCode() const;
    // What a person should know about the message (records kept but not read, records out of place).
    const QStringList &notes() const { return m_notes; }

    // The test code in an R-3 or O-5 repeat, as the profile places it.
    static QString testCode(const QStringList &testId, AstmProfile profile);

private:
    static Result<AstmMessage> parseRecords(const QStringList &lines, AstmProfile profile);
    void read(AstmProfile profile);
    AstmPatient &currentPatient(int recordIndex);
    AstmOrder &currentOrder(int recordIndex);

    AstmDelimiters m_delimiters;
    QList<AstmRecord> m_records;
    QList<AstmPatient> m_patients;
    QList<AstmQuery> m_queries;
    QList<AstmComment> m_comments;
    QStringList m_notes;
};

} // namespace benchside
