// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "astm/astmmessage.h"
#include "astm/astmrecord.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace benchside {

// What to tell the instrument about one specimen it asked for.
struct AstmQueryAnswer
{
    QString specimenId;
    bool known = true;     // false: no such tube here
    QString patientId;     // P-3
    QStringList testCodes; // what this instrument should run; empty: nothing to do
    QString priority;      // O-6: S, A or R
};

// Writes E1394 records (for host-query answers) with the delimiters and test-code placement the
// instrument uses. Every value is escaped, so nothing in the data can add a field, component, repeat
// or record; a CR or other control character cannot be written in a record and becomes a space.
// Records come without their CR, ready for AstmLink::send().
class AstmEncoder
{
public:
    enum class Charset { Latin1, Utf8 };

    explicit AstmEncoder(AstmProfile profile = AstmProfile::Generic, const AstmDelimiters &delimiters = {},
                         Charset charset = Charset::Latin1);

    QString escape(QStringView value) const;
    // A field of components, each escaped.
    QString components(const QStringList &parts) const;
    // R-3 / O-5 for a test code, with the code in the component the profile uses (`^^^GLU`, `^^^^WBC`).
    QString testId(const QString &code) const;
    // A record from its type and fields 2, 3 …, which are written as given (escape them first);
    // trailing empty fields are left out.
    QByteArray record(QChar type, const QStringList &fields) const;

    QByteArray header(const QString &sender, const QString &receiver, const QDateTime &at) const;
    QByteArray patient(int sequence, const QString &patientId) const;
    // reportType is O-26: O order, Q answer to a query, Y no order for this specimen, Z no such
    // specimen.
    QByteArray order(int sequence, const QString &specimenId, const QStringList &testCodes,
                     const QString &priority, QChar reportType) const;
    // L-3: N normal, I no information for the last query.
    QByteArray terminator(QChar code = QLatin1Char('N')) const;

    // The answer to a host query: H, then P and O for each specimen (O-26 Q with its tests, Y when
    // there is nothing to run, Z when the specimen is unknown), then L N; when no specimen is known at
    // all, only H and L I ("no information available").
    QList<QByteArray> answer(const QString &sender, const QString &receiver, const QDateTime &at,
                             const QList<AstmQueryAnswer> &specimens) const;

private:
    QByteArray bytes(const QString &text) const;

    AstmProfile m_profile;
    AstmDelimiters m_delimiters;
    Charset m_charset;
};

} // namespace benchside
