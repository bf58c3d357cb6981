// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "catalog/catalog.h"
#include "specimen/specimen.h"

#include <QDialog>
#include <optional>

class QButtonGroup;
class QComboBox;
class QDateEdit;
class QDateTimeEdit;
class QKeyEvent;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace benchside {

class Lab;

// The accession form: patient, specimen, priority and ordered tests for one new tube. Saving
// writes one specimen.accessioned event through the Accessioner; a refusal is shown in the form
// with everything the user typed kept, so it can be corrected and saved again.
class AccessionDialog : public QDialog
{
    Q_OBJECT
public:
    AccessionDialog(Lab &lab, const QString &actor, const QString &barcode = {}, QWidget *parent = nullptr);

    std::optional<Specimen> accessioned() const; // set after a successful save (dialog accepted)
    // The saved specimen got a new number, not yet on any tube (no pre-printed label was given).
    bool numberAssigned() const;

public slots:
    void accept() override;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildTube();
    QWidget *buildPatient();
    QWidget *buildSpecimen();
    QWidget *buildTests();
    void setTabOrderChain();
    void barcodeEdited();
    void mrnEdited();
    void specimenTypeChanged();
    void applyTestFilter();
    void testItemChanged(QTreeWidgetItem *item);
    void updateContainerDefault();
    void updateTestSummary();
    QStringList chosenTests() const;
    bool dateKeyPress(QDateTimeEdit *edit, const QKeyEvent *key);
    void showError(const QString &text);

    Lab &m_lab;
    QString m_actor;
    std::optional<Specimen> m_accessioned;
    QList<TestDefinition> m_tests;
    QStringList m_checked; // in the order the user ticked them
    bool m_containerChosen = false;
    bool m_patientKnown = false;
    Patient m_typedPatient; // what the user typed before a known MRN filled the fields

    QLineEdit *m_barcode = nullptr;
    QLabel *m_barcodeHint = nullptr;
    QLineEdit *m_mrn = nullptr;
    QLabel *m_patientNote = nullptr;
    QLineEdit *m_name = nullptr;
    QDateEdit *m_birthDate = nullptr;
    QComboBox *m_sex = nullptr;
    QComboBox *m_type = nullptr;
    QComboBox *m_container = nullptr;
    QDateTimeEdit *m_collectedAt = nullptr;
    QLineEdit *m_collector = nullptr;
    QButtonGroup *m_priority = nullptr;
    QLineEdit *m_testFilter = nullptr;
    QTreeWidget *m_testTree = nullptr;
    QLabel *m_testSummary = nullptr;
    QLabel *m_message = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace benchside
