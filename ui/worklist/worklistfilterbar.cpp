// SPDX-License-Identifier: GPL-3.0-or-later
#include "worklist/worklistfilterbar.h"

#include "catalog/catalog.h"

#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QSettings>

namespace benchside {

namespace {
QComboBox *combo(QWidget *parent, const char *name)
{
    auto *box = new QComboBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    return box;
}

constexpr qint64 HourMs = 3'600'000;
// View state, not a station setting: no validation, no entry in the settings dialog.
constexpr const char *LastBenchKey = "ui/worklist_bench";
} // namespace

WorklistFilterBar::WorklistFilterBar(Catalog &catalog, QWidget *parent) : QWidget(parent), m_catalog(catalog)
{
    m_bench = combo(this, "worklistBench");
    const Result<QList<CodeName>> benches = m_catalog.benches();
    if (!benches)
        m_problem = benches.error();
    else
        for (const CodeName &b : benches.value())
            m_bench->addItem(QStringLiteral("%1 — %2").arg(b.code, b.name), b.code);

    m_status = combo(this, "worklistStatus");
    m_status->addItem(tr("Open (not released)"), QStringLiteral("open"));
    m_status->addItem(tr("Pending (no result)"), QStringLiteral("pending"));
    m_status->addItem(tr("Entered (to verify)"), QStringLiteral("entered"));
    m_status->addItem(tr("Amended (to verify)"), QStringLiteral("amended"));
    m_status->addItem(tr("Released"), QStringLiteral("verified"));

    m_priority = combo(this, "worklistPriority");
    m_priority->addItem(tr("Any priority"), QString());
    m_priority->addItem(tr("STAT"), QStringLiteral("stat"));
    m_priority->addItem(tr("ASAP"), QStringLiteral("asap"));
    m_priority->addItem(tr("Routine"), QStringLiteral("routine"));

    m_test = combo(this, "worklistTest");

    m_window = combo(this, "worklistWindow");
    m_window->addItem(tr("Received any time"), 0);
    m_window->addItem(tr("Last 2 hours"), 2);
    m_window->addItem(tr("Last 8 hours"), 8);
    m_window->addItem(tr("Last 24 hours"), 24);
    m_window->addItem(tr("Last 7 days"), 24 * 7);

    auto *benchLabel = new QLabel(tr("&Bench:"), this);
    benchLabel->setBuddy(m_bench);
    QFont f = m_bench->font();
    f.setBold(true);
    m_bench->setFont(f);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(benchLabel);
    layout->addWidget(m_bench);
    layout->addSpacing(16);
    for (QComboBox *box : {m_status, m_priority, m_test, m_window}) {
        // Filters are chosen with the mouse now and then; the keyboard belongs to the results.
        box->setFocusPolicy(Qt::ClickFocus);
        layout->addWidget(box);
        connect(box, &QComboBox::currentIndexChanged, this, &WorklistFilterBar::filterChanged);
    }
    layout->addStretch(1);
    // A bench's technicians come back to their bench: the worklist opens where it was left.
    if (const int last = m_bench->findData(QSettings().value(QLatin1String(LastBenchKey)).toString());
        last >= 0)
        m_bench->setCurrentIndex(last);
    fillTests();
    connect(m_bench, &QComboBox::currentIndexChanged, this, [this] {
        QSettings().setValue(QLatin1String(LastBenchKey), m_bench->currentData().toString());
        fillTests();
        emit filterChanged();
    });
}

void WorklistFilterBar::fillTests()
{
    const QSignalBlocker blocker(m_test);
    m_test->clear();
    m_test->addItem(tr("All tests"), QString());
    const Result<QList<TestDefinition>> tests = m_catalog.tests();
    if (!tests) {
        m_problem = tests.error();
        return;
    }
    const QString bench = m_bench->currentData().toString();
    for (const TestDefinition &t : tests.value()) {
        if (t.bench == bench)
            m_test->addItem(QStringLiteral("%1 — %2").arg(t.code, t.name), t.code);
    }
}

WorklistFilter WorklistFilterBar::filter(qint64 nowMs) const
{
    WorklistFilter f;
    f.bench = m_bench->currentData().toString();
    f.status = m_status->currentData().toString();
    f.priority = m_priority->currentData().toString();
    f.testCode = m_test->currentData().toString();
    if (const int hours = m_window->currentData().toInt(); hours > 0)
        f.receivedFromMs = nowMs - hours * HourMs;
    return f;
}

QString WorklistFilterBar::benchName() const
{
    return m_bench->currentText();
}

void WorklistFilterBar::setBench(const QString &code)
{
    if (const int i = m_bench->findData(code); i >= 0)
        m_bench->setCurrentIndex(i);
}

} // namespace benchside
