// SPDX-License-Identifier: GPL-3.0-or-later
#include "custody/custodytimelinemodel.h"
#include "labhelpers.h"
#include "testdatabase.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace benchside;
using Col = CustodyTimelineModel::Column;

namespace {
const QString Tech = QStringLiteral("p.nair");
} // namespace

class TestCustodyTimelineModel : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void showsAccessioningAsFirstStep();
    void newStepIsInsertedOnTop();
    void columnsCarryWhoWhereWhy();
    void rejectionReasonReadsAsLabel();
    void aliquotingNamesTheChildren();
    void otherSpecimenResetsAndEmptyClears();
    void unchangedTimelineEmitsNothing();
    void currentStepSkipsPlainCorrections();

private:
    void record(const CustodyRules::Step &step, const QString &accession = {});
    QString cell(int row, Col column, int role = Qt::DisplayRole) const
    {
        return m_model->data(m_model->index(row, column), role).toString();
    }

    std::unique_ptr<TestDatabase> m_db;
    std::unique_ptr<Lab> m_lab;
    std::unique_ptr<CustodyTimelineModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QString m_accession;
};

void TestCustodyTimelineModel::init()
{
    m_db = std::make_unique<TestDatabase>();
    m_lab = m_db->open();
    QVERIFY(testlab::importDemoCatalog(*m_lab));
    Result<Specimen> s = m_lab->accessioner().accession(testlab::serumRequest(), Tech);
    QVERIFY2(s, qPrintable(s.error()));
    m_accession = s.value().accession;
    m_model = std::make_unique<CustodyTimelineModel>(m_lab->specimens());
    // Every change the model makes below is checked against the item-model contract.
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestCustodyTimelineModel::cleanup()
{
    m_tester.reset();
    m_model.reset();
    m_lab.reset();
    m_db.reset();
}

void TestCustodyTimelineModel::record(const CustodyRules::Step &step, const QString &accession)
{
    Result<CustodyService::Recorded> r =
        m_lab->custody().record(accession.isEmpty() ? m_accession : accession, step, Tech);
    QVERIFY2(r, qPrintable(r.error()));
}

void TestCustodyTimelineModel::showsAccessioningAsFirstStep()
{
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->load(m_accession));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(m_model->columnCount(), int(CustodyTimelineModel::ColumnCount));
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Accessioned"));
    QCOMPARE(cell(0, Col::Station), QStringLiteral("TST"));
    QCOMPARE(cell(0, Col::Location), QStringLiteral("Main Lab / Receiving"));
    QCOMPARE(m_model->headerData(Col::Detail, Qt::Horizontal).toString(), QStringLiteral("Reason / detail"));
    QCOMPARE(m_model->headerData(Col::Time, Qt::Horizontal).toString(), QStringLiteral("Time"));
    QCOMPARE(m_model->accession(), m_accession);
    // The newest row is the current one and is shown in bold.
    QVERIFY(m_model->data(m_model->index(0, Col::Step), Qt::FontRole).value<QFont>().bold());
}

void TestCustodyTimelineModel::newStepIsInsertedOnTop()
{
    QVERIFY(m_model->load(m_accession));
    record({CustodyKind::Received, {}, {}, {}, 0, {}});

    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_model->reload());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 0);
    QCOMPARE(m_model->rowCount(), 2);
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Received"));
    QCOMPARE(cell(1, Col::Step), QStringLiteral("Accessioned"));
    QVERIFY(!m_model->data(m_model->index(1, Col::Step), Qt::FontRole).value<QFont>().bold());

    // Newest first, and the sort role of the time column is the time itself.
    const qint64 newer =
        m_model->data(m_model->index(0, Col::Time), CustodyTimelineModel::SortRole).toLongLong();
    const qint64 older =
        m_model->data(m_model->index(1, Col::Time), CustodyTimelineModel::SortRole).toLongLong();
    QVERIFY(newer >= older);
    QVERIFY(older > 0);
    QCOMPARE(m_model->data(m_model->index(0, 0), CustodyTimelineModel::KindRole).toString(),
             QStringLiteral("custody.received"));
}

