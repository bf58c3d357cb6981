// SPDX-License-Identifier: GPL-3.0-or-later
// KeyedRowsModel: a reload that is the old list plus new rows at the top (and perhaps fewer at the
// bottom) inserts and removes rows and updates changed ones in place, so views keep their selection;
// anything else resets. Checked with QAbstractItemModelTester and the model's signals.

#include "core/keyedrowsmodel.h"

#include <QAbstractItemModelTester>
#include <QItemSelectionModel>
#include <QSignalSpy>
#include <QTest>

using namespace benchside;

namespace {
struct Line
{
    QString key;
    QString text;
};

class LineModel : public KeyedRowsModel<Line>
{
public:
    using KeyedRowsModel::KeyedRowsModel;
    using KeyedRowsModel::replaceRows;

    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : 2; }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || role != Qt::DisplayRole)
            return {};
        return index.column() == 0 ? row(index.row()).key : row(index.row()).text;
    }

protected:
    QString keyOf(const Line &line) const override { return line.key; }
    bool same(const Line &a, const Line &b) const override { return a.text == b.text; }
};

// "c b a" → rows c, b, a with text = key; "b:x" gives b the text x.
QList<Line> lines(const QString &spec)
{
    QList<Line> out;
    for (const QString &word : spec.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList parts = word.split(QLatin1Char(':'));
        out << Line{parts.at(0), parts.value(1, parts.at(0))};
    }
    return out;
}

QString shown(const LineModel &model)
{
    QStringList out;
    for (int r = 0; r < model.rowCount(); ++r)
        out << model.row(r).key +
                   (model.row(r).text == model.row(r).key ? QString() : QLatin1Char(':') + model.row(r).text);
    return out.join(QLatin1Char(' '));
}
} // namespace

class TestKeyedRowsModel : public QObject
{
    Q_OBJECT

private slots:
    void reloads_data();
    void reloads();
    void selectionSurvivesNewRows();
};

void TestKeyedRowsModel::reloads_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<bool>("reset");
    QTest::addColumn<int>("inserted");
    QTest::addColumn<int>("removed");
    QTest::addColumn<int>("changed");

    QTest::newRow("first load") << ""
                                << "b a" << true << 0 << 0 << 0;
    QTest::newRow("nothing new") << "b a"
                                 << "b a" << false << 0 << 0 << 0;
    QTest::newRow("new at the top") << "b a"
                                    << "d c b a" << false << 2 << 0 << 0;
    QTest::newRow("new at the top, limit reached") << "c b a"
                                                   << "e d c" << false << 2 << 2 << 0;
    QTest::newRow("a row changed") << "c b a"
                                   << "c b:x a" << false << 0 << 0 << 1;
    QTest::newRow("new, changed and cut") << "c b a"
                                          << "d c:y b" << false << 1 << 1 << 1;
    QTest::newRow("longer limit") << "c b"
                                  << "c b a" << false << 1 << 0 << 0;
    QTest::newRow("another filter") << "c b a"
                                    << "z y" << true << 0 << 0 << 0;
    QTest::newRow("a row in the middle") << "c b a"
                                         << "c x b a" << true << 0 << 0 << 0;
    QTest::newRow("emptied") << "c b a"
                             << "" << true << 0 << 0 << 0;
}

void TestKeyedRowsModel::reloads()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(bool, reset);
    QFETCH(int, inserted);
    QFETCH(int, removed);
    QFETCH(int, changed);

    LineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.replaceRows(lines(before));
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

    model.replaceRows(lines(after));
    QCOMPARE(shown(model), after);
    QCOMPARE(resets.count(), reset ? 1 : 0);
    int insertedRows = 0;
    for (const QList<QVariant> &args : std::as_const(inserts))
        insertedRows += args.at(2).toInt() - args.at(1).toInt() + 1;
    int removedRows = 0;
    for (const QList<QVariant> &args : std::as_const(removes))
        removedRows += args.at(2).toInt() - args.at(1).toInt() + 1;
    QCOMPARE(insertedRows, inserted);
    QCOMPARE(removedRows, removed);
    QCOMPARE(changes.count(), changed);
}

void TestKeyedRowsModel::selectionSurvivesNewRows()
{
    LineModel model;
    QItemSelectionModel selection(&model);
    model.replaceRows(lines(QStringLiteral("c b a")));
    selection.setCurrentIndex(model.index(1, 0), QItemSelectionModel::ClearAndSelect);
    model.replaceRows(lines(QStringLiteral("e d c b a")));
    QCOMPARE(selection.currentIndex().row(), 3);
    QCOMPARE(model.row(selection.currentIndex().row()).key, QStringLiteral("b"));
    QCOMPARE(model.rowOf(QStringLiteral("b")), 3);
    QCOMPARE(model.rowOf(QStringLiteral("q")), -1);
}

QTEST_GUILESS_MAIN(TestKeyedRowsModel)
#include "tst_keyedrowsmodel.moc"
