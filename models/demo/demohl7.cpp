// SPDX-License-Identifier: GPL-3.0-or-later
#include "demo/demohl7.h"

#include "hl7/hl7orderintake.h"
#include "hl7/hl7outbox.h"
#include "lab/lab.h"

#include <QDateTime>

namespace benchside {

const QStringList &DemoHl7::messages()
{
    // Written for the demo (not taken from anyone's test data): ORM^O01 2.4 with one tube per
    // specimen type, OML^O21 2.5.1 with the ward's specimen label in SPM-2, and an order for a code
    // the catalogue does not know.
    static const QStringList m{
        QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|%1||ORM^O01|DEMO0001|P|2.4\r"
                       "PID|1||H2026001^^^CITYHOSP^MR||Lindqvist^Maja||19580622|F\r"
                       "ORC|NW|HIS-40001^HIS|||||^^^^^S||%1|||D1044^Brandt^Oskar\r"
                       "OBR|1|HIS-40001^HIS||2823-3^Potassium^LN\r"
                       "ORC|NW|HIS-40001^HIS\r"
                       "OBR|2|HIS-40001^HIS||2951-2^Sodium^LN\r"
                       "ORC|NW|HIS-40001^HIS\r"
                       "OBR|3|HIS-40001^HIS||718-7^Hemoglobin^LN\r"),
        QStringLiteral(
            "MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|%1||OML^O21^OML_O21|DEMO0002|P|2.5.1|||||||UNICODE UTF-8\r"
            "PID|1||H2026002^^^CITYHOSP^MR||Ødegård^Søren||19911105|M\r"
            "ORC|NW|HIS-40002^HIS|||||||%1|||D2071^Achebe^Ngozi\r"
            "TQ1|1||||||||R\r"
            "OBR|1|HIS-40002^HIS||1988-5^C reactive protein^LN\r"
            "SPM|1|W-77120&WARD||SER^Serum^HL70487\r"),
        QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|%1||ORM^O01|DEMO0003|P|2.4\r"
                       "PID|1||H2026003^^^CITYHOSP^MR||Haddad^Rami||20190314|M\r"
                       "ORC|NW|HIS-40003^HIS|||||^^^^^R||%1|||D1044^Brandt^Oskar\r"
                       "OBR|1|HIS-40003^HIS||FERR^Ferritin^L\r"),
    };
    return m;
}

Status DemoHl7::seed(Lab &lab, const QString &administrator)
{
    Hl7Outbox outbox(lab.store(), lab.permissions());
    Hl7Destination his;
    his.name = QStringLiteral("HIS");
    his.host = QStringLiteral("127.0.0.1");
    his.port = 2576;
    his.events = Hl7Outbox::eventKinds();
    his.receivingApp = QStringLiteral("HIS");
    his.receivingFacility = QStringLiteral("CITYHOSP");
    if (Result<Event> d = outbox.defineDestination(his, administrator); !d)
        return Status::failure(d.error());
    Hl7OrderIntake intake(lab, QStringLiteral("hl7"));
    const QString now = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMddHHmmss"));
    for (const QString &m : messages()) {
        const Hl7OrderIntake::Outcome o = intake.handle(m.arg(now).toUtf8(), QStringLiteral("demo"));
        if (!o.recorded)
            return Status::failure(
                tr("The demo's HL7 order %1 was not recorded: %2").arg(o.controlId, o.error));
    }
    return {};
}

} // namespace benchside