void TestCustodyTimelineModel::columnsCarryWhoWhereWhy()
{
    m_model->setUserNames({{Tech, QStringLiteral("Priya Nair")}});
    record({CustodyKind::Received, {}, {}, {}, 0, {}});
    record({CustodyKind::Stored,
            QStringLiteral("Freezer 2 (-80 °C)/Rack 5 /B7"),
            {},
            QStringLiteral("long-term serum bank"),
            0,
            {}});
    QVERIFY(m_model->load(m_accession));
    QCOMPARE(m_model->rowCount(), 3);
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Stored"));
    QCOMPARE(cell(0, Col::Location), QStringLiteral("Freezer 2 (-80 °C) / Rack 5 / B7"));
    QCOMPARE(cell(0, Col::Actor), QStringLiteral("Priya Nair"));
    QCOMPARE(cell(0, Col::Actor, Qt::ToolTipRole), Tech);
    QCOMPARE(cell(0, Col::Station), QStringLiteral("TST"));
    QCOMPARE(cell(0, Col::Detail), QStringLiteral("long-term serum bank"));
    QVERIFY(QDateTime::fromString(cell(0, Col::Time), QStringLiteral("yyyy-MM-dd HH:mm:ss")).isValid());

    // Names arriving later repaint the actor column only.
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    m_model->setUserNames({});
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(Col::Actor));
    QCOMPARE(cell(0, Col::Actor), Tech);
}

void TestCustodyTimelineModel::rejectionReasonReadsAsLabel()
{
    record({CustodyKind::Rejected, {}, QStringLiteral("hemolyzed"), QStringLiteral("visibly pink"), 0, {}});
    QVERIFY(m_model->load(m_accession));
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Rejected"));
    QCOMPARE(cell(0, Col::Detail), QStringLiteral("Hemolyzed: visibly pink"));
    QVERIFY(m_model->data(m_model->index(0, Col::Step), Qt::ForegroundRole).isValid());
}

void TestCustodyTimelineModel::aliquotingNamesTheChildren()
{
    record({CustodyKind::Received, {}, {}, {}, 0, {}});
    Result<CustodyService::Recorded> r =
        m_lab->custody().record(m_accession, {CustodyKind::Aliquoted, {}, {}, {}, 2, {}}, Tech);
    QVERIFY2(r, qPrintable(r.error()));
    QCOMPARE(r.value().aliquots.size(), 2);
    QVERIFY(m_model->load(m_accession));
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Aliquoted"));
    for (const QString &child : r.value().aliquots)
        QVERIFY2(cell(0, Col::Detail).contains(child), qPrintable(cell(0, Col::Detail)));

    // A child's own timeline starts with its creation from the parent.
    QVERIFY(m_model->load(r.value().aliquots.first()));
    QCOMPARE(m_model->rowCount(), 1);
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Created as aliquot"));
    QVERIFY(cell(0, Col::Detail).contains(m_accession));
}

void TestCustodyTimelineModel::otherSpecimenResetsAndEmptyClears()
{
    Result<Specimen> other =
        m_lab->accessioner().accession(testlab::serumRequest({QStringLiteral("K")}), Tech);
    QVERIFY2(other, qPrintable(other.error()));
    QVERIFY(m_model->load(m_accession));

    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QVERIFY(m_model->load(other.value().accession));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(m_model->accession(), other.value().accession);
    QCOMPARE(m_model->rowCount(), 1);

    QVERIFY(m_model->load(QString()));
    QCOMPARE(reset.count(), 2);
    QCOMPARE(m_model->rowCount(), 0);
    QVERIFY(m_model->accession().isEmpty());

    // An unknown number has no timeline: empty, not an error.
    QVERIFY(m_model->load(QStringLiteral("NOPE")));
    QCOMPARE(m_model->rowCount(), 0);
}

void TestCustodyTimelineModel::unchangedTimelineEmitsNothing()
{
    QVERIFY(m_model->load(m_accession));
    QSignalSpy reset(m_model.get(), &QAbstractItemModel::modelReset);
    QSignalSpy inserted(m_model.get(), &QAbstractItemModel::rowsInserted);
    QVERIFY(m_model->reload());
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(m_model->rowCount(), 1);
}

void TestCustodyTimelineModel::currentStepSkipsPlainCorrections()
{
    record({CustodyKind::Received, {}, {}, {}, 0, {}});
    record({CustodyKind::Corrected, {}, {}, QStringLiteral("collector name misspelt"), 0, {}});
    QVERIFY(m_model->load(m_accession));
    QCOMPARE(cell(0, Col::Step), QStringLiteral("Corrected"));
    QCOMPARE(CustodyTimelineModel::currentStepRow(m_model->entries()), 1);

    record({CustodyKind::Corrected,
            {},
            {},
            QStringLiteral("was never received"),
            0,
            QStringLiteral("accessioned")});
    QVERIFY(m_model->reload());
    QCOMPARE(CustodyTimelineModel::currentStepRow(m_model->entries()), 0);
    QVERIFY(cell(0, Col::Detail).contains(QStringLiteral("was never received")));
    QCOMPARE(CustodyTimelineModel::currentStepRow({}), -1);
}

QTEST_MAIN(TestCustodyTimelineModel)
#include "tst_custodytimelinemodel.moc"
