// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 19: the HL7 interface at volume, with its reference in the same run.
//
// Inbound: N ORM^O01 orders back to back on one MLLP connection to `benchside-cli hl7 serve`, each
// ACK read before the next order is sent, against the station's own receipt-scan rate on the same
// database (one durable commit per unit in both), the two taking turns in ten rounds. Outbound: N released
// results delivered by the sender to a local peer that ACKs at once (messages per second; the same `hl7
// serve` sends them), then the time from a release's commit to its message arriving at the peer, one release
// at a time. Prints JSON; see docs/benchmarks.md.
//
//   hl7_bench [orders=10000] [results=10000] [receipts=2000] [latency_samples=200] [benchside-cli]
#include "benchsetup.h"
#include "benchtiming.h"
#include "catalog/catalogimporter.h"
#include "hl7/hl7message.h"
#include "hl7/hl7sender.h"
#include "hl7/mllpframer.h"
#include "hl7/mllplistener.h"
#include "lab/lab.h"
#include "projection/projector.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutex>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <cstdio>

using namespace benchside;
using benchsetup::check;
using benchsetup::demoCatalog;
using benchsetup::die;
using benchtiming::ms;

namespace {
std::unique_ptr<Lab> openLab(const QString &path)
{
    Result<std::unique_ptr<Lab>> lab = Lab::open(path);
    if (!lab)
        die(lab.error());
    return std::move(lab.value());
}

qint64 statusKb(qint64 pid, const char *field)
{
    QFile f(QStringLiteral("/proc/%1/status").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(key))
            return line.mid(key.size()).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 count(Lab &lab, const QString &sql)
{
    QSqlQuery q(lab.database().connection());
    if (!q.exec(sql) || !q.next())
        die(QStringLiteral("query failed: ") + sql);
    return q.value(0).toLongLong();
}

// Runs `make` in a thread of its own with an event loop, and returns the object it made there.
template<typename T> struct Threaded
{
    QThread thread;
    QObject *context = new QObject;
    T *object = nullptr;
    template<typename Make> explicit Threaded(Make make)
    {
        context->moveToThread(&thread);
        thread.start();
        QMetaObject::invokeMethod(
            context, [&] { object = make(); }, Qt::BlockingQueuedConnection);
    }
    ~Threaded()
    {
        QMetaObject::invokeMethod(
            context, [this] { delete object; }, Qt::BlockingQueuedConnection);
        context->deleteLater();
        thread.quit();
        thread.wait();
    }
};

// A hospital system's receiver that answers AA at once and notes when each control ID arrived.
class AckPeer : public QObject
{
public:
    AckPeer()
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto framer = std::make_shared<MllpFramer>();
                connect(s, &QTcpSocket::readyRead, this, [this, s, framer] {
                    for (const MllpFramer::Frame &f : framer->feed(s->readAll())) {
                        const qint64 at = QDateTime::currentMSecsSinceEpoch();
                        Result<Hl7Message> m = Hl7Message::parse(f.payload);
                        const QString id = m ? m.value().value(QStringLiteral("MSH"), 10) : QString();
                        {
                            QMutexLocker lock(&mutex);
                            arrived.insert(id, at);
                        }
                        s->write(MllpFramer::frame(
                            QStringLiteral(
                                "MSH|^~\\&|HIS||BENCHSIDE||20261206||ACK^R01^ACK|A%1|P|2.5.1\rMSA|AA|%1\r")
                                .arg(id)
                                .toUtf8()));
                    }
                });
            }
        });
        m_server.listen(QHostAddress::LocalHost, 0);
    }
    quint16 port() const { return m_server.serverPort(); }

    QMutex mutex;
    QHash<QString, qint64> arrived;

private:
    QTcpServer m_server;
};

