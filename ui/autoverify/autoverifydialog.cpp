// SPDX-License-Identifier: GPL-3.0-or-later
#include "autoverify/autoverifydialog.h"

#include "autoverify/autoverifyservice.h"
#include "autoverify/autoverifytrial.h"
#include "lab/lab.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

namespace benchside {

namespace {
QDoubleSpinBox *spinBox(QWidget *parent, const char *name, double min, double max, int decimals)
{
    auto *box = new QDoubleSpinBox(parent);
    box->setObjectName(QLatin1String(name));
    box->setRange(min, max);
    box->setDecimals(decimals);
    return box;
}
} // namespace

AutoverifyDialog::AutoverifyDialog(Lab &lab, QString actor, QWidget *parent)
    : QDialog(parent), m_lab(lab), m_actor(std::move(actor))
{
    setObjectName(QStringLiteral("autoverifyDialog"));
    setWindowTitle(tr("Autoverification rules"));

    m_test = new QComboBox(this);
    m_test->setObjectName(QStringLiteral("autoverifyTest"));
    m_description = new QLabel(this);
    m_description->setObjectName(QStringLiteral("autoverifyDescription"));
    m_description->setWordWrap(true);
    m_description->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_json = new QPlainTextEdit(this);
    m_json->setObjectName(QStringLiteral("autoverifyJson"));
    m_json->setReadOnly(true);
    m_json->setMaximumHeight(90);

    m_enabled = new QCheckBox(tr("&Release results by these rules"), this);
    m_enabled->setObjectName(QStringLiteral("autoverifyEnabled"));
    m_useLimits = new QRadioButton(tr("Within &limits of their own:"), this);
    m_useLimits->setObjectName(QStringLiteral("autoverifyUseLimits"));
    m_useWiden = new QRadioButton(tr("Within the reference range &widened by:"), this);
    m_useWiden->setObjectName(QStringLiteral("autoverifyUseWiden"));
    m_low = spinBox(this, "autoverifyLow", -1e9, 1e9, 3);
    m_high = spinBox(this, "autoverifyHigh", -1e9, 1e9, 3);
    m_widen = spinBox(this, "autoverifyWiden", 0, 50, 1);
    m_widen->setSuffix(QStringLiteral(" %"));
    m_widen->setToolTip(tr("A share of the reference range's width added below and above it; 0 is the "
                           "range itself."));
    m_useDelta = new QCheckBox(tr("&Delta limit:"), this);
    m_useDelta->setObjectName(QStringLiteral("autoverifyUseDelta"));
    m_useDelta->setToolTip(tr("The largest change from the patient's previous value that is released, "
                              "stricter than the test's own delta check."));
    m_delta = spinBox(this, "autoverifyDelta", 0.001, 1e9, 3);
    m_qcMaxAge = spinBox(this, "autoverifyQcMaxAge", 0.1, 24 * 7, 1);
    m_qcMaxAge->setSuffix(tr(" h"));
    const QString indexNames[3]{tr("&Hemolysis"), tr("L&ipemia"), tr("I&cterus")};
    static const char *const indexObjects[3]{"autoverifyHemolysis", "autoverifyLipemia", "autoverifyIcterus"};
    auto *indices = new QHBoxLayout;
    for (int i = 0; i < 3; ++i) {
        m_useIndex[i] = new QCheckBox(indexNames[i], this);
        m_useIndex[i]->setObjectName(QLatin1String(indexObjects[i]) + QStringLiteral("On"));
        m_index[i] = spinBox(this, indexObjects[i], 0, 1e6, 0);
        indices->addWidget(m_useIndex[i]);
        indices->addWidget(m_index[i]);
    }
    indices->addStretch(1);
    for (QCheckBox *box : m_useIndex)
        box->setToolTip(tr("The highest index the analyzer may send with a released result. A limit set "
                           "holds every result whose analyzer sent no such index."));
    m_reason = new QLineEdit(this);
    m_reason->setObjectName(QStringLiteral("autoverifyReason"));
    m_reason->setPlaceholderText(tr("required: why the rules change, e.g. validated on 200 results"));

    auto *limits = new QHBoxLayout;
    limits->addWidget(m_useLimits);
    limits->addWidget(m_low);
    limits->addWidget(new QLabel(QStringLiteral("–"), this));
    limits->addWidget(m_high);
    limits->addStretch(1);
    auto *widen = new QHBoxLayout;
    widen->addWidget(m_useWiden);
    widen->addWidget(m_widen);
    widen->addStretch(1);
    auto *delta = new QHBoxLayout;
    delta->addWidget(m_useDelta);
    delta->addWidget(m_delta);
    delta->addStretch(1);

    auto *editBox = new QGroupBox(tr("Edit"), this);
    auto *form = new QFormLayout(editBox);
    form->addRow(QString(), m_enabled);
    form->addRow(tr("Value:"), limits);
    form->addRow(QString(), widen);
    form->addRow(QString(), delta);
    form->addRow(tr("Last accepted &QC at most:"), m_qcMaxAge);
    form->addRow(tr("Serum index at most:"), indices);
    form->addRow(tr("R&eason:"), m_reason);

    m_try = new QPushButton(tr("&Try on history (%1 days)").arg(TrialDays), this);
    m_try->setObjectName(QStringLiteral("autoverifyTry"));
    m_try->setToolTip(tr("Decides the analyzer results of the last %1 days again by the edited rules, as "
                         "if switched on, and by the rules in force.")
                          .arg(TrialDays));
    m_trial = new QLabel(this);
    m_trial->setObjectName(QStringLiteral("autoverifyTrial"));
    m_trial->setWordWrap(true);
    m_trial->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("autoverifyError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("QLabel { color: #7a0000; }"));
    m_error->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(QStringLiteral("autoverifySave"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AutoverifyDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_try, &QPushButton::clicked, this, &AutoverifyDialog::tryOnHistory);

    auto *pick = new QFormLayout;
    pick->addRow(tr("T&est:"), m_test);
    auto *trial = new QHBoxLayout;
    trial->addWidget(m_try);
    trial->addWidget(m_trial, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(pick);
    layout->addWidget(new QLabel(tr("<b>In force</b>"), this));
    layout->addWidget(m_description);
    layout->addWidget(m_json);
    layout->addWidget(editBox);
    layout->addLayout(trial);
    layout->addWidget(m_error);
    layout->addWidget(buttons);

    for (QAbstractButton *b : std::initializer_list<QAbstractButton *>{
             m_enabled, m_useLimits, m_useWiden, m_useDelta, m_useIndex[0], m_useIndex[1], m_useIndex[2]})
        connect(b, &QAbstractButton::toggled, this, &AutoverifyDialog::updateEnabled);

    if (const Result<QList<TestDefinition>> tests = m_lab.catalog().tests(); !tests) {
        showError(tests.error());
    } else {
        for (const TestDefinition &t : tests.value()) {
            if (t.resultType == QLatin1String("numeric"))
                m_test->addItem(QStringLiteral("%1 — %2").arg(t.code, t.name), t.code);
        }
    }
    connect(m_test, &QComboBox::currentIndexChanged, this, &AutoverifyDialog::showTest);
    showTest();
}

bool AutoverifyDialog::selectTest(const QString &test)
{
    const int index = m_test->findData(test);
    if (index < 0)
        return false;
    m_test->setCurrentIndex(index);
    return true;
}

void AutoverifyDialog::showTest()
{
    m_error->hide();
    m_trial->clear();
    const QString test = m_test->currentData().toString();
    m_current = AutoverifyRules{};
    m_current.test = test;
    if (!test.isEmpty()) {
        Result<AutoverifyRules> r =
            AutoverifyService(m_lab.store(), m_lab.catalog(), m_lab.permissions()).rules(test);
        if (r)
            m_current = r.value();
        else
            showError(r.error());
    }
    const QString unit =
        test.isEmpty() ? QString() : m_lab.catalog().test(test).value_or(TestDefinition{}).unit;
    for (QDoubleSpinBox *box : {m_low, m_high, m_delta})
        box->setSuffix(unit.isEmpty() ? QString() : QLatin1Char(' ') + unit);
    m_description->setText(test.isEmpty() ? tr("No numeric test in the catalogue.") : m_current.describe());
    m_json->setPlainText(
        QString::fromUtf8(QJsonDocument(m_current.toJson()).toJson(QJsonDocument::Indented)).trimmed());
    showRules(m_current);
}

void AutoverifyDialog::showRules(const AutoverifyRules &rules)
{
    m_enabled->setChecked(rules.enabled);
    m_useLimits->setChecked(rules.low.has_value());
    m_useWiden->setChecked(!rules.low.has_value());
    m_low->setValue(rules.low.value_or(0));
    m_high->setValue(rules.high.value_or(0));
    m_widen->setValue(rules.widenPercent);
    m_useDelta->setChecked(rules.deltaLimit.has_value());
    m_delta->setValue(rules.deltaLimit.value_or(1));
    m_qcMaxAge->setValue(rules.qcMaxAgeHours);
    const std::optional<double> indices[3]{rules.hemolysisMax, rules.lipemiaMax, rules.icterusMax};
    for (int i = 0; i < 3; ++i) {
        m_useIndex[i]->setChecked(indices[i].has_value());
        m_index[i]->setValue(indices[i].value_or(0));
    }
    m_reason->clear();
    updateEnabled();
}

void AutoverifyDialog::updateEnabled()
{
    const bool any = !m_test->currentData().toString().isEmpty();
    m_low->setEnabled(m_useLimits->isChecked());
    m_high->setEnabled(m_useLimits->isChecked());
    m_widen->setEnabled(m_useWiden->isChecked());
    m_delta->setEnabled(m_useDelta->isChecked());
    for (int i = 0; i < 3; ++i)
        m_index[i]->setEnabled(m_useIndex[i]->isChecked());
    m_try->setEnabled(any);
    m_save->setEnabled(any);
}

Result<AutoverifyRules> AutoverifyDialog::edited() const
{
    AutoverifyRules r = m_current;
    r.enabled = m_enabled->isChecked();
    if (m_useLimits->isChecked()) {
        r.low = m_low->value();
        r.high = m_high->value();
        r.widenPercent = 0;
    } else {
        r.low.reset();
        r.high.reset();
        r.widenPercent = m_widen->value();
    }
    r.deltaLimit = m_useDelta->isChecked() ? std::optional<double>(m_delta->value()) : std::nullopt;
    r.qcMaxAgeHours = m_qcMaxAge->value();
    std::optional<double> indices[3];
    for (int i = 0; i < 3; ++i) {
        if (m_useIndex[i]->isChecked())
            indices[i] = m_index[i]->value();
    }
    r.hemolysisMax = indices[0];
    r.lipemiaMax = indices[1];
    r.icterusMax = indices[2];
    if (Result<AutoverifyRules> valid = AutoverifyRules::fromJson(r.test, r.toJson()); !valid)
        return valid;
    return r;
}

void AutoverifyDialog::tryOnHistory()
{
    m_error->hide();
    m_trial->clear();
    Result<AutoverifyRules> proposed = edited();
    if (!proposed) {
        showError(proposed.error());
        return;
    }
    AutoverifyRules candidate = proposed.value();
    candidate.enabled = true; // rules that are off would only say they release nothing
    const Result<AutoverifyTrial::Outcome> o =
        AutoverifyTrial(m_lab.database().connection())
            .run(m_current, candidate, TrialDays, QDateTime::currentMSecsSinceEpoch());
    if (!o) {
        showError(o.error());
        return;
    }
    QString text = tr("%1 analyzer results in %2 days: would release %3, hold %4; %5 decided differently.")
                       .arg(o.value().results)
                       .arg(TrialDays)
                       .arg(o.value().wouldRelease)
                       .arg(o.value().wouldHold)
                       .arg(o.value().changed.size());
    QStringList changed;
    for (const AutoverifyTrial::Change &c : o.value().changed)
        changed << (c.releasedThen ? tr("%1 (%2): now released").arg(c.orderId, c.value)
                                   : tr("%1 (%2): now held — %3").arg(c.orderId, c.value, c.reason));
    if (!changed.isEmpty())
        text += QLatin1Char('\n') + changed.join(QLatin1Char('\n'));
    m_trial->setText(text);
}

void AutoverifyDialog::save()
{
    m_error->hide();
    Result<AutoverifyRules> rules = edited();
    if (!rules) {
        showError(rules.error());
        return;
    }
    if (m_reason->text().trimmed().isEmpty()) {
        showError(tr("Say why the rules change: the reason is kept with the new version."));
        m_reason->setFocus();
        return;
    }
    AutoverifyService service(m_lab.store(), m_lab.catalog(), m_lab.permissions());
    if (Result<Event> e = service.set(rules.value(), m_reason->text().trimmed(), m_actor); !e) {
        showError(e.error());
        return;
    }
    const Result<AutoverifyRules> now = service.rules(rules.value().test);
    m_saved = now ? now.value() : rules.value();
    accept();
}

void AutoverifyDialog::showError(const QString &text)
{
    m_error->setText(text);
    m_error->show();
}

} // namespace benchside
