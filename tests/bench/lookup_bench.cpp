// SPDX-License-Identifier: GPL-3.0-or-later
// Lookup benchmark (issue 2, "Quality and performance"): on a database of many specimens, how long
// does answering "where is this tube" take, and loading what a specimen page shows?
//
//   lookup_bench DATABASE [--count N] [--seed S]
//
// Opens DATABASE with Lab::open (as the GUI and the CLI do), picks N accession numbers at random
// (default 1000, deterministic for a given seed and database), and times in this process:
//   where         SpecimenRepository::find(acc, false)
//   specimen_page SpecimenRepository::find(acc, true) + SpecimenRepository::custody(acc)
//                 (also broken down into its two calls)
// Prints one JSON object with p50/p95/p99/max in milliseconds. Process start is not included: the
// benchmark script times `benchside-cli where` end to end separately. Timings are never asserted.

#include "benchtiming.h"
#include "lab/lab.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTextStream>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

using namespace benchside;
using benchtiming::ms;
using benchtiming::round3;
using benchtiming::stats;

namespace {

int fail(const QString &message)
{
    QTextStream(stderr) << "lookup_bench: " << message << '\n';
    return 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    qint64 count = 1000;
    quint32 seed = 20240601;
    QString path;
    for (qsizetype i = 0; i < args.size(); ++i) {
        bool ok = true;
        if (args[i] == QLatin1String("--count") && i + 1 < args.size())
            count = args[++i].toLongLong(&ok);
        else if (args[i] == QLatin1String("--seed") && i + 1 < args.size())
            seed = args[++i].toUInt(&ok);
        else if (path.isEmpty() && !args[i].startsWith(QLatin1Char('-')))
            path = args[i];
        else
            ok = false;
        if (!ok || count <= 0)
            return fail(QStringLiteral("usage: lookup_bench DATABASE [--count N] [--seed S]"));
    }
    if (path.isEmpty())
        return fail(QStringLiteral("usage: lookup_bench DATABASE [--count N] [--seed S]"));

    QElapsedTimer openTimer;
    openTimer.start();
    Result<std::unique_ptr<Lab>> opened = Lab::open(path);
    const double openMs = ms(openTimer);
    if (!opened)
        return fail(opened.error());
    Lab &lab = *opened.value();

    // All accession numbers in key order, then a deterministic random sample without repeats.
    QElapsedTimer sampleTimer;
    sampleTimer.start();
    QStringList all;
    {
        QSqlQuery q(lab.database().connection());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT accession FROM specimens ORDER BY accession")))
            return fail(QStringLiteral("cannot list the specimens"));
        while (q.next())
            all << q.value(0).toString();
    }
    if (all.isEmpty())
        return fail(QStringLiteral("%1 holds no specimens; seed it first").arg(path));
    QRandomGenerator rng(seed);
    const qsizetype n = std::min<qsizetype>(count, all.size());
    for (qsizetype i = 0; i < n; ++i) // partial Fisher-Yates
        all.swapItemsAt(i, i + static_cast<qsizetype>(rng.bounded(static_cast<quint64>(all.size() - i))));
    QStringList sample = all.mid(0, n);
    all.clear();
    const double sampleMs = ms(sampleTimer);

    SpecimenRepository &repo = lab.specimens();
    std::vector<double> whereMs, pageMs, pageFindMs, pageCustodyMs;
    qint64 notFound = 0, custodyRows = 0, children = 0, orders = 0;

    // (a) where: the specimen row with its patient and orders, no details.
    for (const QString &acc : std::as_const(sample)) {
        QElapsedTimer t;
        t.start();
        Result<std::optional<Specimen>> s = repo.find(acc, false);
        whereMs.push_back(ms(t));
        if (!s)
            return fail(s.error());
        if (!s.value())
            ++notFound;
    }

    // (b) a specimen page: the specimen with its details, and its custody timeline. A different
    // order than (a), so that a page rarely follows its own `where` in SQLite's page cache.
    for (qsizetype i = sample.size() - 1; i > 0; --i)
        sample.swapItemsAt(i, static_cast<qsizetype>(rng.bounded(static_cast<quint64>(i + 1))));
    for (const QString &acc : std::as_const(sample)) {
        QElapsedTimer t;
        t.start();
        Result<std::optional<Specimen>> s = repo.find(acc, true);
        const double findMs = ms(t);
        Result<QList<CustodyEntry>> c = repo.custody(acc);
        const double totalMs = ms(t);
        if (!s)
            return fail(s.error());
        if (!c)
            return fail(c.error());
        pageMs.push_back(totalMs);
        pageFindMs.push_back(findMs);
        pageCustodyMs.push_back(totalMs - findMs);
        if (s.value()) {
            children += s.value()->children.size();
            orders += s.value()->orders.size();
        }
        custodyRows += c.value().size();
    }

    auto target = [](const QJsonObject &o) {
        return o.value(QLatin1String("p99")).toDouble() < 5.0;
    };
    const QJsonObject where = stats(whereMs);
    const QJsonObject page = stats(pageMs);
    const QJsonObject out{
        {QStringLiteral("benchmark"), QStringLiteral("lookup")},
        {QStringLiteral("database"), path},
        {QStringLiteral("seed"), static_cast<qint64>(seed)},
        {QStringLiteral("open_ms"), round3(openMs)},
        {QStringLiteral("sample_ms"), round3(sampleMs)},
        {QStringLiteral("lookups"), static_cast<qint64>(sample.size())},
        {QStringLiteral("not_found"), notFound},
        {QStringLiteral("where_ms"), where},
        {QStringLiteral("specimen_page_ms"), page},
        {QStringLiteral("specimen_page_find_ms"), stats(pageFindMs)},
        {QStringLiteral("specimen_page_custody_ms"), stats(pageCustodyMs)},
        {QStringLiteral("custody_rows"), custodyRows},
        {QStringLiteral("orders"), orders},
        {QStringLiteral("children"), children},
        {QStringLiteral("where_p99_under_5ms"), target(where)},
        {QStringLiteral("specimen_page_p99_under_5ms"), target(page)},
    };
    std::fputs(QJsonDocument(out).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    return notFound == 0 ? 0 : 1;
}