QByteArray order(int i)
{
    return QStringLiteral("MSH|^~\\&|HIS|WARD|BENCHSIDE|LAB|20261206080000||ORM^O01|B%1|P|2.4\r"
                          "PID|1||P%2^^^HOSP^MR||Patient^Number%2||19700101|F\r"
                          "ORC|NW|PL%1^HIS|||||^^^^^R||20261206075500|||D1^Doc^Tor\r"
                          "OBR|1|PL%1^HIS||2823-3^Potassium^LN\r"
                          "ORC|NW|PL%1^HIS\rOBR|2|PL%1^HIS||2951-2^Sodium^LN\r")
        .arg(i)
        .arg(i % 5000)
        .toUtf8();
}

// Tubes with released potassium results, written straight to the journal in large transactions.
void releaseResults(Lab &lab, int n, int offset)
{
    const QString actor = lab.station().defaultActor;
    for (int done = 0; done < n;) {
        const int batch = std::min(500, n - done);
        Result<QList<Event>> w = lab.store().write(actor, [&]() -> Result<QList<EventDraft>> {
            QList<EventDraft> drafts;
            for (int k = 0; k < batch; ++k) {
                const int i = offset + done + k;
                const QString accession = QStringLiteral("BENCH%1").arg(i, 8, 10, QLatin1Char('0'));
                const QString orderId = accession + QStringLiteral("-K");
                drafts << EventDraft{
                    QStringLiteral("specimen.accessioned"), accession,
                    QJsonObject{{QStringLiteral("specimen_type"), QStringLiteral("SERUM")},
                                {QStringLiteral("container"), QStringLiteral("SST")},
                                {QStringLiteral("priority"), QStringLiteral("routine")},
                                {QStringLiteral("tests"),
                                 QJsonArray{QJsonObject{{QStringLiteral("code"), QStringLiteral("K")},
                                                        {QStringLiteral("bench"), QStringLiteral("CHEM")}}}},
                                {QStringLiteral("patient"),
                                 QJsonObject{{QStringLiteral("mrn"), QStringLiteral("M%1").arg(i % 3000)},
                                             {QStringLiteral("name"), QStringLiteral("Bench, Patient")},
                                             {QStringLiteral("birth_date"), QStringLiteral("1970-01-01")},
                                             {QStringLiteral("sex"), QStringLiteral("F")}}}}};
                drafts << EventDraft{QStringLiteral("custody.received"), accession, QJsonObject{}};
                const QString value = QString::number(3.6 + (i % 15) / 10.0);
                drafts << EventDraft{
                    QStringLiteral("result.entered"), accession,
                    QJsonObject{{QStringLiteral("order_id"), orderId},
                                {QStringLiteral("test"), QStringLiteral("K")},
                                {QStringLiteral("value"), value},
                                {QStringLiteral("numeric"), value.toDouble()},
                                {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                                {QStringLiteral("flag"), QStringLiteral("N")},
                                {QStringLiteral("range"),
                                 QJsonObject{{QStringLiteral("low"), 3.5}, {QStringLiteral("high"), 5.1}}}},
                    QStringLiteral("p.nair")};
                drafts << EventDraft{QStringLiteral("result.verified"), accession,
                                     QJsonObject{{QStringLiteral("order_id"), orderId},
                                                 {QStringLiteral("value"), value},
                                                 {QStringLiteral("unit"), QStringLiteral("mmol/L")},
                                                 {QStringLiteral("flag"), QStringLiteral("N")}},
                                     QStringLiteral("a.okafor")};
            }
            return drafts;
        });
        if (!w)
            die(w.error());
        done += batch;
    }
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int orders = args.value(1, QStringLiteral("10000")).toInt();
    const int results = args.value(2, QStringLiteral("10000")).toInt();
    const int receipts = args.value(3, QStringLiteral("2000")).toInt();
    const int samples = args.value(4, QStringLiteral("200")).toInt();
    // benchside-cli beside this build's benchmarks, or as the fifth argument.
    const QString cli =
        args.value(5, QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/benchside-cli"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bench.db"));
    check(Lab::initialise(path,
                          Station{QStringLiteral("BEN"), QStringLiteral("MAIN"),
                                  QStringLiteral("Main Lab / Receiving"), QStringLiteral("admin"), false}),
          "init");
    std::unique_ptr<Lab> lab = openLab(path);
    check(Status::from(CatalogImporter::import(lab->store(), lab->permissions(), demoCatalog(),
                                               QStringLiteral("admin"))),
          "catalogue");
    QJsonObject out{{QStringLiteral("orders"), orders}, {QStringLiteral("results"), results}};

    // The reference: receipt scans of accessioned tubes, one durable commit each; the first half of
    // them before `hl7 serve` starts (the rate alone), the second half taking turns with the orders.
    QStringList tubes;
    for (int i = 0; i < 2 * receipts; ++i) {
        AccessionRequest r;
        r.specimenType = QStringLiteral("SERUM");
        r.tests = {QStringLiteral("K")};
        Result<Specimen> s = lab->accessioner().accession(r, QStringLiteral("admin"));
        if (!s)
            die(s.error());
        tubes << s.value().accession;
    }
    double receiptsAlonePerS = 0;
    {
        QElapsedTimer t;
        t.start();
        for (int i = receipts; i < 2 * receipts; ++i) {
            if (!lab->scanner()
                     .process(tubes.at(i), ScanProcessor::Action::Receive, QStringLiteral("admin"))
                     .isConfirmation())
                die(QStringLiteral("receipt of %1 failed").arg(tubes.at(i)));
        }
        receiptsAlonePerS = receipts / (ms(t) / 1000.0);
    }

    // Inbound over MLLP, to `benchside-cli hl7 serve` on the same database: the process a hospital
    // connects to, with its peak memory.
    // Its line per message goes to a file: a pipe nobody reads while the client waits would fill.
    QProcess serve;
    const QString serveLog = dir.filePath(QStringLiteral("serve.log"));
    serve.setStandardOutputFile(serveLog);
    serve.start(cli, {QStringLiteral("--db"), path, QStringLiteral("hl7"), QStringLiteral("serve"),
                      QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    if (!serve.waitForStarted(10000))
        die(QStringLiteral("hl7 serve did not start: ") + serve.errorString());
    QString listening;
    for (int i = 0; i < 200 && listening.isEmpty(); ++i) {
        QThread::msleep(50);
        QFile log(serveLog);
        if (log.open(QIODevice::ReadOnly))
            listening = QString::fromUtf8(log.readLine()).trimmed();
    }
    if (!listening.startsWith(QLatin1String("listening on ")))
        die(QStringLiteral("hl7 serve said: ") + listening);
    const quint16 port = listening.section(QLatin1Char(':'), -1).toUShort();
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(5000))
            die(QStringLiteral("cannot connect to the listener"));
        MllpFramer framer;
        std::vector<double> ack;
        ack.reserve(size_t(orders));
        int accepted = 0;
        double receiptMs = 0;
        double orderMs = 0;
        // Receipts and orders take turns in rounds, so that a change in this shared machine's load
        // falls on both alike instead of on whichever ran second.
        const int rounds = 10;
        for (int round = 0; round < rounds; ++round) {
            QElapsedTimer receiving;
            receiving.start();
            for (int i = receipts * round / rounds; i < receipts * (round + 1) / rounds; ++i) {
                if (!lab->scanner()
                         .process(tubes.at(i), ScanProcessor::Action::Receive, QStringLiteral("admin"))
                         .isConfirmation())
                    die(QStringLiteral("receipt of %1 failed").arg(tubes.at(i)));
            }
            receiptMs += ms(receiving);
            QElapsedTimer ordering;
            ordering.start();
            for (int i = orders * round / rounds; i < orders * (round + 1) / rounds; ++i) {
                QElapsedTimer t;
                t.start();
                socket.write(MllpFramer::frame(order(i)));
                QList<MllpFramer::Frame> frames;
                while (frames.isEmpty()) {
                    if (!socket.waitForReadyRead(30000))
                        die(QStringLiteral("no ACK for order %1").arg(i));
                    frames = framer.feed(socket.readAll());
                }
                ack.push_back(ms(t));
                accepted += frames.first().payload.contains("MSA|AA|") ? 1 : 0;
            }
            orderMs += ms(ordering);
        }
        const double receiptsPerS = receipts / (receiptMs / 1000.0);
        const double ordersPerS = orders / (orderMs / 1000.0);
        out.insert(QStringLiteral("receipts_per_s"), benchtiming::round3(receiptsPerS));
        out.insert(QStringLiteral("receipts_alone_per_s"), benchtiming::round3(receiptsAlonePerS));
        out.insert(
            QStringLiteral("inbound"),
            QJsonObject{{QStringLiteral("orders_per_s"), benchtiming::round3(ordersPerS)},
                        {QStringLiteral("accepted"), accepted},
                        {QStringLiteral("ack_ms"), benchtiming::stats(ack)},
                        {QStringLiteral("ratio_to_receipts"), benchtiming::round3(ordersPerS / receiptsPerS)},
                        {QStringLiteral("ratio_to_receipts_alone"),
                         benchtiming::round3(ordersPerS / receiptsAlonePerS)},
                        {QStringLiteral("tubes"),
                         count(*lab, QStringLiteral("SELECT count(*) FROM external_orders"))},
                        {QStringLiteral("serve_peak_mb"),
                         benchtiming::round3(double(statusKb(serve.processId(), "VmHWM")) / 1024.0)}});
    }

    // Outbound: a destination, N releases queued, the sender started against an AA-ing peer.
    {
        Threaded<AckPeer> peer([] { return new AckPeer; });
        Hl7Outbox outbox(lab->store(), lab->permissions());
        Hl7Destination d{QStringLiteral("PEER"),  QStringLiteral("127.0.0.1"), peer.object->port(),
                         Hl7Outbox::eventKinds(), QStringLiteral("HIS"),       QStringLiteral("HOSP")};
        if (Result<Event> e = outbox.defineDestination(d, QStringLiteral("admin")); !e)
            die(e.error());
        releaseResults(*lab, results, 0);
        QElapsedTimer t;
        t.start();
        const QString pending = QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'pending'");
        while (count(*lab, pending) > 0) {
            QThread::msleep(20);
            if (t.elapsed() > 600'000)
                die(QStringLiteral("outbound did not finish in 10 minutes"));
        }
        const double seconds = ms(t) / 1000.0;
        QJsonObject outbound{
            {QStringLiteral("messages_per_s"), benchtiming::round3(results / seconds)},
            {QStringLiteral("delivered"),
             count(*lab, QStringLiteral("SELECT count(*) FROM hl7_outbox WHERE state = 'delivered'"))}};

        // One release at a time: from its commit to its arrival at the peer.
        std::vector<double> latency;
        for (int i = 0; i < samples; ++i) {
            releaseResults(*lab, 1, results + i);
            // The release is committed when releaseResults returns: read the clock at once, not after
            // looking up its ID, or on a loaded machine the message can arrive "before" its commit.
            const qint64 committed = QDateTime::currentMSecsSinceEpoch();
            QSqlQuery q(lab->database().connection());
            q.exec(QStringLiteral(
                "SELECT id FROM journal WHERE kind = 'result.verified' ORDER BY hlc DESC LIMIT 1"));
            q.next();
            const QString id = Projector::outboundControlId(QStringLiteral("PEER"), q.value(0).toString());
            qint64 arrived = 0;
            for (int wait = 0; wait < 5000 && arrived == 0; ++wait) {
                QThread::usleep(500);
                QMutexLocker lock(&peer.object->mutex);
                arrived = peer.object->arrived.value(id);
            }
            if (arrived == 0)
                die(QStringLiteral("release %1 never arrived").arg(i));
            latency.push_back(double(arrived - committed));
            QThread::msleep(10);
        }
        outbound.insert(QStringLiteral("release_to_peer_ms"), benchtiming::stats(latency));
        outbound.insert(QStringLiteral("serve_peak_mb"),
                        benchtiming::round3(double(statusKb(serve.processId(), "VmHWM")) / 1024.0));
        out.insert(QStringLiteral("outbound"), outbound);
    }
    serve.terminate();
    serve.waitForFinished(10000);
    out.insert(QStringLiteral("memory"), benchtiming::memory());
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Indented).constData());
    return 0;
}
